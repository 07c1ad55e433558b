/**
 * Reply composition: an answer (heading, quote, citation, caveats, sources) or a reply that quotes nothing
 * (small talk, "not in my documents"), in the asker's language and script.
 */
import type { Answer, AnswerSource } from '../engine.js';
import type { DocumentMeta } from '../knowledge/types.js';
import { renderPlain, type Block } from '../reply.js';
import { toScript } from '../text/script.js';
import { TOPICS } from '../topics.js';
import { TOPIC_IDS, type Lang, type Localized } from '../types.js';
import type { SmallTalkKind } from './clean.js';
import type { Intent } from './intent.js';
import type { Ranked } from './rank.js';

const MAX_SOURCES = 5;
const FEE_OR_DEADLINE = /费|收费|价钱|多少钱|截止|期限|报名|deadline|fee/;

const UI = {
  outOfScope: {
    'zh-Hant': '抱歉，我的文件沒有涵蓋這個問題，我不想給你不準確的答案。',
    'zh-Hans': '抱歉，我的文件没有涵盖这个问题，我不想给你不准确的答案。',
    en: "Sorry — my documents don't cover that, and I'd rather not guess.",
  },
  topicsIntro: {
    'zh-Hant': '我可以根據粵港知識產權合作的官方文件回答以下主題的問題：',
    'zh-Hans': '我可以根据粤港知识产权合作的官方文件回答以下主题的问题：',
    en: 'I answer questions from official documents on Guangdong–Hong Kong intellectual-property co-operation, about:',
  },
  authority: {
    'zh-Hant': '其他知識產權事宜，請向香港知識產權署或國家知識產權局查詢。',
    'zh-Hans': '其他知识产权事宜，请向香港知识产权署或国家知识产权局查询。',
    en: 'For other IP matters, please contact the Hong Kong Intellectual Property Department or CNIPA.',
  },
  greeting: {
    'zh-Hant': '你好！我是 ipbot，粵港知識產權公共服務小助手。',
    'zh-Hans': '你好！我是 ipbot，粤港知识产权公共服务小助手。',
    en: "Hello! I'm ipbot, an assistant for Guangdong–Hong Kong intellectual-property public services.",
  },
  thanks: {
    'zh-Hant': '不用客氣！還有其他問題，隨時問我。',
    'zh-Hans': '不客气！还有其他问题，随时问我。',
    en: "You're welcome! Ask me anything else any time.",
  },
  help: {
    'zh-Hant': 'ipbot 使用說明',
    'zh-Hans': 'ipbot 使用说明',
    en: 'How to use ipbot',
  },
  askHint: {
    'zh-Hant': '用繁體、簡體、廣東話或英文直接問我，例如：「香港考生喺邊度考專利代理人考試？」我會引用文件原文並註明出處。',
    'zh-Hans': '用简体、繁体、粤语或英文直接问我，例如：“香港考生在哪里参加专利代理人考试？”我会引用文件原文并注明出处。',
    en: 'Ask in English, Traditional or Simplified Chinese, or Cantonese — e.g. "Where do Hong Kong candidates sit the patent agent exam?" I quote the documents and cite the source.',
  },
  empty: {
    'zh-Hant': '請輸入你的問題。',
    'zh-Hans': '请输入你的问题。',
    en: 'Please type your question.',
  },
  answerHeading: {
    'zh-Hant': (title: string) => `根據《${title}》：`,
    'zh-Hans': (title: string) => `根据《${title}》：`,
    en: (title: string) => `According to "${title}" (quoted in Chinese):`,
  },
  source: {
    'zh-Hant': (title: string, section: string, date: string) => `出處：《${title}》${section ? ` › ${section}` : ''}（${date}）`,
    'zh-Hans': (title: string, section: string, date: string) => `出处：《${title}》${section ? ` › ${section}` : ''}（${date}）`,
    en: (title: string, section: string, date: string) => `Source: ${title}${section ? ` › ${section}` : ''} (${date})`,
  },
  oldSource: {
    'zh-Hant': (year: string, kind: string) => `以上內容根據${year}年的${kind}，情況或已改變，請以最新官方公布為準。`,
    'zh-Hans': (year: string, kind: string) => `以上内容根据${year}年的${kind}，情况或已改变，请以最新官方公布为准。`,
    en: (year: string, kind: string) => `Based on a ${year} ${kind} — things may have changed; check the latest official notice.`,
  },
  kind: {
    'zh-Hant': { agreement: '協議', 'progress-report': '進展報告', 'press-release': '新聞公報', plan: '規劃', note: '文件' },
    'zh-Hans': { agreement: '协议', 'progress-report': '进展报告', 'press-release': '新闻公报', plan: '规划', note: '文件' },
    en: { agreement: 'agreement', 'progress-report': 'progress report', 'press-release': 'press release', plan: 'plan', note: 'document' },
  },
  checkNotice: {
    'zh-Hant': '日期、費用及截止時間請以最新官方公布為準。',
    'zh-Hans': '日期、费用及截止时间请以最新官方公布为准。',
    en: 'For dates, fees and deadlines, check the latest official notice.',
  },
  overviewHeading: {
    'zh-Hant': (label: string) => `${label}：文件摘要`,
    'zh-Hans': (label: string) => `${label}：文件摘要`,
    en: (label: string) => `${label}: what the documents say`,
  },
} as const;

