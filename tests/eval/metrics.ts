/**
 * Pure scoring functions for the answer-engine evaluation.
 *
 * Independent of the engine's own text handling on purpose: folding and script detection are done
 * here with opencc-js directly, so a bug in the engine's folding cannot hide itself in its own score.
 */
import * as OpenCC from 'opencc-js';
import type { Answer, AnswerSource } from '../../src/core/engine.js';
import { cleanLine } from '../../src/core/text/normalise.js';

export const QUESTION_LANGS = ['zh-Hant', 'zh-Hans', 'en', 'yue'] as const;
/** The language a question is written in; `yue` is written Cantonese (Traditional characters). */
export type QuestionLang = (typeof QUESTION_LANGS)[number];

export interface EvalQuestion {
  id: string;
  q: string;
  lang: QuestionLang;
  inScope: boolean;
  /** Any one of these, found in a source's text, makes that source a hit. Empty when out of scope. */
  expect: string[];
  /** Catalogue id of the document that answers the question, when known. */
  doc?: string;
}

/** The part of an engine answer the evaluation reads (hand-made answers in tests need only this). */
export type EvalAnswer = Pick<Answer, 'answered' | 'answer' | 'lang'> & {
  sources: ReadonlyArray<Pick<AnswerSource, 'text'> & Partial<Pick<AnswerSource, 'docId' | 'section'>>>;
};

let toSimplified: ((text: string) => string) | undefined;
let toTraditional: ((text: string) => string) | undefined;

function hkToCn(text: string): string {
  toSimplified ??= OpenCC.Converter({ from: 'hk', to: 'cn' });
  return toSimplified(text);
}

function cnToHk(text: string): string {
  toTraditional ??= OpenCC.Converter({ from: 'cn', to: 'hk' });
  return toTraditional(text);
}

/** Simplified script, no whitespace, lower case: the form in which phrases and passages are compared. */
export function foldForMatch(text: string): string {
  return hkToCn(text).replace(/\s+/gu, '').toLowerCase();
}

export function containsExpected(text: string, expect: readonly string[]): boolean {
  const folded = foldForMatch(text);
  return expect.some((phrase) => {
    // A phrase copied from the raw extraction (full-width digits, "４ ８ 万件" for 4.8万件, ꎬ for ，) is read the way
    // the loader reads the document's lines.
    const p = foldForMatch(cleanLine(phrase));
    return p.length > 0 && folded.includes(p);
  });
}

/**
 * Whether a source shows an expected phrase, in its passage or in its heading path: a reply shows the
 * section heading, and some facts are stated only there (a numbered principle, a programme's title).
 */
export function sourceShows(source: EvalAnswer['sources'][number], expect: readonly string[]): boolean {
  return containsExpected(source.text, expect) || (source.section !== undefined && containsExpected(source.section, expect));
}

/** 1-based rank of the first source that shows an expected phrase; 0 when none does. */
export function firstHitRank(expect: readonly string[], sources: EvalAnswer['sources']): number {
  const i = sources.findIndex((s) => sourceShows(s, expect));
  return i + 1;
}

export type Script = 'Hant' | 'Hans' | 'mixed' | 'neutral' | 'none';

export interface ScriptReading {
  script: Script;
  /** Han characters that only Traditional text uses (they change under hk→cn). */
  traditional: number;
  /** Han characters that only Simplified text uses (they change under cn→hk). */
  simplified: number;
  han: number;
}

const HAN = /\p{Script=Han}/u;
/**
 * Script-specific characters of the other script a text may carry and still count as one script:
 * one character, or a tenth of them. OpenCC's dictionaries flag the odd correct character (了解,
 * 鑑定), and a single such character must not turn a short Traditional reply into a script miss.
 */
function tolerated(specific: number): number {
  return Math.max(1, Math.floor(specific / 10));
}

