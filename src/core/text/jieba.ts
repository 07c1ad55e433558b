/**
 * The jieba segmenter, with its whole dictionary (349,000 words: ~0.2 s to load at every start) or, once the loader
 * hands it the dictionary as a sorted table (`useSortedDictionary`, from the saved index), with only the words of
 * the texts it is given.
 *
 * Why the second cuts and tags exactly as the first: without HMM, jieba cuts a text along the most probable route
 * through the dictionary words found in it, each weighed log(frequency) − log(sum of all frequencies), and tags a
 * cut word by looking it up. Only the entries of the text's substrings and the sum of all frequencies take part.
 * So before a text is cut, the entries of its substrings not yet loaded are added, with a placeholder word (which a
 * text containing it does not get: it is cut with the whole dictionary) whose frequency keeps the sum that of the
 * whole dictionary. tests/core/text/jieba.test.ts compares both over the documents and the question sets.
 */
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { sortedTable, type SortedTable } from './sorted-table.js';

const SIMPLE_LINE = /^\S+ \S+ \S+$/;

/** Noncharacters: no text has them, and a text that does is cut with the whole dictionary. */
const PLACEHOLDER = '\uFDD0\uFDD1';

let whole: Jieba | undefined;
let wholeBytes: { dict: Uint8Array; idf: Uint8Array } | undefined;

/** jieba's dictionary and idf table as shipped (11 MB, read on first use: a saved index needs neither). */
export function jiebaData(): { dict: Uint8Array; idf: Uint8Array } {
  wholeBytes ??= createRequire(import.meta.url)('@node-rs/jieba/dict.js') as { dict: Uint8Array; idf: Uint8Array };
  return wholeBytes;
}

interface PartialDictionary {
  jieba: Jieba;
  /** `word frequency tag` by word; its metadata is the sum of all frequencies. */
  table: SortedTable;
  total: number;
  loaded: Set<string>;
  loadedFrequencies: number;
  /** Texts whose words are loaded (the documents' sentences come back at every question); bounded, see SEEN_TEXTS. */
  seen: Set<string>;
}

/** Above this many remembered texts (a long-running service), the memory of texts starts again. */
const SEEN_TEXTS = 20_000;

let partial: PartialDictionary | undefined;

/**
 * The dictionary as jieba reads it (for a word listed twice, the last frequency and the first tag) as a sorted table
 * whose metadata is the sum of the frequencies: what `useSortedDictionary` takes.
 */
export function sortedDictionaryTable(): Uint8Array {
  const entries = new Map<string, { frequency: number; tag: string }>();
  for (const line of new TextDecoder().decode(jiebaData().dict).split('\n')) {
    // jieba splits a line at any whitespace; the shipped lines are `word frequency tag` with single spaces.
    const [word, frequency, tag] = SIMPLE_LINE.test(line) ? line.split(' ') : line.trim().split(/\s+/);
    if (!word) continue;
    const known = entries.get(word);
    if (known) known.frequency = Number(frequency ?? 0);
    else entries.set(word, { frequency: Number(frequency ?? 0), tag: tag ?? '' });
  }
  let total = 0;
  for (const { frequency } of entries.values()) total += frequency;
  return sortedTable(
    [...entries].map(([word, { frequency, tag }]) => ({ word, line: `${word} ${frequency} ${tag}`.trimEnd() })),
    String(total),
  );
}

/** Loads words on demand from a sorted table from now on, if it reads as one (its commonest word is found); false, and unused, if not. */
export function useSortedDictionary(table: SortedTable): boolean {
  const total = Number(table.meta);
  if (!Number.isSafeInteger(total) || total <= 0 || table.value('的') === undefined) return false;
  partial = { jieba: new Jieba(), table, total, loaded: new Set(), loadedFrequencies: 0, seen: new Set() };
  return true;
}

/** A segmenter that cuts and tags `text` as jieba with its whole dictionary does. */
export function jiebaFor(text: string): Jieba {
  if (!partial || text.includes(PLACEHOLDER[0]!)) {
    whole ??= Jieba.withDict(jiebaData().dict);
    return whole;
  }
  if (!partial.seen.has(text)) {
    loadWordsOf(text, partial);
    if (partial.seen.size >= SEEN_TEXTS) partial.seen.clear();
    partial.seen.add(text);
  }
  return partial.jieba;
}

function loadWordsOf(text: string, dictionary: PartialDictionary): void {
  const { table, loaded } = dictionary;
  const lines: string[] = [];
  const characters = Array.from(text);
  for (let i = 0; i < characters.length; i++) {
    let word = '';
    for (let j = i; j < characters.length; j++) {
      word += characters[j];
      const { value: entry, longer } = table.lookup(word);
      if (entry === undefined || loaded.has(word)) {
        if (longer) continue;
        break;
      }
      loaded.add(word);
      lines.push(`${word} ${entry}`);
      dictionary.loadedFrequencies += Number.parseInt(entry, 10) || 0;
      if (!longer) break;
    }
  }
  if (lines.length === 0) return;
  lines.push(`${PLACEHOLDER} ${dictionary.total - dictionary.loadedFrequencies}`);
  dictionary.jieba.loadDict(Buffer.from(lines.join('\n')));
}
