import { describe, expect, it } from 'vitest';
import { compose, outOfScope, QUOTE_CHARS, shortQuote, smallTalk } from '../../../src/core/answer/compose.js';
import { intentOf, NO_INTENT } from '../../../src/core/answer/intent.js';
import type { Ranked } from '../../../src/core/answer/rank.js';
import { SectionIndex } from '../../../src/core/search.js';
import { loadGlossary } from '../../../src/knowledge/load-engine.js';
import { DOC, entry } from './fixture.js';

const ranked: Ranked[] = [0, 1].map((order) => ({ entry: entry(order), bm25: 1, coverage: 1, anchored: true, focus: 1, score: 2 - order }));
const { glossary } = loadGlossary('knowledge');
const now = new Date('2026-01-01');

/** Composes the answer a question of this wording would get from passage `order` quoting `quote`. */
const answerFrom = (order: number, quote: string, question: string, lang: 'zh-Hant' | 'zh-Hans' | 'en') => {
  const best: Ranked = { entry: entry(order), bm25: 1, coverage: 1, anchored: true, focus: 1, score: 2 };
  const folded = question;
  return compose({ query: question, lang, ranked: [best], quote, intent: intentOf(folded, question), folded, now, glossary });
};

describe('reply composition', () => {
  it('quotes in the reply script, cites short title, section and date on one line, and notes an old source once', () => {
    const a = compose({ query: 'q', lang: 'zh-Hans', ranked, quote: '其中5人通過考試。', intent: NO_INTENT, folded: 'q', now });
    expect(a).toMatchObject({ answered: true, kind: 'answer', lang: 'zh-Hans' });
    expect(a.blocks.find((b) => b.type === 'quote')?.text).toBe('其中5人通过考试。');
    expect(a.blocks.find((b) => b.type === 'source')?.text).toBe('出处：《粤港知识产权合作进展报告》 专利代理人资格考试，2017-06-30');
    expect(a.blocks.filter((b) => b.type === 'note')).toEqual([{ type: 'note', text: '2017年的进展报告，情况或已改变。' }]);
    // Nothing above the quote repeats the title.
    expect(a.answer.match(/《/g)).toHaveLength(1);
    expect(a.sources.map((s) => s.sectionId)).toEqual(['report#0', 'report#1']);
    expect(a.sources[0]).toMatchObject({ docId: 'report', text: expect.stringContaining('协助香港考生') });
  });

  it('frames an English answer in English around the Chinese quote, never translating it', () => {
    const a = compose({ query: 'q', lang: 'en', ranked, quote: '其中5人通過考試。', intent: NO_INTENT, folded: 'q', now: new Date('2018-01-01') });
    expect(a.blocks[0]?.text).toBe('The document says (quoted in Chinese):');
    expect(a.blocks.find((b) => b.type === 'quote')?.text).toBe('其中5人通過考試。');
    expect(a.answer).toContain(`Source: ${DOC.titleEn}`);
  });

  it('opens a how-many answer with the figure, its counted noun and year, all spans of the quoted sentence', () => {
    const a = answerFrom(0, '2016年共有120名香港考生在廣東考點報名，其中5人通過考試。', '2016年有几多个香港考生报名？', 'zh-Hant');
    expect(a.blocks[0]).toEqual({ type: 'heading', text: '120名香港考生（2016年）' });
    const en = answerFrom(0, '2016年共有120名香港考生在廣東考點報名，其中5人通過考試。', '2016年有几多个香港考生报名？', 'en');
    expect(en.blocks[0]).toEqual({ type: 'heading', text: '120 people (2016)' });
  });

  it('leads a value with its currency and scale, "more than" kept, and a value asked over the count beside it', () => {
    const quote = '在四次的行動中，港方共查獲14宗案件，近10萬件侵權貨品，總值約港幣1,388萬元。粵方海關共查獲侵權貨物60餘萬件。';
    expect(answerFrom(0, quote, '港方查获的侵权货品总值是多少？', 'zh-Hant').blocks[0]).toEqual({ type: 'heading', text: '港幣1,388萬元' });
    expect(answerFrom(0, quote, '港方查获的侵权货品总值是多少？', 'en').blocks[0]).toEqual({ type: 'heading', text: '13.88 million HK dollars' });
    expect(answerFrom(0, '粵方海關共查獲侵權貨物60餘萬件。', '粤方海关查获多少件侵权货物？', 'zh-Hant').blocks[0]).toEqual({ type: 'heading', text: '60餘萬件' });
    expect(answerFrom(0, '粵方海關共查獲侵權貨物60餘萬件。', '粤方海关查获多少件侵权货物？', 'en').blocks[0]).toEqual({ type: 'heading', text: 'over 600,000 items' });
  });

  it('opens a when answer with the date, in English for English askers', () => {
    const quote = '2016年12月在廣州舉辦粵港知識產權研討會，由廣東省知識產權局主辦。';
    expect(answerFrom(2, quote, '研讨会什么时候举办？', 'zh-Hans').blocks[0]).toEqual({ type: 'heading', text: '2016年12月' });
    expect(answerFrom(2, quote, '研讨会什么时候举办？', 'en').blocks[0]).toEqual({ type: 'heading', text: 'December 2016' });
  });

  it('opens a where answer with the place and a who answer with the body by its glossary English name', () => {
    const quote = '2016年12月在廣州舉辦粵港知識產權研討會，由廣東省知識產權局主辦。';
    expect(answerFrom(2, quote, '研讨会在哪里举办？', 'zh-Hant').blocks[0]).toEqual({ type: 'heading', text: '在廣州舉辦' });
    expect(answerFrom(2, quote, '研讨会在哪里举办？', 'en').blocks[0]).toEqual({ type: 'heading', text: 'Guangzhou' });
    expect(answerFrom(2, quote, '研讨会由哪个部门主办？', 'zh-Hant').blocks[0]).toEqual({ type: 'heading', text: '廣東省知識產權局' });
    expect(answerFrom(2, quote, '研讨会由哪个部门主办？', 'en').blocks[0]).toEqual({ type: 'heading', text: 'Guangdong Intellectual Property Office' });
  });

  it('leads a place where something happens with what happens there, never a bare one-character abbreviation', () => {
    const quote = '2016年，共有30名香港考生在粵報名參加全國專利代理人資格考試，5人通過考試。';
    expect(answerFrom(2, quote, '香港考生在哪里考专利代理人考试？', 'zh-Hant').blocks[0]).toEqual({ type: 'heading', text: '在粵報名' });
  });

  it('states no lead when the quoted sentence holds no span of the kind asked (nothing is composed)', () => {
    const a = answerFrom(1, '參與商戶承諾只售賣正版貨品。', '正版正货承诺几时开始？', 'zh-Hans');
    expect(a.blocks[0]?.type).toBe('quote');
  });

  it('cuts a long quote to about 250 characters around the sentence with the fact, marking cuts with …', () => {
    const filler = '粵港雙方繼續加強知識產權交流合作，推動兩地企業運用知識產權，提升品牌價值。'.repeat(4);
    const quote = `${filler}2016年共有120名香港考生報名。${filler}`;
    const cut = shortQuote(quote, { sentence: '2016年共有120名香港考生報名。', at: 5 });
    expect(cut.length).toBeLessThanOrEqual(QUOTE_CHARS + 2);
    expect(cut).toContain('2016年共有120名香港考生報名。');
    expect(cut).toMatch(/^…|…$/);
    expect(shortQuote('短句。')).toBe('短句。');
  });

  it('labels a table row: 2020 value, 2025 target and attribute, in the asker\'s script and in English', () => {
    const table = '序号 类别 主要指标 单位\n基期值 规划值\n2020 年 2025 年\n属性\n每万人口高价值发明专利拥有量 件 13.5 20 预期性\n海外发明专利授权量 万件 ——— (8) 预期性';
    const kb = { documents: [{ ...DOC, script: 'zh-Hans' as const }], sections: [{ id: 'plan#0', docId: 'report', headingPath: ['主要指标表'], text: table, order: 0 }], warnings: [] };
    const index = new SectionIndex(kb);
    const best: Ranked = { entry: index.entry('plan#0')!, bm25: 1, coverage: 1, anchored: true, focus: 1, score: 2 };
    const row = '每万人口高价值发明专利拥有量 件 13.5 20 预期性';
    const zh = compose({ query: 'q', lang: 'zh-Hans', ranked: [best], quote: row, intent: NO_INTENT, folded: 'q', now, glossary });
    expect(zh.blocks[0]).toEqual({ type: 'heading', text: '每万人口高价值发明专利拥有量：2020年 13.5件 → 2025年目标 20件（预期性）' });
    // The row as printed stays as the evidence.
    expect(zh.blocks[1]).toEqual({ type: 'quote', text: row });
    const hant = compose({ query: 'q', lang: 'zh-Hant', ranked: [best], quote: row, intent: NO_INTENT, folded: 'q', now, glossary });
    expect(hant.blocks[0]?.text).toBe('每萬人口高價值發明專利擁有量：2020年 13.5件 → 2025年目標 20件（預期性）');
    const en = compose({ query: 'q', lang: 'en', ranked: [best], quote: row, intent: NO_INTENT, folded: 'q', now, glossary });
    expect(en.blocks[0]?.text).toBe('每萬人口高價值發明專利擁有量: 2020: 13.5 → 2025 target: 20 (expected)');
  });

  it('declines briefly and greets in the asker\'s language, quoting nothing', () => {
    expect(outOfScope('q', 'en')).toMatchObject({ answered: false, kind: 'out-of-scope', sources: [] });
    expect(outOfScope('q', 'zh-Hant').answer).toContain('我的文件沒有涵蓋');
    expect(outOfScope('q', 'zh-Hant').blocks).toHaveLength(1);
    // A live fact: how far the documents go, not that the subject is not theirs.
    expect(outOfScope('q', 'zh-Hant', '2022').answer).toContain('最新的是2022年');
    expect(outOfScope('q', 'zh-Hant', '2022').answer).not.toContain('沒有涵蓋');
    expect(outOfScope('q', 'en', '2022').answer).toContain("can't say what holds now or what comes next");
    expect(smallTalk('hi', 'zh-Hans', 'greeting').answer).toContain('你好');
  });
});
