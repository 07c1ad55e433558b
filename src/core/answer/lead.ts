/**
 * The answer first: for count, when, where and who questions, one short line stating the fact, built ONLY
 * from spans of the quoted sentence — the figure with its unit and year, the date, the place, the body.
 * Nothing is composed beyond those spans. English askers get the same spans in English: numbers and dates
 * written in English, bodies and programmes by their English names from the glossary, places by their
 * glossary name or, for mainland places, their pinyin.
 */
import { pinyin } from '../text/pinyin.js';
import { splitSentences } from './sentences.js';
import type { Glossary } from '../text/fold.js';
import { toSimplified } from '../text/script.js';
import { words } from '../text/tokenize.js';
import type { IntentKind } from './intent.js';
import { CLASSIFIERS } from './intent.js';
import { HOME_PLACES } from './places.js';

export interface Lead {
  /** The line in Simplified Chinese (the composer converts it to the reply's script). */
  zh: string;
  en: string;
  /** The quoted sentence the spans come from. */
  sentence: string;
  /** Where the first span starts in that sentence (to keep it when the quote is cut). */
  at: number;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DATE = /(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?/g;
/** A figure: number, "more than" (60余万件), scale, unit. */
const FIGURE = new RegExp(String.raw`(\d[\d,]*(?:\.\d+)?)\s*(余|多)?\s*(万|亿)?\s*(${CLASSIFIERS}|%|％|元)`, 'g');

const UNIT_EN: Record<string, string> = {
  名: 'people', 人: 'people', 位: 'people', 件: 'items', 项: 'items', 家: 'organisations', 宗: 'cases', 次: 'times',
  届: 'editions', 所: 'institutions', 份: 'copies', 条: 'items', 类: 'types', 个: '', 座: '', 支: '', 间: '',
};

/** Nouns that make a place a site: 广东 + 考点. */
const SITE = /^(考点|考场|分中心|中心|市场|展馆|会场|基地|园区)$/;
/** A counted noun longer than this runs into the rest of the sentence: the quote says it better. */
const NOUN_CHARS = 8;
const BODY_SUFFIX = /(局|署|厅|委员会|总会|协会|中心|小组|政府|海关|法院|商会)$/;

export function bigrams(s: string): Set<string> {
  const han = s.replace(/[^\p{Script=Han}\d]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < han.length; i++) out.add(han.slice(i, i + 2));
  return out;
}

/** How much of the question a stretch of text shares (bigrams). */
export function overlap(text: string, question: Set<string>): number {
  let n = 0;
  for (const b of bigrams(text)) if (question.has(b)) n++;
  return n;
}

function englishDate(m: RegExpExecArray): string {
  const [, y, mo, d] = m;
  if (d && mo) return `${Number(d)} ${MONTHS[Number(mo) - 1]} ${y}`;
  if (mo) return `${MONTHS[Number(mo) - 1]} ${y}`;
  return y!;
}

/** An English name for a Chinese body, programme or place, from the glossary. */
export function englishName(zh: string, glossary: Glossary): string | undefined {
  const s = toSimplified(zh);
  let best: { name: string; length: number } | undefined;
  for (const term of glossary.terms) {
    for (const search of term.search) {
      if (!s.includes(search) || (best && best.length >= search.length)) continue;
      // Only a name for the whole span (or nearly): 香港知识产权署 is the IPD, 知识产权 alone names no body.
      if (search.length < s.length - 2) continue;
      const asked = term.ask.find((a) => /^[A-Za-z]/.test(a) && a.length > 3) ?? term.ask.find((a) => /^[A-Za-z]/.test(a));
      const name = term.name ?? (asked ? titleCase(asked) : undefined);
      if (name) best = { name, length: search.length };
    }
  }
  return best?.name;
}

function titleCase(s: string): string {
  return s.replace(/\b([a-z])/g, (c) => c.toUpperCase());
}

/** A mainland place in pinyin (东莞市 → Dongguan): its administrative suffix dropped. */
function placeInPinyin(zh: string): string {
  const core = zh.replace(/(特别行政区|自治区|省|市|区|县)$/, '') || zh;
  const syllables = pinyin(core, { toneType: 'none', type: 'array' }) as string[];
  const joined = syllables.join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

function placeInEnglish(zh: string, glossary: Glossary): string {
  return englishName(zh, glossary) ?? (/^(香港|澳门)/.test(zh) ? zh : placeInPinyin(zh));
}

/**
 * What the question says happened, by its last word (…有几个香港考生通过 → 通过, …报名 → 报名): a figure the
 * sentence ties to it is the one asked for. By position, not by tag: jieba tags 通过 a preposition here.
 */
function predicateOf(asked: string): string | undefined {
  const last = words(asked).filter((w) => w.word.length > 1 && /\p{Script=Han}/u.test(w.word)).at(-1);
  return last && !/^(多少|几个|几多|什么|哪些|是否|没有)$/.test(last.word) ? last.word : undefined;
}

function countLead(sentence: string, question: Set<string>, asked: string): Omit<Lead, 'sentence'> | undefined {
  const predicate = predicateOf(asked);
  const valueAsked = /价值|总值|货值|案值|金额|钱/.test(asked);
  let best: { m: RegExpExecArray; score: number } | undefined;
  for (const m of sentence.matchAll(FIGURE)) {
    // Years (2016年) are dates, not counts; a figure is judged by the words around it, and most by whether
    // its own clause says what the question asks happened (5人通过 for "how many passed").
    const around = sentence.slice(Math.max(0, m.index - 6), m.index + m[0].length + 8);
    const clause = sentence.slice(m.index).split(/[，。；,;]/)[0] ?? '';
    // A value asked ("how much were they worth", 总值) is an amount of money, not the count beside it (14宗).
    const money = valueAsked && m[4] === '元' ? 50 : 0;
    const score = overlap(around, question) + (predicate && clause.includes(predicate) ? 100 : 0) + money;
    if (!best || score > best.score) best = { m: m as RegExpExecArray, score };
  }
  if (!best) return undefined;
  const { m } = best;
  const after = sentence.slice(m.index + m[0].length);
  // The counted noun, as the sentence says it (30名 + 香港考生); else the verb that follows (5人 + 通过). A noun
  // phrase that runs on (国家海外知识产权纠纷应对指导中心地方分中心) is left to the quote.
  let noun = '';
  const tagged = words(after.slice(0, 24));
  for (const w of tagged) {
    // A word the asker used is part of what they count, whatever its tag (jieba tags 考生 a verb).
    const nounish = /^(n|ns|nt|nz|nr|j|vn|s|f)/.test(w.tag) || (w.word.length > 1 && asked.includes(w.word));
    if (!nounish || !after.startsWith(noun + w.word)) break;
    noun += w.word;
  }
  // A figure alone says something only with a unit that names what is counted (people, %, yuan).
  const [, number, more, scaleWord, unitWord] = m as unknown as [string, string, string | undefined, string | undefined, string];
  if (noun.length > NOUN_CHARS) {
    if (!/^(名|人|位|%|％|元)$/.test(unitWord)) return undefined;
    noun = '';
  } else if (!noun && tagged[0] && /^v/.test(tagged[0].tag) && after.startsWith(tagged[0].word)) noun = tagged[0].word;
  const year = [...sentence.slice(0, m.index).matchAll(/(\d{4})年/g)].at(-1)?.[1];
  // 港币1,388万元 is Hong Kong dollars: the currency written before the figure stays with it.
  const currency = unitWord === '元' ? /(港币|港元|美元|人民币)\s*约?\s*$/.exec(sentence.slice(Math.max(0, m.index - 5), m.index))?.[1] : undefined;
  const figure = `${currency ?? ''}${number}${more ?? ''}${scaleWord ?? ''}${unitWord}`;
  const zh = `${figure}${noun}${year ? `（${year}年）` : ''}`;
  const unit = unitWord === '%' || unitWord === '％' ? '%' : unitWord === '元' ? (currency === '港币' || currency === '港元' ? ' HK dollars' : currency === '美元' ? ' US dollars' : ' yuan') : UNIT_EN[unitWord] ? ` ${UNIT_EN[unitWord]}` : '';
  const en = `${more ? 'over ' : ''}${englishNumber(number, scaleWord)}${unit}${year ? ` (${year})` : ''}`;
  return { zh, en, at: m.index };
}

/** 60 + 万 → "600,000"; 907.6 + 亿 → "90.76 billion": the scale written out as English counts it. */
function englishNumber(number: string, scaleWord: string | undefined): string {
  const value = Number(number.replace(/,/g, ''));
  if (!scaleWord || !Number.isFinite(value)) return number;
  const whole = value * (scaleWord === '万' ? 1e4 : 1e8);
  if (whole >= 1e9) return `${Number((whole / 1e9).toPrecision(6))} billion`;
  if (whole >= 1e6) return `${Number((whole / 1e6).toPrecision(6))} million`;
  return whole.toLocaleString('en-US');
}

function dateLead(sentence: string, question: Set<string>): Omit<Lead, 'sentence'> | undefined {
  let best: { m: RegExpExecArray; score: number } | undefined;
  for (const m of sentence.matchAll(DATE)) {
    const around = sentence.slice(Math.max(0, m.index - 8), m.index + m[0].length + 12);
    // A fuller date (June 2017 over 2017) says more, then the one nearer the question's words.
    const score = overlap(around, question) + (m[3] ? 2 : m[2] ? 1 : 0);
    if (!best || score > best.score) best = { m: m as RegExpExecArray, score };
  }
  if (!best) return undefined;
  return { zh: best.m[0], en: englishDate(best.m), at: best.m.index };
}

function placeLead(sentence: string, glossary: Glossary): (Omit<Lead, 'sentence'> & { weak?: boolean }) | undefined {
  const tagged = words(sentence);
  const places: Array<{ place: string; site: string; home: boolean; located: boolean; span: string }> = [];
  tagged.forEach((w, i) => {
    if (w.tag !== 'ns' && !HOME_PLACES.has(w.word)) return;
    const next = tagged[i + 1];
    const site = next && SITE.test(next.word) && sentence.includes(w.word + next.word) ? next.word : '';
    // 在粤报名, 赴港, 到广州: where something happens, not whose it is (香港考生).
    const before = tagged[i - 1]?.word ?? '';
    const located = /^(在|于|赴|到|往|前往|落户)$/.test(before);
    // A located place is led with what happens there (在粤报名, not a bare 粤): still one span of the sentence.
    const after = tagged[i + (site ? 2 : 1)];
    const verb = after?.tag.startsWith('v') ? after.word : '';
    const locatedSpan = before + w.word + site + verb;
    const span = located && sentence.includes(locatedSpan) ? locatedSpan : w.word + site;
    places.push({ place: w.word, site, home: HOME_PLACES.has(w.word) && !site, located, span });
  });
  const rank = (p: (typeof places)[number]) => (p.home ? 0 : 2) + (p.located ? 1 : 0);
  const top = Math.max(-1, ...places.map(rank));
  const specific = places.filter((p) => !p.home);
  const chosen = places
    .filter((p) => rank(p) === top)
    .filter((p, i, all) => all.findIndex((q) => q.span === p.span) === i)
    .slice(0, 3);
  if (!chosen.length) return undefined;
  const en = (p: { place: string; site: string }) =>
    placeInEnglish(p.place, glossary) + (p.site ? ` ${(englishName(p.site, glossary) ?? p.site).toLowerCase()}` : '');
  return {
    zh: chosen.map((p) => p.span).join('、'),
    en: chosen.map(en).join(', '),
    at: sentence.indexOf(chosen[0]!.span),
    // Only the places every document is about (Guangdong, Hong Kong): a sentence naming a specific one is better.
    ...(specific.length ? {} : { weak: true }),
  };
}

/** A place before a body's name belongs to it: 广东省 + 工商局. */
const BODY_PREFIX = /(广东省|广东|香港特区政府|香港|国家|省|市)$/;

function bodyLead(sentence: string, glossary: Glossary): Omit<Lead, 'sentence'> | undefined {
  // Bodies the glossary knows, named in the sentence: the longest spelling of each, in order of appearance.
  const found: Array<{ zh: string; at: number; en: string }> = [];
  for (const term of glossary.terms) {
    const spellings = term.search.filter((s) => s.length >= 3 && BODY_SUFFIX.test(s) && sentence.includes(s)).sort((a, b) => b.length - a.length);
    const spelled = spellings[0];
    if (!spelled) continue;
    const at = sentence.indexOf(spelled);
    const prefix = BODY_PREFIX.exec(sentence.slice(Math.max(0, at - 6), at))?.[0] ?? '';
    const zh = spelled.startsWith(prefix) ? spelled : prefix + spelled;
    if (found.some((f) => f.zh.includes(zh) || zh.includes(f.zh))) continue;
    found.push({ zh, at: at - (zh.length - spelled.length), en: englishName(zh, glossary) ?? englishName(spelled, glossary) ?? zh });
  }
  found.sort((a, b) => a.at - b.at);
  const chosen = found.slice(0, 3);
  if (!chosen.length) return undefined;
  return { zh: chosen.map((f) => f.zh).join('、'), en: chosen.map((f) => f.en).join('; '), at: chosen[0]!.at };
}

/**
 * The lead line for a question of this kind, from the quoted sentence that best holds its fact (by the
 * question's words), or undefined when no sentence holds a span of that kind.
 */
export function leadFor(quote: string, kind: IntentKind, foldedQuestion: string, glossary: Glossary): Lead | undefined {
  if (kind === 'other') return undefined;
  const question = bigrams(foldedQuestion);
  const sentences = splitSentences(toSimplified(quote).replace(/……/g, '\n'));
  const candidates = sentences
    .map((sentence) => {
      const lead =
        kind === 'count' ? countLead(sentence, question, toSimplified(foldedQuestion)) : kind === 'when' ? dateLead(sentence, question) : kind === 'where' ? placeLead(sentence, glossary) : bodyLead(sentence, glossary);
      return lead ? { ...lead, sentence, score: overlap(sentence, question) - ('weak' in lead && lead.weak ? 100 : 0) } : undefined;
    })
    .filter((c) => c !== undefined);
  candidates.sort((a, b) => b.score - a.score);
  const best = candidates[0];
  if (!best) return undefined;
  return { zh: best.zh, en: best.en, sentence: best.sentence, at: best.at };
}
