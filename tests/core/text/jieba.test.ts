import { readdirSync, readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { describe, expect, it } from 'vitest';
import { jiebaData, jiebaFor, sortedDictionaryTable, useSortedDictionary } from '../../../src/core/text/jieba.js';
import { toSimplified } from '../../../src/core/text/script.js';
import { bytesOf, SortedTable, sortedTable } from '../../../src/core/text/sorted-table.js';

/** Every line of the documents and every development question, as written and folded to Simplified. */
function texts(): string[] {
  const out: string[] = [];
  for (const file of readdirSync('knowledge/docs')) out.push(...readFileSync(`knowledge/docs/${file}`, 'utf8').split('\n'));
  for (const set of readdirSync('tests/eval').filter((f) => /^(questions|dev\d*)\.jsonl$/.test(f))) {
    for (const line of readFileSync(`tests/eval/${set}`, 'utf8').split('\n')) if (line.trim()) out.push((JSON.parse(line) as { q: string }).q);
  }
  out.push('', '   ', '😀👍', 'CEPA 同 PCT 有咩關係？', 'iPhone15 Pro Max', '\u0000\u0007控制字元', '\uFDD0\uFDD1 佔位字', '一'.repeat(300));
  return [...new Set(out.flatMap((t) => [t, toSimplified(t).toLowerCase()]))];
}

describe('jieba with the words of each text loaded from the sorted dictionary', () => {
  const whole = Jieba.withDict(jiebaData().dict);
  const all = texts();
  expect(useSortedDictionary(SortedTable.open(bytesOf(sortedDictionaryTable()))!)).toBe(true);

  it('cuts and tags every document line and question exactly as with the whole dictionary', () => {
    for (const text of all) {
      const partial = jiebaFor(text);
      expect(partial.cut(text, false), text).toEqual(whole.cut(text, false));
      expect(partial.tag(text, false), text).toEqual(whole.tag(text, false));
    }
  });

  it('gives the same cut to a text seen before and to one cut after many others', () => {
    for (const text of all.slice(0, 50)) expect(jiebaFor(text).tag(text, false), text).toEqual(whole.tag(text, false));
  });

  it('refuses a sorted table that is not the dictionary', () => {
    const idfLike = SortedTable.open(bytesOf(sortedTable([{ word: '的', line: '的 0.5' }])))!;
    expect(useSortedDictionary(idfLike)).toBe(false);
    const withoutCommonestWord = SortedTable.open(bytesOf(sortedTable([{ word: '专利', line: '专利 5 n' }], '100')))!;
    expect(useSortedDictionary(withoutCommonestWord)).toBe(false);
  });
});
