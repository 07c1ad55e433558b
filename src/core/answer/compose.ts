/**
 * Reply composition: an answer (heading, quote, citation, caveats, sources) or a reply that quotes nothing
 * (small talk, "not in my documents"), in the asker's language and script.
 */
import { citation } from '../citation.js';
import type { Answer, AnswerSource } from '../engine.js';
import { formatRow, type IndicatorTable } from '../knowledge/table.js';
import type { DocumentMeta } from '../knowledge/types.js';
import type { IndexedSection } from '../search.js';
import { renderPlain, type Block } from '../reply.js';
import { EMPTY_GLOSSARY, type Glossary } from '../text/fold.js';
import { toScript, toSimplified } from '../text/script.js';
import { TOPICS } from '../topics.js';
import { TOPIC_IDS, type Lang, type Localized } from '../types.js';
import type { SmallTalkKind } from './clean.js';
import type { Intent } from './intent.js';
import { bigrams, leadFor, overlap } from './lead.js';
import type { Ranked } from './rank.js';
import { splitSentences } from './sentences.js';
import { indicatorTableOf } from './table-rows.js';

const MAX_SOURCES = 5;
const FEE_OR_DEADLINE = /费|收费|价钱|多少钱|截止|期限|报名|deadline|fee/;

const UI = {
  outOfScope: {
    'zh-Hant': '抱歉，我的文件沒有涵蓋這個問題，我不想給你不準確的答案。',
    'zh-Hans': '抱歉，我的文件没有涵盖这个问题，我不想给你不准确的答案。',
    en: "Sorry — my documents don't cover that, and I'd rather not guess.",
  },
  /** A live fact (the next event, whether something still holds, an outcome after a document's year). */
  notYetKnown: {
    'zh-Hant': (year: string) => `抱歉，我的文件只講到它們發表的時候（最新的是${year}年），說不準現在的情況或之後的安排，我不想給你不準確的答案。`,
    'zh-Hans': (year: string) => `抱歉，我的文件只讲到它们发表的时候（最新的是${year}年），说不准现在的情况或之后的安排，我不想给你不准确的答案。`,
    en: (year: string) => `Sorry — my documents only go up to when they were published (the latest in ${year}), so they can't say what holds now or what comes next, and I'd rather not guess.`,
  },
  topicsIntro: {
    'zh-Hant': '我可以根據粵港知識產權合作的官方文件回答以下主題的問題：',
    'zh-Hans': '我可以根据粤港知识产权合作的官方文件回答以下主题的问题：',
    en: 'I answer questions from official documents on Guangdong–Hong Kong intellectual-property co-operation, about:',
  },
  covers: {
    'zh-Hant': (topics: string) => `我只根據粵港知識產權合作的官方文件回答：${topics}。`,
    'zh-Hans': (topics: string) => `我只根据粤港知识产权合作的官方文件回答：${topics}。`,
    en: (topics: string) => `I answer only from official Guangdong–Hong Kong IP co-operation documents, on: ${topics}.`,
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
  inChinese: {
    'zh-Hant': '',
    'zh-Hans': '',
    en: 'The document says (quoted in Chinese):',
  },
  oldSource: {
    'zh-Hant': (year: string, kind: string) => `${year}年的${kind}，情況或已改變。`,
    'zh-Hans': (year: string, kind: string) => `${year}年的${kind}，情况或已改变。`,
    en: (year: string, kind: string) => `From a ${year} ${kind}; things may have changed.`,
  },
  kind: {
    'zh-Hant': { agreement: '協議', 'progress-report': '進展報告', 'press-release': '新聞公報', plan: '規劃', note: '文件' },
    'zh-Hans': { agreement: '协议', 'progress-report': '进展报告', 'press-release': '新闻公报', plan: '规划', note: '文件' },
    en: { agreement: 'agreement', 'progress-report': 'progress report', 'press-release': 'press release', plan: 'plan', note: 'document' },
  },
  checkNotice: {
    'zh-Hant': '日期及費用以最新官方公布為準。',
    'zh-Hans': '日期及费用以最新官方公布为准。',
    en: 'Dates and fees: see the latest official notice.',
  },
  overviewHeading: {
    'zh-Hant': (label: string) => `${label}：文件摘要`,
    'zh-Hans': (label: string) => `${label}：文件摘要`,
    en: (label: string) => `${label}: what the documents say`,
  },
} as const;

function inlineTopics(lang: Lang): string {
  return TOPIC_IDS.map((id) => TOPICS[id].label[lang]).join(lang === 'en' ? ', ' : '、');
}

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

/**
 * The decline. `latestYear` is given when the question asks a live fact the documents cannot know (declined as
 * 'upcoming-date'): the reply says how far the documents go instead of that they do not cover the subject.
 */
export function outOfScope(query: string, lang: Lang, latestYear?: string): Answer {
  const opening = latestYear ? UI.notYetKnown[lang](latestYear) : UI.outOfScope[lang];
  const blocks: Block[] = [{ type: 'text', text: `${opening}${lang === 'en' ? ' ' : ''}${UI.covers[lang](inlineTopics(lang))}` }];
  return { query, answered: false, answer: renderPlain(blocks), lang, sources: [], kind: 'out-of-scope', blocks };
}

function titleIn(doc: DocumentMeta, lang: Lang): string {
  return lang === 'en' ? doc.titleEn || toScript(doc.title, 'zh-Hant') : toScript(doc.title, lang);
}

/**
 * A passage's title, heading and text in a reply script, converted once per passage and script: every answer lists
 * five sources, whole passages, and the same passages come back across questions.
 */
const shownCache = new WeakMap<IndexedSection, Partial<Record<Lang, Pick<AnswerSource, 'title' | 'section' | 'text'>>>>();

function shownIn(entry: IndexedSection, lang: Lang): Pick<AnswerSource, 'title' | 'section' | 'text'> {
  let byLang = shownCache.get(entry);
  if (byLang === undefined) shownCache.set(entry, (byLang = {}));
  return (byLang[lang] ??= {
    title: titleIn(entry.document, lang),
    section: toScript(entry.section.headingPath.join(' › '), lang),
    text: toScript(entry.section.text, lang),
  });
}

function sourceOf(r: Ranked, lang: Lang): AnswerSource {
  const { title, section, text } = shownIn(r.entry, lang);
  return {
    docId: r.entry.document.id,
    sectionId: r.entry.section.id,
    title,
    section,
    date: r.entry.document.date,
    text,
    score: Math.round(r.score * 1000) / 1000,
  };
}

/**
 * At most one ⚠ line: the age of the source and, for dates and fees, where the current ones are. Later
 * developments (`updates.yaml`) join this line rather than adding their own (see `withUpdates`).
 */
function caveat(doc: DocumentMeta, lang: Lang, foldedQuestion: string, intent: Intent, now: Date): Block[] {
  const parts: string[] = [];
  const year = doc.date.slice(0, 4);
  if (/^\d{4}$/.test(year) && now.getFullYear() - Number(year) >= 2) parts.push(UI.oldSource[lang](year, UI.kind[lang][doc.kind] ?? UI.kind[lang].note));
  if (intent.kind === 'when' || FEE_OR_DEADLINE.test(foldedQuestion)) parts.push(UI.checkNotice[lang]);
  return parts.length ? [{ type: 'note', text: parts.join(lang === 'en' ? ' ' : '') }] : [];
}

/** About what a quote may hold: the sentence or two with the fact, on a phone screen. */
export const QUOTE_CHARS = 250;

/**
 * The quote cut to about QUOTE_CHARS: the sentence holding the fact (`key`, else the first), then its
 * neighbours while they fit; a sentence too long by itself is cut around the fact. … marks each cut.
 */
export function shortQuote(quote: string, key?: { sentence: string; at: number }, question = ''): string {
  if (quote.length <= QUOTE_CHARS) return quote;
  // The engine marks a gap between quoted sentences with ……; each piece keeps it as its opening.
  const pieces = splitSentences(quote.replace(/……/g, '\n')).map((p) => p.trim());
  const keyOf = (p: string) => toSimplified(p).replace(/\s/g, '');
  const wanted = key ? keyOf(key.sentence) : '';
  let at = key ? pieces.findIndex((p) => keyOf(p) === wanted || keyOf(p).includes(wanted) || wanted.includes(keyOf(p))) : -1;
  if (at < 0) {
    // No fact span to keep: the sentence sharing most with the question.
    const asked = bigrams(question);
    const scores = pieces.map((p) => overlap(toSimplified(p), asked));
    at = scores.indexOf(Math.max(...scores));
  }
  const main = pieces[at]!;
  if (main.length > QUOTE_CHARS) return cutAround(main, key && keyOf(main).includes(wanted) ? Math.max(0, key.at) : focusOf(main, question));
  let from = at;
  let to = at;
  let length = main.length;
  while (true) {
    const next = pieces[to + 1];
    const previous = pieces[from - 1];
    if (next && length + next.length + 1 <= QUOTE_CHARS) {
      to++;
      length += next.length;
    } else if (previous && length + previous.length + 1 <= QUOTE_CHARS) {
      from--;
      length += previous.length;
    } else break;
  }
  return (from > 0 ? '…' : '') + pieces.slice(from, to + 1).join('') + (to < pieces.length - 1 ? '…' : '');
}

/** Where in a long sentence the question's words cluster: the start of its best-matching stretch. */
function focusOf(sentence: string, question: string): number {
  const asked = bigrams(question);
  const simplified = toSimplified(sentence);
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < simplified.length; i += 20) {
    const score = overlap(simplified.slice(i, i + 120), asked);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  return best;
}

/** A window of about QUOTE_CHARS around position `at`, ending and starting at clause boundaries where it can. */
function cutAround(sentence: string, at: number): string {
  let start = Math.max(0, Math.min(at - 60, sentence.length - QUOTE_CHARS));
  const clause = sentence.lastIndexOf('，', start + 20);
  if (start > 0 && clause > start - 40 && clause < at) start = clause + 1;
  let end = Math.min(sentence.length, start + QUOTE_CHARS - 2);
  const stop = sentence.lastIndexOf('，', end);
  if (end < sentence.length && stop > at + 20 && stop > start + QUOTE_CHARS / 2) end = stop + 1;
  return (start > 0 ? '…' : '') + sentence.slice(start, end) + (end < sentence.length ? '…' : '');
}

/** Table rows in a quote, with their labels (每万人口…：2020年 13.5件 → 2025年目标 20件（预期性）). */
function labelTableRows(quote: string, table: IndicatorTable | undefined, lang: Lang): string | undefined {
  if (!table) return undefined;
  const rows = table.rows.filter((row) => quote.includes(row.line));
  return rows.length ? rows.map((row) => formatRow(row, table, lang)).join('\n') : undefined;
}

/** What an answer is made of: the ranking (best first), the quoted sentences of the best passage and the question. */
export interface AnswerParts {
  query: string;
  lang: Lang;
  ranked: Ranked[];
  /** The best passage's chosen sentences, as the document writes them (converted to the reply script here). */
  quote: string;
  intent: Intent;
  /** The question folded to Simplified (for the date-or-fee caveat and the lead). */
  folded: string;
  now: Date;
  /** Names bodies, programmes and places in English for English askers (none: the Chinese names stay). */
  glossary?: Glossary;
  /** A heading for a topic overview (answers to questions open with their fact instead). */
  heading?: string;
  /** The numbered parts of a whole the question asks to list (listing.ts): their headings are the answer. */
  listing?: { parent: string[]; parts: string[] };
}

/**
 * The answer first: a lead line with the fact (count, date, place, body) built from spans of the quoted
 * sentence, in English for English askers; then a short quote (the Chinese evidence, never translated),
 * one compact source line and at most one ⚠ line.
 */
export function compose({ query, lang, ranked, quote, intent, folded, now, glossary = EMPTY_GLOSSARY, heading, listing }: AnswerParts): Answer {
  const best = ranked[0] as Ranked;
  const doc = best.entry.document;
  if (listing) return composeListing({ query, lang, ranked, intent, folded, now }, listing);
  // A table row says its fact with labels (2020年 13.5件 → 2025年目标 20件); the row as printed stays as the evidence.
  const table = heading ? undefined : labelTableRows(quote, indicatorTableOf(best.entry), lang);
  const lead = table || heading ? undefined : leadFor(quote, intent.kind, folded, glossary);
  const opening: Block[] = heading
    ? [{ type: 'heading', text: heading }]
    : table
      ? [{ type: 'heading', text: table }]
      : lead
        ? [{ type: 'heading', text: lang === 'en' ? lead.en : toScript(lead.zh, lang) }]
        : UI.inChinese[lang]
          ? [{ type: 'text', text: UI.inChinese[lang] }]
          : [];
  const evidence = toScript(shortQuote(quote, lead, folded), lang);
  const blocks: Block[] = [
    ...opening,
    { type: 'quote', text: evidence },
    { type: 'source', text: citation(doc, best.entry.section.headingPath, lang) },
    ...caveat(doc, lang, folded, intent, now),
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

/** A list answer: the whole's heading with the number of parts, then each part's heading, cited to the whole. */
function composeListing(
  { query, lang, ranked, intent, folded, now }: Pick<AnswerParts, 'query' | 'lang' | 'ranked' | 'intent' | 'folded' | 'now'>,
  listing: { parent: string[]; parts: string[] },
): Answer {
  const doc = (ranked[0] as Ranked).entry.document;
  const whole = toScript(listing.parent.at(-1) ?? '', lang);
  const count = listing.parts.length;
  const blocks: Block[] = [
    { type: 'heading', text: lang === 'en' ? `${whole} — ${count} parts (quoted in Chinese):` : `${whole}（共${count}${lang === 'zh-Hans' ? '项' : '項'}）` },
    { type: 'quote', text: listing.parts.map((part) => toScript(part, lang)).join('\n') },
    { type: 'source', text: citation(doc, listing.parent, lang) },
    ...caveat(doc, lang, folded, intent, now),
  ];
  return { query, answered: true, answer: renderPlain(blocks), lang, sources: ranked.slice(0, MAX_SOURCES).map((r) => sourceOf(r, lang)), kind: 'answer', blocks };
}

/** The heading of a topic overview. */
export function overviewHeading(lang: Lang, label: string): string {
  return UI.overviewHeading[lang](label);
}
