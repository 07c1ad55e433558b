/**
 * Which script a question is written in, and conversion between Hong Kong Traditional and Simplified.
 *
 * Converters are built lazily and once: building `cn→hk` costs ~300 ms and ~40 MB of heap, so the corpus's own
 * texts are converted when the index is built and remembered (see rememberTraditional).
 * Display uses `hk` (Hong Kong forms), never `twp`, which rewrites vocabulary (知识产权署 → 智慧財產權署).
 *
 * Only the tables a question needs are imported (opencc-js's Traditional → Simplified preset, ~0.1 MB, and two
 * character tables); its whole bundle (1.2 MB, mostly the Simplified → Traditional phrases) is loaded on the first
 * text that is not one of the corpus's remembered ones: the start of `ipbot ask` with a saved index never needs it.
 */
import { createRequire } from 'node:module';
import { ConverterBuilder, ConverterFactory } from 'opencc-js/core';
import simplifiedToHongKongCharacters from 'opencc-js/dict/HKVariants';
import simplifiedCharacters from 'opencc-js/dict/STCharacters';
import * as traditionalToSimplifiedPreset from 'opencc-js/preset/t2cn';
import type { Lang } from '../types.js';

type Convert = (text: string) => string;

let toSimplifiedConverter: Convert | undefined;
let toTraditionalConverter: Convert | undefined;

/** Hong Kong Traditional (or any Traditional) → Simplified, used for matching and Simplified replies. */
export function toSimplified(text: string): string {
  toSimplifiedConverter ??= ConverterBuilder(traditionalToSimplifiedPreset)({ from: 'hk', to: 'cn' });
  return toSimplifiedConverter(text);
}

/** Simplified → Hong Kong Traditional. Text already in Traditional passes through unchanged. */
export function toTraditional(text: string): string {
  const known = knownTraditional.get(text) ?? piecewiseTraditional(text);
  if (known !== undefined) return known;
  toTraditionalConverter ??= (createRequire(import.meta.url)('opencc-js') as typeof import('opencc-js')).Converter({ from: 'cn', to: 'hk' });
  return toTraditionalConverter(text);
}

/**
 * Conversions to Traditional of the corpus's own texts (passages, their sentences, headings, titles), computed
 * when the index is built and kept with it: a process that loads a saved index quotes without building the
 * `cn→hk` converter (~300 ms), which is most of a cold start.
 */
const knownTraditional = new Map<string, string>();

export function rememberTraditional(pairs: Iterable<readonly [string, string]>): void {
  for (const [text, traditional] of pairs) knownTraditional.set(text, traditional);
}

/** Each text with its Traditional form, for `rememberTraditional` in a later process. */
export function traditionalOf(texts: Iterable<string>): Array<[string, string]> {
  const out = new Map<string, string>();
  for (const text of texts) if (!out.has(text)) out.set(text, toTraditional(text));
  return [...out];
}

/** A quote is known sentences joined (with …… where it skips some): converted piece by piece when every piece is known. */
const QUOTE_PIECE = /……|[^。！？；!?\n…]+[。！？；!?]*|[\s\S]/g;

function piecewiseTraditional(text: string): string | undefined {
  if (knownTraditional.size === 0) return undefined;
  let out = '';
  for (const [piece] of text.matchAll(QUOTE_PIECE)) {
    const known = knownTraditional.get(piece) ?? (/\p{Script=Han}/u.test(piece) ? undefined : piece) ?? withinKnown(piece);
    if (known === undefined) return undefined;
    out += known;
  }
  return out;
}

/**
 * A cut from a known text (part of a sentence, quoted shorter): the same stretch of its conversion, when the
 * conversion kept every character in place (same length), as Simplified → Traditional does but for rare phrases.
 */
function withinKnown(piece: string): string | undefined {
  for (const [text, traditional] of knownTraditional) {
    if (text.length !== traditional.length || text.length < piece.length) continue;
    const at = text.indexOf(piece);
    if (at >= 0) return traditional.slice(at, at + piece.length);
  }
  return undefined;
}

/** Converts text to the script of a reply language; English replies quote Chinese in Traditional. */
export function toScript(text: string, lang: Lang): string {
  return lang === 'zh-Hans' ? toSimplified(text) : toTraditional(text);
}

