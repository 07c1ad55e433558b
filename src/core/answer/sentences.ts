/**
 * Sentence selection: each sentence of a passage scored by the share of the question's content it holds, the
 * question's own wording, evidence of what is asked (a figure, a date…) and tense; the best are quoted.
 */
import type { IndexedSection } from '../search.js';
import { words } from '../text/tokenize.js';
import { toScript } from '../text/script.js';
import type { ContentGroup } from './content.js';
import { sentenceTense, type Intent } from './intent.js';
import { longestCommonRun, occurs, phraseBonus } from './match.js';

/** Sentence penalty for speaking of the future when the question asks what was done, or the reverse. */
const TENSE_PENALTY = 0.15;

/** Splits a passage into sentences (Chinese full stops, semicolons, line breaks), keeping the punctuation. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[^。！？；!?\n]+[。！？；!?]*/g)) {
    const s = m[0].trim();
    if (s.replace(/[\p{P}\s]/gu, '').length > 0) out.push(s);
  }
  return out;
}

export interface Sentence {
  original: string;
  folded: string;
  /** Whether it goes on from the sentence before, in the same paragraph (line). */
  continues: boolean;
}

const sentenceCache = new WeakMap<IndexedSection, Sentence[]>();

export function sentencesOf(entry: IndexedSection): Sentence[] {
  let sentences = sentenceCache.get(entry);
  if (!sentences) {
    sentences = entry.section.text.split('\n').flatMap((line) =>
      splitSentences(line).map((original, k) => ({
        original,
        folded: foldSentence(original.normalize('NFKC').toLowerCase()),
        continues: k > 0,
      })),
    );
    sentenceCache.set(entry, sentences);
  }
  return sentences;
}

/**
 * The sentences (folded) of the paragraphs that speak of the subject, or of the whole passage when none does (it is
 * named in the heading only). A section reports several things paragraph by paragraph: a figure, a date or a place
 * told in another paragraph is another thing's.
 */
export function sentencesAbout(entry: IndexedSection, subject: ContentGroup | undefined): string[] {
  const paragraphs: string[][] = [];
  for (const s of sentencesOf(entry)) {
    if (!s.continues || paragraphs.length === 0) paragraphs.push([]);
    paragraphs.at(-1)!.push(s.folded);
  }
  const speaking = subject ? paragraphs.filter((p) => p.some((s) => subject.alternatives.some((a) => occurs(s, a)))) : [];
  return (speaking.length > 0 ? speaking : paragraphs).flat();
}

/**
 * A sentence that defines a term (a table's footnote: "“每万人口高价值发明专利拥有量”是指…符合下列任一条件") says what an
 * indicator means, not its figure or date: its numerals (任一条件, 10年) are no evidence for a how-many or when question.
 */
const DEFINITION = /是指|指的是/;

/**
 * Each sentence's share of the question's weighted content, plus a bonus when it holds what the question
 * asks for (a figure, a date, a place, a body) next to some of that content.
 */
export function scoreSentences(entry: IndexedSection, groups: ContentGroup[], intent: Intent, phrases: string[] = []): number[] {
  return sentenceScores(entry, groups, intent, phrases, 0).map(({ base, event }) => base + event);
}

/** Each sentence's score without the event bonus (`base`), and that bonus (`event`); `carry` as CONTEXT_CARRY. */
function sentenceScores(entry: IndexedSection, groups: ContentGroup[], intent: Intent, phrases: string[], carry: number): Array<{ base: number; event: number }> {
  const total = groups.reduce((sum, g) => sum + g.weight, 0) || 1;
  const evidence = intent.evidence;
  // The event a figure, date or place is asked of (幾時收網, 查獲多少): its verb next to the evidence marks the
  // sentence that answers, among sentences that only share the topic (the case began in April; it closed in June).
  const events = evidence ? eventsOf(groups) : [];
  const all = sentencesOf(entry);
  const heading = ownHeading(entry);
  return all.map(({ folded, continues }, i) => {
    let covered = 0;
    let inherited = 0;
    let titled = 0;
    const before = continues ? (all[i - 1]?.folded ?? '') : '';
    for (const g of groups) {
      if (g.alternatives.some((a) => occurs(folded, a))) covered += g.weight;
      else if (carry && g.alternatives.some((a) => occurs(before, a))) inherited += g.weight;
      else if (!carry && i === 0 && heading && g.alternatives.some((a) => occurs(heading, a))) titled += g.weight;
    }
    // In ranking, a section's first sentence goes on from its heading ("专栏17 建设…人才港" — "依托中新广州知识城，…");
    // in quoting, it would put the opening before the sentence with the fact (measured: three quotes lost it).
    covered += HEADING_CARRY * titled;
    let score = (covered + carry * inherited) / total;
    let event = 0;
    // The question's own wording found as one stretch ("知识产权服务机构") marks the more specific sentence.
    const common = Math.max(0, ...phrases.map((p) => longestCommonRun(p, folded)));
    score += phraseBonus(common);
    if (evidence && covered > 0 && evidence.test(folded) && !DEFINITION.test(folded)) {
      score += 0.3;
      if (events.some((g) => g.alternatives.some((a) => occurs(folded, a)))) event = EVENT_BONUS;
    }
    // Done or planned, as asked: the plan reports the 13th FYP's results and sets the 14th's targets in like words.
    const told = intent.tense && covered > 0 ? sentenceTense(folded) : undefined;
    if (told && told !== intent.tense) score -= TENSE_PENALTY;
    // Very short fragments (a list number, a dangling clause) make poor quotes.
    if (folded.length < 8) score -= 0.3;
    return { base: score, event };
  });
}

