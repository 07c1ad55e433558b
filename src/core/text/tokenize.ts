/**
 * Chinese-aware tokenizers for the search index. Input is already folded to Simplified (see fold.ts), so
 * Traditional and Simplified text produce the same terms.
 *
 * The strategy used by search.ts was chosen by measurement (docs/search.md); the others stay here so the
 * benchmark and the comparison can be re-run.
 */
import { jiebaData, jiebaFor } from './jieba.js';
import { sortedTable, type SortedTable } from './sorted-table.js';

export type TokenizerName = 'bigram' | 'segmenter' | 'jieba' | 'segmenter+bigram' | 'jieba+bigram';
export const TOKENIZER_NAMES: readonly TokenizerName[] = ['bigram', 'segmenter', 'jieba', 'segmenter+bigram', 'jieba+bigram'];

const HAN_RUN = /\p{Script=Han}+/gu;
const HAN = /\p{Script=Han}/u;
/** Latin words and numbers (with decimals): "pct", "2016", "35.1", "gb/t", "29490". */
const LATIN_OR_NUMBER = /[a-z]+|\d+(?:\.\d+)?/g;
/** Split before segmenting: Intl.Segmenter is super-linear on long strings in Node 20. */
const CHUNK_BOUNDARY = /[\n。！？；!?;]+/;

let segmenter: Intl.Segmenter | undefined;

function bigramsOf(run: string, out: string[]): void {
  if (run.length === 1) {
    out.push(run);
    return;
  }
  for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
}

function latinTerms(text: string, out: string[]): void {
  for (const m of text.toLowerCase().matchAll(LATIN_OR_NUMBER)) out.push(m[0]);
}

function segmenterWords(chunk: string, out: string[]): void {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  for (const s of segmenter.segment(chunk)) {
    if (s.isWordLike && HAN.test(s.segment)) out.push(s.segment);
  }
}

function jiebaWords(chunk: string, out: string[]): void {
  for (const w of jiebaFor(chunk).cut(chunk, false)) {
    if (HAN.test(w)) out.push(w);
  }
}

/** Offsets (UTF-16) of the characters that jieba segments as words of their own: 人 in 几个人, not in 人民币. */
export function singleCharacterWords(text: string): Set<number> {
  const out = new Set<number>();
  let at = 0;
  for (const w of jiebaFor(text).cut(text, false)) {
    const found = text.indexOf(w, at);
    if (found < 0) continue;
    if (w.length === 1) out.add(found);
    at = found + w.length;
  }
  return out;
}

/** Tokenizes folded (Simplified, lowercase) text into index terms. */
export function tokenize(text: string, strategy: TokenizerName): string[] {
  const out: string[] = [];
  for (const chunk of text.split(CHUNK_BOUNDARY)) {
    if (!chunk) continue;
    latinTerms(chunk, out);
    const runs = chunk.match(HAN_RUN);
    if (!runs) continue;
    if (strategy === 'bigram' || strategy.endsWith('+bigram')) for (const run of runs) bigramsOf(run, out);
    if (strategy.startsWith('segmenter')) for (const run of runs) segmenterWords(run, out);
    if (strategy.startsWith('jieba')) for (const run of runs) jiebaWords(run, out);
  }
  return out;
}

export interface TaggedWord {
  word: string;
  /** jieba part-of-speech tag: n noun, v verb, ns place, nz other proper noun, m numeral, r pronoun… */
  tag: string;
}

/**
 * Texts already cut and tagged: the documents' sentences are tagged again at every question that considers them
 * (naming a city, the lead line), each a call into jieba. Bounded like jieba's memory of texts (SEEN_TEXTS there).
 */
const taggedTexts = new Map<string, readonly TaggedWord[]>();
const TAGGED_TEXTS = 20_000;

/** Word segmentation of folded text with parts of speech (for picking a question's content words). */
export function words(text: string): TaggedWord[] {
  let tagged = taggedTexts.get(text);
  if (tagged === undefined) {
    tagged = cutAndTag(text);
    if (taggedTexts.size >= TAGGED_TEXTS) taggedTexts.clear();
    taggedTexts.set(text, tagged);
  }
  // A copy of the list, and of each word, so that no caller can change what the next one is given.
  return tagged.map((w) => ({ ...w }));
}

function cutAndTag(text: string): TaggedWord[] {
  const out: TaggedWord[] = [];
  for (const chunk of text.split(CHUNK_BOUNDARY)) {
    if (!chunk) continue;
    for (const { word, tag } of jiebaFor(chunk).tag(chunk, false)) {
      const t = word.trim().toLowerCase();
      if (t && /[\p{L}\p{N}]/u.test(t)) out.push({ word: t, tag });
    }
  }
  return out;
}

let generalIdfText: string | undefined;
/** Where each line of the table starts, by the line's first character: a look-up reads one bucket, not 4.7 MB. */
let generalIdfLines: Map<string, number[]> | undefined;

function idfLines(): { text: string; lines: Map<string, number[]> } {
  if (generalIdfText === undefined || generalIdfLines === undefined) {
    const text = new TextDecoder().decode(jiebaData().idf);
    const lines = new Map<string, number[]>();
    for (let start = 0; start < text.length; ) {
      const first = String.fromCodePoint(text.codePointAt(start) ?? 0);
      let bucket = lines.get(first);
      if (!bucket) lines.set(first, (bucket = []));
      bucket.push(start);
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      start = end + 1;
    }
    generalIdfText = text;
    generalIdfLines = lines;
  }
  return { text: generalIdfText, lines: generalIdfLines };
}

/**
 * How rare a word is in general Chinese (jieba's idf table, about 2–14; undefined when unknown). Used to weigh
 * question words the documents never use: a rare word (护照, 会计师) names a subject, a common one (这边,
 * 准备) is phrasing. The table is decoded and bucketed once, on first use.
 */
export function generalIdf(word: string): number | undefined {
  if (word === '') return undefined;
  if (sortedIdf) return idfValue(sortedIdf.value(word));
  const { text, lines } = idfLines();
  const key = `${word} `;
  for (const start of lines.get(String.fromCodePoint(word.codePointAt(0) ?? 0)) ?? []) {
    if (!text.startsWith(key, start)) continue;
    const end = text.indexOf('\n', start);
    const value = Number(text.slice(start + key.length, end < 0 ? undefined : end));
    return Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}

/**
 * The same table as a sorted table (sorted-table.ts; each word once, its first line kept). A process given it
 * (`useSortedGeneralIdf`, by the loader from the saved index) reads only the blocks of the words it looks up,
 * without reading, decoding and bucketing 6 MB first (~0.1–0.2 s of a cold start).
 */
export function sortedGeneralIdfTable(): Uint8Array {
  const { text } = idfLines();
  const seen = new Set<string>();
  const lines: Array<{ word: string; line: string }> = [];
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const word = line.slice(0, space);
    if (seen.has(word)) continue;
    seen.add(word);
    lines.push({ word, line });
  }
  return sortedTable(lines);
}

let sortedIdf: SortedTable | undefined;

/** Uses a sorted table from now on, if it reads as one (its commonest word is found); false, and unused, if not. */
export function useSortedGeneralIdf(table: SortedTable): boolean {
  if (idfValue(table.value('的')) === undefined) return false;
  sortedIdf = table;
  return true;
}

function idfValue(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
