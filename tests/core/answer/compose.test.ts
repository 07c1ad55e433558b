import { describe, expect, it } from 'vitest';
import { compose, outOfScope, smallTalk } from '../../../src/core/answer/compose.js';
import { NO_INTENT } from '../../../src/core/answer/intent.js';
import type { Ranked } from '../../../src/core/answer/rank.js';
import { entry } from './fixture.js';

const ranked: Ranked[] = [0, 1].map((order) => ({ entry: entry(order), bm25: 1, coverage: 1, anchored: true, focus: 1, score: 2 - order }));

describe('reply composition', () => {
  it('quotes in the reply script, cites document, section and date, and notes an old source', () => {
    const a = compose({ query: 'q', lang: 'zh-Hans', ranked, quote: '其中5人通過考試。', intent: NO_INTENT, folded: 'q', now: new Date('2026-01-01') });
    expect(a).toMatchObject({ answered: true, kind: 'answer', lang: 'zh-Hans' });
    expect(a.blocks.find((b) => b.type === 'quote')?.text).toBe('其中5人通过考试。');
    expect(a.blocks.find((b) => b.type === 'source')?.text).toBe('出处：《粤港知识产权合作进展报告》 › 专利代理人资格考试（2017-06-30）');
    expect(a.blocks.some((b) => b.type === 'note' && b.text.includes('2017'))).toBe(true);
    expect(a.sources.map((s) => s.sectionId)).toEqual(['report#0', 'report#1']);
    expect(a.sources[0]).toMatchObject({ docId: 'report', text: expect.stringContaining('协助香港考生') });
  });

  it('frames an English answer in English around the Traditional quote', () => {
    const a = compose({ query: 'q', lang: 'en', ranked, quote: '其中5人通過考試。', intent: NO_INTENT, folded: 'q', now: new Date('2018-01-01') });
    expect(a.blocks[0]?.text).toBe('According to "Progress report" (quoted in Chinese):');
    expect(a.answer).toContain('Source: Progress report');
  });

  it('declines and greets in the asker\'s language, quoting nothing', () => {
    expect(outOfScope('q', 'en')).toMatchObject({ answered: false, kind: 'out-of-scope', sources: [] });
    expect(outOfScope('q', 'zh-Hant').answer).toContain('我的文件沒有涵蓋');
    expect(smallTalk('hi', 'zh-Hans', 'greeting').answer).toContain('你好');
  });
});