/**
 * The passage's most relevant sentences, in passage order. When the question asks for a figure, a date, a place
 * or a body, the best sentence holding one (next to some of the question's content) is always among them.
 */
export function bestSentences(entry: IndexedSection, groups: ContentGroup[], intent: Intent, max: number, phrases: string[] = [], avoid?: (sentence: string) => boolean): string {
  const sentences = sentencesOf(entry);
  if (sentences.length <= max) return sentences.map((s) => s.original).join('');
  const scored = sentenceScores(entry, groups, intent, phrases, CONTEXT_CARRY).map((score, i) =>
    avoid?.(sentences[i]?.folded ?? '') ? { base: score.base - AVOIDED_PENALTY, event: 0 } : score,
  );
  // The event bonus orders sentences; whether a second one is worth quoting is judged without it, so that a
  // two-part question (幾月舉行？幾多人通過？) still gets both parts.
  const order = scored.map(({ base, event }, i) => ({ i, score: base + event, base })).sort((a, b) => b.score - a.score || a.i - b.i);
  const top = Math.max(...scored.map((s) => s.base));
  const chosen = order.slice(0, max).filter((s, k) => k === 0 || s.base >= top * 0.6).map((s) => s.i);
  const evidence = intent.evidence;
  if (evidence && !chosen.some((i) => evidence.test(sentences[i]?.folded ?? ''))) {
    const withEvidence = order.find((s) => evidence.test(sentences[s.i]?.folded ?? '') && s.score > 0);
    if (withEvidence) chosen.splice(Math.min(chosen.length, max - 1), 1, withEvidence.i);
  }
  // Sentences that are not neighbours in the passage are joined with an ellipsis: the quote shows the gap.
  const picked = [...new Set(chosen)].sort((a, b) => a - b);
  return picked.map((i, k) => (k > 0 && i !== (picked[k - 1] ?? i) + 1 ? '……' : '') + (sentences[i]?.original ?? '')).join('');
}

const EVENT_BONUS = 0.3;
/** How much less a sentence the question rules out (the other side's figures) is worth quoting. */
const AVOIDED_PENALTY = 0.5;
/**
 * In choosing what to quote, a sentence goes on from the one before it in its paragraph ("在四次的行动中，港方共查获14宗案件…。粤方海关共查获
 * 侵权货物60余万件。"): the question's words found only in the previous sentence count this share for it. Measured on
 * the eight dev sets: 0.7 within the paragraph gives 19 more quotes that hold the fact and none fewer (across
 * paragraphs: +20, −3; 0.5: +11, −1; 1.0: −3 more on dev6). Ranking does not use it.
 */
const CONTEXT_CARRY = 0.7;
/** How much of its heading's share of the question a section's first sentence is credited with. */
const HEADING_CARRY = 0.5;

/** A section's own heading (the last of its path), folded; made once per section (ranking asks per pair of candidates). */
const headingCache = new WeakMap<IndexedSection, string>();
export function ownHeading(entry: IndexedSection): string {
  let heading = headingCache.get(entry);
  if (heading === undefined) {
    heading = toScript(entry.section.headingPath.at(-1) ?? '', 'zh-Hans').toLowerCase();
    headingCache.set(entry, heading);
  }
  return heading;
}

/** The groups that are verbs, once per question: the sentences of 30 passages are scored against the same groups. */
const eventCache = new WeakMap<ContentGroup[], ContentGroup[]>();

function eventsOf(groups: ContentGroup[]): ContentGroup[] {
  let events = eventCache.get(groups);
  if (events === undefined) {
    events = groups.filter((g) => isVerb(g.surface));
    eventCache.set(groups, events);
  }
  return events;
}

function isVerb(surface: string): boolean {
  const tagged = words(surface);
  return tagged.length === 1 && /^v/.test(tagged[0]?.tag ?? '') && surface.length >= 2;
}

function foldSentence(s: string): string {
  return toScript(s, 'zh-Hans');
}
