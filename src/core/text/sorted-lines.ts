/**
 * Look-ups in a table of text lines sorted by their first word (UTF-8 bytes, each word once), searched in its bytes:
 * a process given such a table (jieba's dictionary, its idf table) finds a word by binary search instead of
 * decoding and indexing megabytes first.
 */

const NEWLINE = 10;
const SPACE = 32;

/** The first word of the line starting at `start`, and where the line ends. */
function lineAt(table: Buffer, start: number): { word: Buffer; end: number } {
  const newline = table.indexOf(NEWLINE, start);
  const end = newline < 0 ? table.length : newline;
  const space = table.indexOf(SPACE, start);
  return { word: table.subarray(start, space < 0 || space > end ? end : space), end };
}

/** The start of the first line at or after `from` (a line start) whose word is not below `key`, else the table's length. */
function lowerBound(table: Buffer, key: Buffer, from: number): number {
  let lo = from;
  let hi = table.length;
  // `lo` is always the start of a line; the answer is a line start in [lo, hi].
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = mid <= from ? from : table.lastIndexOf(NEWLINE, mid - 1) + 1;
    const { word, end } = lineAt(table, start);
    if (Buffer.compare(word, key) < 0) lo = end + 1;
    else hi = start;
  }
  return Math.min(lo, table.length);
}

/** What follows `key` and a space on its line, or undefined when no line's word is `key`. */
export function sortedLineValue(table: Buffer, key: Buffer, from = 0): string | undefined {
  return sortedLineOf(table, key, from).value;
}

/**
 * The line of `key` (what follows the word and a space; undefined when no line's word is `key`) and whether a longer
 * word starting with `key` is in the table (a search for the key extended may find something).
 */
export function sortedLineOf(table: Buffer, key: Buffer, from = 0): { value: string | undefined; longer: boolean } {
  let start = lowerBound(table, key, from);
  if (start >= table.length) return { value: undefined, longer: false };
  let line = lineAt(table, start);
  let value: string | undefined;
  if (line.word.equals(key)) {
    value = table.toString('utf8', start + line.word.length + 1, line.end);
    start = line.end + 1;
    if (start >= table.length) return { value, longer: false };
    line = lineAt(table, start);
  }
  return { value, longer: line.word.length > key.length && line.word.subarray(0, key.length).equals(key) };
}

/** Lines (`word rest`, one per word) as a table sorted by word. */
export function sortedLines(lines: Iterable<{ word: string; line: string }>): Buffer {
  const sorted = [...lines].map((l) => ({ key: Buffer.from(l.word), line: l.line }));
  sorted.sort((a, b) => Buffer.compare(a.key, b.key));
  return Buffer.from(sorted.map((l) => l.line).join('\n'));
}
