import { describe, expect, it } from 'vitest';
import { bytesOf, SortedTable, sortedTable } from '../../../src/core/text/sorted-table.js';

/** Words sharing prefixes, long enough to fill many blocks, in no particular order. */
const words = Array.from({ length: 6000 }, (_, k) => `${'专利商标版权'[k % 6]}${(k * 7919) % 6000}${k % 3 === 0 ? '号' : ''}`);
const table = sortedTable(
  words.map((word, k) => ({ word, line: `${word} ${k} n` })),
  'sum 42',
);

describe('a sorted table read block by block', () => {
  const reads: number[] = [];
  const bytes = bytesOf(table);
  const opened = SortedTable.open({ size: bytes.size, read: (offset, length) => (reads.push(length), bytes.read(offset, length)) })!;

  it('finds every word and its line, and nothing else', () => {
    expect(opened.meta).toBe('sum 42');
    words.forEach((word, k) => expect(opened.value(word), word).toBe(`${k} n`));
    for (const absent of ['', '专', '专利', '专10000', 'x', '\uffff']) expect(opened.value(absent), absent).toBeUndefined();
  });

  it('tells whether a longer word starts with the key, across block ends too', () => {
    const sortedWords = [...new Set(words)].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const key of ['专', '专1', '专12', '专599', '版5999', '版5999号', '权', '权9999']) {
      const longer = sortedWords.some((w) => w.length > key.length && w.startsWith(key));
      expect(opened.lookup(key).longer, key).toBe(longer);
    }
  });

  it('reads a few kilobytes for a look-up, not the table', () => {
    const fresh = SortedTable.open({ size: bytes.size, read: (offset, length) => (reads.push(length), bytes.read(offset, length)) })!;
    reads.length = 0;
    fresh.value(words[123]!);
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThan(8192);
    expect(table.length).toBeGreaterThan(50_000);
  });

  it('refuses bytes that are not a whole table', () => {
    for (const damaged of [Buffer.from('not a table'), Buffer.alloc(0), table.subarray(0, table.length - 1), Buffer.concat([table, Buffer.from('x')])]) {
      expect(SortedTable.open(bytesOf(damaged))).toBeUndefined();
    }
  });
});
