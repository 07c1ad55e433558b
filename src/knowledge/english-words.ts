/**
 * Whether a word is real English, from the `word-list` package (274,000 words, MIT): a word the glossary does not
 * know but English does ("backing", "hope") is meant as written and never "corrected" to a glossary word
 * ("banking", "home"). Read on the first question that needs it — most never do. A process with the saved engine
 * looks words up in a sorted copy of the list kept beside it (engine-cache.ts) instead of reading 274,000 words
 * into a set (~0.1–0.2 s of an English question's cold start).
 */
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import { sortedTable, type SortedTable } from '../core/text/sorted-table.js';

let words: ReadonlySet<string> | undefined;
let sorted: SortedTable | undefined;

export function isEnglishWord(word: string): boolean {
  // Without the list every word counts as real: no slip is corrected, and none wrongly.
  if (sorted) return sorted.meta === EVERY_WORD || sorted.value(word.toLowerCase()) !== undefined;
  words ??= readWords();
  return words === UNREADABLE || words.has(word.toLowerCase());
}

const UNREADABLE: ReadonlySet<string> = new Set();
/** The metadata of the table saved when the list could not be read. */
const EVERY_WORD = 'every word counts as English: the list could not be read';

function readWords(): ReadonlySet<string> {
  try {
    return new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  } catch {
    return UNREADABLE;
  }
}

/** The list as a sorted table (one word a line; words are asked for non-empty), for `useSortedEnglishWords`. */
export function sortedEnglishWordsTable(): Uint8Array {
  const list = readWords();
  if (list === UNREADABLE) return sortedTable([{ word: 'a', line: 'a' }], EVERY_WORD);
  return sortedTable([...list].filter((word) => word !== '').map((word) => ({ word, line: word })));
}

/** Looks words up in a sorted table from now on, if it reads as the list (it has "the"); false, and unused, if not. */
export function useSortedEnglishWords(table: SortedTable): boolean {
  if (table.meta !== EVERY_WORD && table.value('the') === undefined) return false;
  sorted = table;
  return true;
}
