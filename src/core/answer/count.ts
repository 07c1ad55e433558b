/**
 * Counting: a how-many question is answered only by a sentence that gives a figure and names the thing counted
 * and any specific place of the question.
 */
import type { IndexedSection } from '../search.js';
import { words } from '../text/tokenize.js';
import type { ContentGroup } from './content.js';
import { CLASSIFIERS, INTENT_EVIDENCE, NOT_ASKING_BEFORE_JI, type Intent } from './intent.js';
import { occurs } from './match.js';
import { HOME_PLACES } from './places.js';
import { sentencesAbout, sentencesOf } from './sentences.js';
import { indicatorTableOf } from './table-rows.js';


function isSpecificPlace(g: ContentGroup): boolean {
  const first = g.alternatives[0] ?? '';
  if (!/^\p{Script=Han}{2,}$/u.test(first) || g.alternatives.some((a) => HOME_PLACES.has(a))) return false;
  const tagged = words(first);
  // jieba tags some bodies as places (海关): a place names no institution.
  return tagged.length === 1 && tagged[0]?.tag === 'ns' && !/[关局署厅会院所处部委]$/u.test(first);
}

/** The head noun a how-many question counts: the last noun before the verb, in English or in Chinese. */
export function countedNoun(question: string, folded: string): { english?: string; chinese?: string } {
  const english = /\bhow many ([a-z][a-z' -]*)/i
    .exec(question)?.[1]
    ?.toLowerCase()
    // The noun phrase ends at the verb: an auxiliary, a preposition, a past form ("people attended the forum" counts people).
    .split(/\b(?:did|does|do|were|was|are|is|has|have|had|will|would|can|could|in|on|at|of|from|for|during|since|by|there|that|which|who|[a-z]+ed|attend|attends|come|came|visit|visits|take|took|join|joins|sign|go|went|get|got|win|won|receive|took part|set up)\b/)[0]
    ?.trim()
    .split(/[\s-]+/)
    .at(-1);
  // In a Chinese question the noun ends at a space: the folded question carries the glossary's words after the question.
  const end = /\p{Script=Han}/u.test(question) ? '\\s' : '';
  const after = new RegExp(`(?:多少|(?<![${NOT_ASKING_BEFORE_JI}])几)(?:${CLASSIFIERS})?\\s*([^?？，。,${end}]*)`, 'u').exec(folded)?.[1] ?? '';
  let chinese: string | undefined;
  // Two questions run together ("目标是多少 实际完成多少", spaces folded away): what follows the first 多少 is the
  // second's subject, not what the first counts.
  const second = /多少|几/.test(after);
  for (const { word, tag } of second ? [] : words(after)) {
    // A verb before the first noun modifies it (多少宗侵犯商业秘密案件 counts 案件); after one, it is the predicate.
    if (chinese === undefined && /^v$/.test(tag)) continue;
    if (!/^(n|nz|nt|nr|ns|vn|j)/.test(tag) || !/\p{Script=Han}/u.test(word)) break;
    chinese = word;
  }
  return { ...(english ? { english } : {}), ...(chinese ? { chinese } : {}) };
}

/**
 * What a counting sentence must name: the counted noun's group (unless it counts people or times, which the
 * documents count with 人/名/次 whatever the noun) and every specific place of the question.
 */
export function countedGroups(question: string, folded: string, groups: ContentGroup[]): { noun: ContentGroup | undefined; places: ContentGroup[] } {
  const { english, chinese } = countedNoun(question, folded);
  const people = /^(people|persons?|times|hongkongers|residents|participants|attendees)$/;
  const noun = groups.find(
    (g) =>
      (english !== undefined && !people.test(english) && new RegExp(`\\b${english.replace(/s$/, '')}`).test(g.surface.toLowerCase())) ||
      (chinese !== undefined && !/^(人|人员|人数|次)$/.test(chinese) && g.alternatives.some((a) => a === chinese || a.endsWith(chinese))),
  );
  // A place the asker names only of themselves (我係佛山做家具嘅) is not where the count is asked.
  const places = groups.filter((g) => g !== noun && !g.selfDescribed && isSpecificPlace(g));
  // An everyday word ("items" → 项目) is too loose a translation to insist on.
  return { noun: noun && !noun.absent && !noun.general ? noun : undefined, places };
}

const TABLE_FIGURE = /(名|人|件|项|个|宗|家|份|次|届|所|座|条|位|支|类|%|元)\s*\d/;

/** Whether a text gives a figure with a unit; an ordinal (第八届) counts nothing, unless in the unit asked (第几届). */
export function givesFigure(text: string, intent: Intent): boolean {
  return INTENT_EVIDENCE.count.test(text) || (intent.evidence?.test(text) ?? false);
}

/** Whether some sentence of the passage gives the count asked for and names every required group. */
export function countsThing(entry: IndexedSection, intent: Intent, required: ContentGroup[], years: readonly number[] = []): boolean {
  if (required.length === 0 && years.length === 0) return true;
  // Any figure with a unit will do here (the unit asked for only ranks sentences); a table gives the unit first (个 100 54).
  const figure = (text: string) => givesFigure(text, intent) || TABLE_FIGURE.test(text);
  // What is counted may be named in the sentence before the figure ("…亚洲知识产权营商论坛。超过2,400位…参加").
  const sentences = sentencesOf(entry).map((s) => s.folded);
  return sentences.some(
    (folded, i) =>
      figure(folded) && required.every((g) => g.alternatives.some((a) => occurs(folded, a) || occurs(sentences[i - 1] ?? '', a))) && ofYears(folded, years),
  );
}

/**
 * Whether the passage gives a figure (in the unit asked, or money) in a paragraph that speaks of the group — the
 * question's most specific word: the seizures of four joint operations are no figure of the 雷公 operation told in
 * the next paragraph without one. A table (its lines are cells, not paragraphs) passes.
 */
export function figureBeside(entry: IndexedSection, group: ContentGroup, asked: Intent | RegExp, askedWords: readonly string[]): boolean {
  if (indicatorTableOf(entry)) return true;
  // 一 with a unit is mostly an article (一宗涉嫌…案件, "a case"); a count only of something asked (一名联络员).
  const withoutArticles = (s: string) =>
    s.replace(ARTICLE, (m, after: string) => (askedWords.some((a) => after.startsWith(a)) ? m : ''));
  const figure = (s: string) =>
    asked instanceof RegExp ? asked.test(s) : givesFigure(withoutArticles(s), asked) || TABLE_FIGURE.test(s);
  return sentencesAbout(entry, group).some(figure);
}

const ARTICLE = /(?<![\d一二两三四五六七八九十百千万第])一[宗个项家件名位份所](\p{Script=Han}{1,6})/gu;

/**
 * Whether a sentence's figure may be for one of the years asked about: it names one of them (or a period holding
 * one), or it names no year and takes the passage's. "较2015年末增长227.2%" is no figure for 2025.
 */
function ofYears(sentence: string, years: readonly number[]): boolean {
  if (years.length === 0) return true;
  const named = [...sentence.matchAll(/(?<!\d)((?:19|20)\d\d)(?!\d)/g)].map((m) => Number(m[1]));
  if (named.length === 0) return true;
  const [from, to] = [Math.min(...named), Math.max(...named)];
  return years.some((y) => named.includes(y) || (named.length === 2 && from <= y && y <= to));
}

/**
 * The side a figure question asks about, when it names one as a side (粤方, 港方, "the HK side"; a body such as 香港海关
 * acts for both sides, as in the intelligence they exchanged): the documents report joint operations side by side
 * ("港方共查获14宗案件…总值约港币1,388万元。粤方海关共查获侵权货物60余万件"), so the Hong Kong side's value is no
 * answer to what the Guangdong side seized.
 */
export type Side = 'guangdong' | 'hongkong';

const SIDE_WORDS: Record<Side, { named: RegExp; english: RegExp; body: RegExp; sentence: RegExp }> = {
  guangdong: {
    named: /粤方|广东方面|内地方面/,
    english: /\b(mainland|gd|guangdong|chinese|china) (side|customs|police)\b/i,
    body: /广东分署|廣東分署|海关总署|海關總署|广东海关|廣東海關|公安厅|公安廳/,
    sentence: /粤方|广东|内地/,
  },
  hongkong: {
    named: /港方|香港方面/,
    english: /\b(hk|hong kong) (side|customs|police)\b/i,
    body: /香港海关|香港海關/,
    sentence: /港方|香港/,
  },
};

function otherSide(side: Side): Side {
  return side === 'guangdong' ? 'hongkong' : 'guangdong';
}

/** The one side a question names as a side; none when it also names the other side or a body of it (香港海关与广东分署). */
export function sideAsked(question: string, folded: string): Side | undefined {
  const sides = Object.keys(SIDE_WORDS) as Side[];
  const named = sides.filter((side) => SIDE_WORDS[side].named.test(folded) || SIDE_WORDS[side].english.test(question));
  if (named.length !== 1) return undefined;
  const [side] = named as [Side];
  return SIDE_WORDS[otherSide(side)].body.test(question) ? undefined : side;
}

/**
 * Whether a sentence of the passage gives a figure (of the form asked) and names the side asked for ("港方共查获…，
 * 总值约港币1,388万元"; "粤方海关共查获…").
 */
export function countsForSide(entry: IndexedSection, side: Side, figure: RegExp): boolean {
  return sentencesOf(entry).some(({ folded }) => figure.test(folded) && SIDE_WORDS[side].sentence.test(folded));
}

/**
 * Sentences that report only the other side's figures ("港方共查获14宗案件…" when the Guangdong side is asked): quoting
 * one would put the other side's figure first.
 */
export function otherSideOnly(side: Side): (sentence: string) => boolean {
  const other = SIDE_WORDS[otherSide(side)];
  const own = SIDE_WORDS[side];
  return (sentence) => (other.named.test(sentence) || other.body.test(sentence)) && !own.named.test(sentence) && !own.body.test(sentence);
}

/** "Only", "alone" (单独, 淨係, 仅): the question asks one part of a total. */
const ALONE_ZH = /单独|单单|净是|仅仅|光是|只计/;
const ALONE_EN = /\b(alone|only|solely|separately|by itself|by themselves)\b/i;

export function asksPartAlone(question: string, folded: string): boolean {
  return ALONE_ZH.test(folded) || ALONE_EN.test(question);
}

/**
 * Whether one sentence gives a figure beside every specific word of the question: a part asked alone (净是商标质押融资,
 * 里约奥运相关的…单独) is not answered by a total given a sentence after the part is named.
 */
export function countsPart(entry: IndexedSection, required: ContentGroup[], figure: RegExp): boolean {
  return sentencesOf(entry).some(({ folded }) => figure.test(folded) && required.every((g) => g.alternatives.some((a) => occurs(folded, a))));
}

/**
 * Figures the question itself gives of a whole it asks a part of: "26个代表里面有多少个是学生", "9个奖项中有几个是一等奖",
 * "of the 282 projects how many…". The asker has read the whole; only another figure can answer.
 */
export function statedWholes(question: string, folded: string): number[] {
  const out: number[] = [];
  for (const m of folded.matchAll(/(\d+)\s*(?:个|名|位|项|件|份|宗|家|所|间)[\p{Script=Han}]{0,6}?(?:之中|当中|里面|里头|中|里|内)/gu)) out.push(Number(m[1]));
  for (const m of question.matchAll(/\b(?:of|out of|among)\s+(?:the|those|these|its|their)?\s*(\d+)\b/gi)) out.push(Number(m[1]));
  // "of the 2015-16 agreement" names a year, not a whole.
  return out.filter((n) => n < 1900 || n > 2100);
}

/**
 * Every figure with a unit the question itself gives ("那600个服务站现在建好了多少个", "78件情报里面有几件破了案"): the asker
 * has it already, so a passage whose only figures are these does not answer how many.
 */
export function statedFigures(folded: string): number[] {
  return countFigures(folded).filter((n) => n < 1900 || n > 2100);
}

/** Whether a sentence of the passage gives a count other than the figures the question states. */
export function countsOtherThan(entry: IndexedSection, stated: readonly number[]): boolean {
  return sentencesOf(entry).some(({ folded }) => countFigures(folded).some((n) => !stated.includes(n)));
}

const COUNT_FIGURE = new RegExp(`(\\d[\\d,]*)\\s*(?:余|多)?\\s*(?:万|亿)?\\s*(?:${CLASSIFIERS})`, 'g');

/** The numbers a text counts with a unit (1,388宗 → 1388; 60余万件 → 60). */
function countFigures(text: string): number[] {
  return [...text.matchAll(COUNT_FIGURE)].map((m) => Number(m[1]!.replace(/,/g, '')));
}

/** Whether a sentence of the passage counts the part (`part`'s words beside a figure) with a figure other than the whole's. */
export function countsPartOfWhole(entry: IndexedSection, wholes: readonly number[], part: readonly string[]): boolean {
  return sentencesOf(entry).some(
    ({ folded }) =>
      part.some((a) => occurs(folded, a)) && countFigures(folded).some((n) => !wholes.includes(n)),
  );
}

/** "2020年一年", "2016年全年", "in 2020 alone": a figure for one year, not a total over several. */
export function asksOneYear(question: string, folded: string): boolean {
  return /(\d{4})\s*年?\s*(一年|全年|单年|一整年)/.test(folded) || /\b(19|20)\d\d\b[^?]{0,12}\balone\b|\bin (19|20)\d\d (only|alone)\b|\b(whole|full|single) year\b/i.test(question);
}

/** A total over years: 累计, "十三五" period totals, 2016至2020年, 年均 (a yearly average is no year's figure). */
const PERIOD_TOTAL = /累计|以来|期间|时期|年均|十三五|(19|20)\d\d\s*年?\s*[至到—–-]\s*(19|20)?\d\d/;

/**
 * Whether the passage gives a figure of the question's content that is not a total over a period: "PCT国际专利申请量
 * 累计达…" sums five years, so it does not say how many in 2020 alone.
 */
export function countsOneYear(entry: IndexedSection, groups: ContentGroup[], figure: RegExp): boolean {
  const specific = groups.filter((g) => g.anchor);
  return sentencesOf(entry).some(({ folded }) => figure.test(folded) && !PERIOD_TOTAL.test(folded) && (specific.length === 0 || specific.some((g) => g.alternatives.some((a) => occurs(folded, a)))));
}

/** Months counted from year 0: 2016年7月 is 2016 × 12 + 6. */
type MonthSpan = readonly [first: number, last: number];

const month = (year: string | number, m: string | number) => Number(year) * 12 + Number(m) - 1;
const HALF_OR_QUARTER: Record<string, readonly [number, number]> = {
  上半年: [1, 6], 下半年: [7, 12], 全年: [1, 12], 一整年: [1, 12], 整年: [1, 12],
  第一季度: [1, 3], 第二季度: [4, 6], 第三季度: [7, 9], 第四季度: [10, 12], 一季度: [1, 3], 二季度: [4, 6], 三季度: [7, 9], 四季度: [10, 12],
};
const ENGLISH_PART: Array<[RegExp, readonly [number, number]]> = [
  [/\b(first half|h1)\b/, [1, 6]],
  [/\b(second half|h2)\b/, [7, 12]],
  [/\b(whole|full|all|calendar)( of| year)?\b/, [1, 12]],
];

/**
 * The months a figure is asked for when the question sets them within a year: a half (2017年下半年, "second half of
 * 2017"), a quarter, or the calendar year said as such (2016年全年). A bare year is left to the year checks: reports
 * run from July to June, and "2016年…" often means the report's year.
 */
export function askedMonths(question: string, folded: string): MonthSpan | undefined {
  const chinese = /((?:19|20)\d\d)\s*年?\s*(上半年|下半年|全年|一整年|整年|第?[一二三四]季度)/.exec(folded);
  if (chinese) {
    const [from, to] = HALF_OR_QUARTER[chinese[2]!]!;
    return [month(chinese[1]!, from), month(chinese[1]!, to)];
  }
  const lower = question.toLowerCase();
  const year = /\b((?:19|20)\d\d)\b/.exec(lower)?.[1];
  if (!year) return undefined;
  for (const [pattern, [from, to]] of ENGLISH_PART) {
    if (new RegExp(`${pattern.source}[^.?!]{0,12}\\b${year}\\b|\\b${year}\\s+${pattern.source}`).test(lower)) return [month(year, from), month(year, to)];
  }
  return undefined;
}

/** A period to the month: 2016年7月至2017年6月, 2016年7月—12月. */
const MONTH_PERIOD = /((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(?:至|到|[-—–~])\s*(?:((?:19|20)\d\d)\s*年\s*)?(\d{1,2})\s*月/g;

/**
 * Whether the passage's figures may be for the months asked: it states no period to the month, or one that holds
 * them. A report on July 2016 to June 2017 gives no figure for the second half of 2017, nor for 2016 as a whole.
 */
export function coversMonths(entry: IndexedSection, [first, last]: MonthSpan): boolean {
  const periods = [...`${entry.foldedHeading} ${entry.foldedText}`.matchAll(MONTH_PERIOD)].map((m) => [month(m[1]!, m[2]!), month(m[3] ?? m[1]!, m[4]!)] as const);
  return periods.length === 0 || periods.some(([from, to]) => from <= first && last <= to);
}