const HAN = /\p{Script=Han}/u;
const HAN_GLOBAL = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z][A-Za-z'’-]*/g;

/**
 * Characters and words found only in written Cantonese. Any of them means the asker writes Hong Kong
 * Cantonese, whose reply script is Traditional even when every other character is shared by both scripts.
 * 几时 and 几多 are not among them: Mandarin says them too ("雷公行动几时收网" is Simplified and wants Simplified back).
 */
const CANTONESE_MARKERS = [
  '喺', '嘅', '咗', '冇', '啲', '咩', '乜', '嘢', '搵', '揾', '佢', '哋', '唔', '畀', '嚟', '咁', '嗰', '睇',
  '諗', '噉', '嘞', '喎', '囉', '㗎', '咪', '邊度', '边度', '邊個', '边个', '幾時', '幾多',
  '點樣', '点样', '而家', '係咪', '使唔使', '有冇',
];

/**
 * Latin tokens that are names of things in the documents rather than English prose ("BIP Asia 幾時舉行？").
 * They do not make a Chinese question English.
 */
const NAME_TOKENS = new Set([
  'ipd', 'cepa', 'bip', 'asia', 'gba', 'pct', 'sme', 'smes', 'cnipa', 'sipo', 'hk', 'hksar', 'hktdc', 'wipo',
  'ip', 'prd', 'pan', 'gb', 't', 'ced', 'c', 'ed', 'hkfii', 'vtc', 'hkpc', 'tdc',
]);

function isTraditionalOnly(ch: string): boolean {
  return toSimplified(ch) !== ch;
}

/**
 * One character to Hong Kong Traditional: the character tables alone give the same result for a single character
 * as the full converter (checked over U+3400–U+9FFF), in ~2 ms instead of the ~300 ms the phrase table costs.
 * These are the character tables of `cn→hk`'s two groups (STPhrases, STCharacters; HKVariantsPhrases, HKVariants).
 */
let characterToTraditional: Convert | undefined;

function isSimplifiedOnly(ch: string): boolean {
  characterToTraditional ??= ConverterFactory([simplifiedCharacters], [simplifiedToHongKongCharacters]);
  return characterToTraditional(ch) !== ch;
}

export interface ScriptProfile {
  han: number;
  traditionalOnly: number;
  simplifiedOnly: number;
  cantonese: boolean;
  englishWords: number;
}

export function profileScript(text: string): ScriptProfile {
  const hanChars = text.match(HAN_GLOBAL) ?? [];
  let traditionalOnly = 0;
  let simplifiedOnly = 0;
  for (const ch of new Set(hanChars)) {
    if (isTraditionalOnly(ch)) traditionalOnly++;
    else if (isSimplifiedOnly(ch)) simplifiedOnly++;
  }
  const cantonese = CANTONESE_MARKERS.some((m) => text.includes(m));
  const englishWords = (text.match(LATIN_WORD) ?? []).filter((w) => !NAME_TOKENS.has(w.toLowerCase())).length;
  return { han: hanChars.length, traditionalOnly, simplifiedOnly, cantonese, englishWords };
}

/**
 * The reply language a question asks for.
 * - No Han characters but Latin letters ("help", "BIP Asia") → English; nothing readable at all → `fallback`.
 * - English prose with a quoted Chinese term ("What is 正版正貨承諾?") → English: three or more English
 *   words that outnumber the Han characters.
 * - Written Cantonese → Traditional.
 * - Otherwise the script with more script-specific characters; a tie (only characters common to both
 *   scripts, e.g. "香港考生") goes to `fallback`, Traditional by default because ipbot serves Hong Kong.
 */
export function detectLang(text: string, fallback: Lang = 'zh-Hant'): Lang {
  const p = profileScript(text);
  if (p.han === 0) return /[A-Za-z]/.test(text) ? 'en' : fallback;
  if (p.englishWords >= 3 && p.englishWords * 2 > p.han) return 'en';
  // English prose with a Chinese name in it ("Where is the 粤港 seminar held?"), not Chinese that opens with an
  // English term ("GD plan話建成咗幾多個中心").
  if (p.englishWords >= 2 && startsWithEnglishProse(text) && p.han <= p.englishWords * 3) return 'en';
  if (p.cantonese) return 'zh-Hant';
  if (p.traditionalOnly > p.simplifiedOnly) return 'zh-Hant';
  if (p.simplifiedOnly > p.traditionalOnly) return 'zh-Hans';
  return fallback === 'en' ? 'zh-Hant' : fallback;
}

function startsWithEnglishProse(text: string): boolean {
  const first = /^[^\p{L}]*([A-Za-z]+)/u.exec(text);
  return first !== null && first[1] !== undefined && !NAME_TOKENS.has(first[1].toLowerCase());
}

export function hasHan(text: string): boolean {
  return HAN.test(text);
}
