/**
 * Whether a word is real English, from the `word-list` package (274,000 words, MIT): a word the glossary does not
 * know but English does ("backing", "hope") is meant as written and never "corrected" to a glossary word
 * ("banking", "home"). Read on the first question that needs it — most never do.
 */
import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';

let words: ReadonlySet<string> | undefined;

export function isEnglishWord(word: string): boolean {
  words ??= readWords();
  // Without the list every word counts as real: no slip is corrected, and none wrongly.
  return words === UNREADABLE || words.has(word.toLowerCase());
}

const UNREADABLE: ReadonlySet<string> = new Set();

function readWords(): ReadonlySet<string> {
  try {
    return new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  } catch {
    return UNREADABLE;
  }
}
