import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import { describe, expect, it } from 'vitest';
import { bytesOf, SortedTable } from '../../src/core/text/sorted-table.js';
import { sortedEnglishWordsTable } from '../../src/knowledge/english-words.js';

describe('the English word list as a sorted table (saved beside the engine)', () => {
  it('holds exactly the words of the list', () => {
    const list = readFileSync(wordListPath, 'utf8').split('\n').filter(Boolean);
    const opened = SortedTable.open(bytesOf(sortedEnglishWordsTable()))!;
    for (const word of list) expect(opened.value(word), word).toBe('');
    for (const other of ['enforcment', 'medecine', 'wher', 'tencent', 'zzzzz']) expect(opened.value(other), other).toBeUndefined();
  });
});