/**
 * Which script a text is written in, counted character by character.
 * Whole-text conversion is used so phrase dictionaries decide ambiguous characters (e.g. 里/裏);
 * when a conversion changes the length, positions no longer line up and each character is
 * converted on its own instead.
 */
export function readScript(text: string): ScriptReading {
  const chars = Array.from(text);
  const han = chars.filter((c) => HAN.test(c)).length;
  if (han === 0) return { script: 'none', traditional: 0, simplified: 0, han };
  const traditional = countChanged(chars, hkToCn);
  const simplified = countChanged(chars, cnToHk);
  const specific = traditional + simplified;
  let script: Script;
  if (specific === 0) script = 'neutral';
  else if (traditional > simplified && simplified <= tolerated(specific)) script = 'Hant';
  else if (simplified > traditional && traditional <= tolerated(specific)) script = 'Hans';
  else script = 'mixed';
  return { script, traditional, simplified, han };
}

function countChanged(chars: string[], convert: (s: string) => string): number {
  const converted = Array.from(convert(chars.join('')));
  const aligned = converted.length === chars.length;
  let changed = 0;
  chars.forEach((c, i) => {
    if (!HAN.test(c)) return;
    const after = aligned ? converted[i] : convert(c);
    if (after !== c) changed += 1;
  });
  return changed;
}

/**
 * Where a text slips into the other script: short snippets around each Han character that the
 * wanted script would write differently, merged when they overlap. For diagnosing script misses.
 */
export function scriptSlips(text: string, wanted: 'Hant' | 'Hans', context = 6, max = 8): string[] {
  const chars = Array.from(text);
  const convert = wanted === 'Hant' ? cnToHk : hkToCn;
  const converted = Array.from(convert(text));
  const aligned = converted.length === chars.length;
  const spans: Array<[number, number]> = [];
  chars.forEach((c, i) => {
    if (!HAN.test(c) || (aligned ? converted[i] : convert(c)) === c) return;
    const last = spans[spans.length - 1];
    const start = Math.max(0, i - context);
    const end = Math.min(chars.length, i + context + 1);
    if (last && start <= last[1]) last[1] = end;
    else spans.push([start, end]);
  });
  return spans.slice(0, max).map(([a, b]) => chars.slice(a, b).join('').replace(/\s+/gu, ' '));
}

/** At least three English words in a row: the reply is framed in English, not only labelled so. */
const ENGLISH_FRAMING = /[A-Za-z]{2,}[\s,'’-]+[A-Za-z]{2,}[\s,'’-]+[A-Za-z]{2,}/u;

/**
 * Traditional and Cantonese questions must get `lang: 'zh-Hant'` and a Traditional text; Simplified
 * questions `zh-Hans` and a Simplified text; English questions `en` with English words in the text.
 * A Chinese text with no script-specific character at all is accepted for either script.
 */
export function replyScriptCorrect(lang: QuestionLang, answer: EvalAnswer): boolean {
  if (lang === 'en') return answer.lang === 'en' && ENGLISH_FRAMING.test(answer.answer);
  const { script } = readScript(answer.answer);
  if (lang === 'zh-Hans') return answer.lang === 'zh-Hans' && (script === 'Hans' || script === 'neutral');
  return answer.lang === 'zh-Hant' && (script === 'Hant' || script === 'neutral');
}

export interface QuestionScore {
  id: string;
  q: string;
  lang: QuestionLang;
  inScope: boolean;
  expect: string[];
  answered: boolean;
  /** 1-based rank of the first hitting source, 0 for none (in scope only; 0 out of scope). */
  rank: number;
  answerHasPhrase: boolean;
  /** Whether the first source comes from the expected document; undefined when no doc is labelled. */
  docHit1?: boolean;
  scriptOk: boolean;
  script: Script;
  /** For a Chinese question answered in the wrong script: where the text slips (see scriptSlips). */
  slips?: string[];
  replyLang: string;
  firstSource?: { docId?: string; section?: string; text: string };
}