function topicList(lang: Lang): string {
  return TOPIC_IDS.map((id) => `• ${TOPICS[id].label[lang]}`).join('\n');
}

export function smallTalk(query: string, lang: Lang, kind: SmallTalkKind): Answer {
  const blocks: Block[] = [];
  if (kind === 'thanks') {
    blocks.push({ type: 'text', text: UI.thanks[lang] });
  } else {
    const opening: Localized = kind === 'greeting' ? UI.greeting : kind === 'help' ? UI.help : UI.empty;
    blocks.push({ type: kind === 'help' ? 'heading' : 'text', text: opening[lang] });
    blocks.push({ type: 'text', text: `${UI.topicsIntro[lang]}\n${topicList(lang)}` });
    blocks.push({ type: 'text', text: UI.askHint[lang] });
  }
  return { query, answered: false, answer: renderPlain(blocks), lang, sources: [], kind, blocks };
}

export function outOfScope(query: string, lang: Lang): Answer {
  const blocks: Block[] = [
    { type: 'text', text: UI.outOfScope[lang] },
    { type: 'text', text: `${UI.topicsIntro[lang]}\n${topicList(lang)}` },
    { type: 'text', text: UI.authority[lang] },
  ];
  return { query, answered: false, answer: renderPlain(blocks), lang, sources: [], kind: 'out-of-scope', blocks };
}

function titleIn(doc: DocumentMeta, lang: Lang): string {
  return lang === 'en' ? doc.titleEn || toScript(doc.title, 'zh-Hant') : toScript(doc.title, lang);
}

function sourceOf(r: Ranked, lang: Lang): AnswerSource {
  return {
    docId: r.entry.document.id,
    sectionId: r.entry.section.id,
    title: titleIn(r.entry.document, lang),
    section: toScript(r.entry.section.headingPath.join(' › '), lang),
    date: r.entry.document.date,
    text: toScript(r.entry.section.text, lang),
    score: Math.round(r.score * 1000) / 1000,
  };
}

function caveats(doc: DocumentMeta, lang: Lang, foldedQuestion: string, intent: Intent, now: Date): Block[] {
  const notes: Block[] = [];
  const year = doc.date.slice(0, 4);
  if (/^\d{4}$/.test(year) && now.getFullYear() - Number(year) >= 2) {
    notes.push({ type: 'note', text: UI.oldSource[lang](year, UI.kind[lang][doc.kind] ?? UI.kind[lang].note) });
  }
  if (intent.kind === 'when' || FEE_OR_DEADLINE.test(foldedQuestion)) notes.push({ type: 'note', text: UI.checkNotice[lang] });
  return notes;
}

/** What an answer is made of: the ranking (best first), the quoted sentences of the best passage and the question. */
export interface AnswerParts {
  query: string;
  lang: Lang;
  ranked: Ranked[];
  /** The best passage's chosen sentences, as the document writes them (converted to the reply script here). */
  quote: string;
  intent: Intent;
  /** The question folded to Simplified (for the date-or-fee caveat). */
  folded: string;
  now: Date;
  /** A heading other than "According to <document>" (topic overviews). */
  heading?: string;
}

export function compose({ query, lang, ranked, quote, intent, folded, now, heading }: AnswerParts): Answer {
  const best = ranked[0] as Ranked;
  const doc = best.entry.document;
  const source = sourceOf(best, lang);
  const blocks: Block[] = [
    { type: 'heading', text: heading ?? UI.answerHeading[lang](titleIn(doc, lang)) },
    { type: 'quote', text: toScript(quote, lang) },
    { type: 'source', text: UI.source[lang](source.title, source.section, source.date) },
    ...caveats(doc, lang, folded, intent, now),
  ];
  return {
    query,
    answered: true,
    answer: renderPlain(blocks),
    lang,
    sources: ranked.slice(0, MAX_SOURCES).map((r) => sourceOf(r, lang)),
    kind: 'answer',
    blocks,
  };
}

/** The heading of a topic overview. */
export function overviewHeading(lang: Lang, label: string): string {
  return UI.overviewHeading[lang](label);
}
