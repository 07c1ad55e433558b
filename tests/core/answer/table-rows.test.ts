import { describe, expect, it } from 'vitest';
import { SectionIndex } from '../../../src/core/search.js';
import { excludedQualifiers, hasRowFor } from '../../../src/core/answer/table-rows.js';
import { decision, DOC } from './fixture.js';

/** The plan's indicator table as the loader reads it (one row per line; "———" where 2020 has no value). */
const TABLE = [
  '主要指标 单位 基期值 规划值',
  '2020 年 2025 年',
  '每万人口高价值发明专利拥有量 件 13.5 20 预期性',
  '海外发明专利授权量 万件 ——— (8) 预期性',
  '商标品牌发展指数 分 87.95 90 预期性',
  '知识产权使用费年进出口总额 亿元 ——— 1100 预期性',
  '版权产业增加值占地区生产总值比重 % 8.7 9.2 预期性',
  '地理标志产品交易额 亿元 (752.5) (1510) 预期性',
].join('\n');

const INDEX = new SectionIndex({
  documents: [DOC],
  sections: [
    { id: 'plan#0', docId: 'report', headingPath: ['“十四五”知识产权发展主要指标表'], text: TABLE, order: 0 },
    { id: 'plan#1', docId: 'report', headingPath: ['国际合作'], text: '支持企业提交PCT国际专利申请，开展海外知识产权布局。', order: 1 },
  ],
  warnings: [],
});

const decided = (q: string) => decision(q, { index: INDEX });

describe('answers from an indicator table', () => {
  it('answers a figure through the row about it', () => {
    expect(decided('2025年每万人口高价值发明专利拥有量目标是多少？').answer?.entry.section.id).toBe('plan#0');
    expect(decided('2020年版权产业增加值占地区生产总值比重是多少？').answer?.entry.section.id).toBe('plan#0');
  });

  it('declines an indicator the table does not hold, though its heading and other rows share the words', () => {
    expect(decided('2025年PCT国际发明专利授权量是多少？')).toMatchObject({ answer: undefined, reason: 'no-row' });
  });

  it('declines the base-year value of a row printed "———", and answers its target', () => {
    expect(decided('知识产权使用费年进出口总额2020年是多少？')).toMatchObject({ answer: undefined, reason: 'no-row' });
    expect(decided('知识产权使用费年进出口总额2025年目标是多少？').answer?.entry.section.id).toBe('plan#0');
  });

  it('declines a count of things through a row that gives their money value, and answers the value itself', () => {
    expect(decided('2025年地理标志产品要批准多少个？')).toMatchObject({ answer: undefined, reason: 'no-row' });
    expect(decided('地理标志产品交易额2025年目标是多少？').answer?.entry.section.id).toBe('plan#0');
  });

  it('declines the number of things asked by name (有效注册商标量, "number of") through a row giving an index in points', () => {
    expect(decided('2025年有效注册商标量的目标是多少？').answer).toBeUndefined();
    expect(decided("What's the 2025 target for the number of valid registered trademarks?")).toMatchObject({ answer: undefined });
    expect(decided('2025年商标品牌发展指数目标是多少？').answer?.entry.section.id).toBe('plan#0');
  });

  it('declines a figure whose only row is the qualifier the asker set aside (不计高价值), and reads what is set aside', () => {
    expect(excludedQualifiers('每万人口发明专利拥有量(不计高价值)2025年目标是多少?')).toEqual(['高价值']);
    expect(excludedQualifiers('每万人口发明专利拥有量(不限高价值的)目标是多少')).toEqual(['高价值']);
    expect(excludedQualifiers('不包括港澳,全国有几多')).toEqual(['港澳']);
    expect(excludedQualifiers('每万人口高价值发明专利拥有量目标是多少')).toEqual([]);
    const entry = INDEX.entry('plan#0')!;
    const group = (alternatives: string[], weight: number) => ({ alternatives, weight, anchor: true, absent: false, general: false, surface: alternatives[0]! });
    const question = [group(['拥有量'], 3.6), group(['发明专利'], 3.1)];
    expect(hasRowFor(entry, question, [2025])).toBe(true);
    expect(hasRowFor(entry, question, [2025], false, ['高价值'])).toBe(false);
  });

  it("does not take a column's name (基期值, 规划值) for the subject a row must name", () => {
    const entry = INDEX.entry('plan#0')!;
    const group = (alternatives: string[], weight: number) => ({ alternatives, weight, anchor: true, absent: false, general: false, surface: alternatives[0]! });
    expect(hasRowFor(entry, [group(['基期'], 4.7), group(['商标', '品牌'], 2.3)], [2020])).toBe(true);
    expect(hasRowFor(entry, [group(['马德里'], 4.7), group(['商标'], 2.3)], [2025])).toBe(false);
  });
});