export function scoreQuestion(question: EvalQuestion, answer: EvalAnswer): QuestionScore {
  const first = answer.sources[0];
  const inScope = question.inScope;
  const scriptOk = replyScriptCorrect(question.lang, answer);
  return {
    id: question.id,
    q: question.q,
    lang: question.lang,
    inScope,
    expect: question.expect,
    answered: answer.answered,
    rank: inScope ? firstHitRank(question.expect, answer.sources) : 0,
    answerHasPhrase: inScope && containsExpected(answer.answer, question.expect),
    docHit1: inScope && question.doc !== undefined ? first?.docId === question.doc : undefined,
    scriptOk,
    script: readScript(answer.answer).script,
    ...(scriptOk || question.lang === 'en' ? {} : { slips: scriptSlips(answer.answer, question.lang === 'zh-Hans' ? 'Hans' : 'Hant') }),
    replyLang: answer.lang,
    firstSource: first ? { docId: first.docId, section: first.section, text: first.text } : undefined,
  };
}

/** Shares are null when nothing was there to measure (e.g. no out-of-scope question in a group). */
export interface Metrics {
  n: number;
  inScope: number;
  outOfScope: number;
  /** In scope: a hitting source ranked first. */
  hit1: number | null;
  /** In scope: a hitting source in the first three. */
  hit3: number | null;
  /** In scope: mean of 1/rank (0 when no source hits). */
  mrr: number | null;
  /** In scope: the answer text itself contains an expected phrase. */
  answerHasPhrase: number | null;
  /** In scope: the engine answered (did not decline). */
  answered: number | null;
  /** In scope, with a labelled document: the first source comes from it. */
  docHit1: number | null;
  /** Out of scope: `answered === false`. */
  declined: number | null;
  /** All questions: reply language and the script actually used both match the question. */
  scriptAccuracy: number | null;
}

function share(values: readonly boolean[]): number | null {
  return values.length === 0 ? null : values.filter(Boolean).length / values.length;
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function summarize(scores: readonly QuestionScore[]): Metrics {
  const inScope = scores.filter((s) => s.inScope);
  const outOfScope = scores.filter((s) => !s.inScope);
  const labelled = inScope.filter((s) => s.docHit1 !== undefined);
  return {
    n: scores.length,
    inScope: inScope.length,
    outOfScope: outOfScope.length,
    hit1: share(inScope.map((s) => s.rank === 1)),
    hit3: share(inScope.map((s) => s.rank >= 1 && s.rank <= 3)),
    mrr: mean(inScope.map((s) => (s.rank > 0 ? 1 / s.rank : 0))),
    answerHasPhrase: share(inScope.map((s) => s.answerHasPhrase)),
    answered: share(inScope.map((s) => s.answered)),
    docHit1: share(labelled.map((s) => s.docHit1 === true)),
    declined: share(outOfScope.map((s) => !s.answered)),
    scriptAccuracy: share(scores.map((s) => s.scriptOk)),
  };
}

export interface Report {
  overall: Metrics;
  byLang: Record<QuestionLang, Metrics>;
}

export function report(scores: readonly QuestionScore[]): Report {
  const byLang = Object.fromEntries(
    QUESTION_LANGS.map((lang) => [lang, summarize(scores.filter((s) => s.lang === lang))]),
  ) as Record<QuestionLang, Metrics>;
  return { overall: summarize(scores), byLang };
}

export type MissKind = 'rank' | 'not-declined' | 'script';

export interface Miss {
  kind: MissKind;
  score: QuestionScore;
}

/** What a person reading the report should look at: ranking misses, answered off-topic questions, script slips. */
export function misses(scores: readonly QuestionScore[]): Miss[] {
  const out: Miss[] = [];
  for (const s of scores) {
    if (s.inScope && s.rank !== 1) out.push({ kind: 'rank', score: s });
    if (!s.inScope && s.answered) out.push({ kind: 'not-declined', score: s });
    if (!s.scriptOk) out.push({ kind: 'script', score: s });
  }
  return out;
}
