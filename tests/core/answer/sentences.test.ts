import { describe, expect, it } from 'vitest';
import { contentGroups } from '../../../src/core/answer/content.js';
import { intentOf } from '../../../src/core/answer/intent.js';
import { bestSentences, splitSentences } from '../../../src/core/answer/sentences.js';
import { entry, fold, INDEX } from './fixture.js';

function quote(q: string, order: number, max = 1) {
  const folded = fold(q);
  return bestSentences(entry(order), contentGroups(INDEX, folded), intentOf(folded.text, q), max);
}

describe('sentence selection', () => {
  it('splits at full stops, semicolons and line breaks, keeping the punctuation', () => {
    expect(splitSentences('甲。乙；丙\n丁！')).toEqual(['甲。', '乙；', '丙', '丁！']);
  });

  it('quotes the sentence with the fact asked for, not the passage\'s opening', () => {
    expect(quote('有几多人通过考试？', 0)).toBe('2016年共有120名香港考生在廣東考點報名，其中5人通過考試。');
    expect(quote('考试几时举行？', 0)).toMatch(/11月/);
  });

  it('marks a gap between sentences that are not neighbours', () => {
    expect(quote('考试几月举行？有几多人通过？', 0, 2)).toBe('2016年共有120名香港考生在廣東考點報名，其中5人通過考試。考試於11月舉行。');
    expect(quote('全国资格考试11月举行', 0, 2)).toBe('協助香港考生參加全國專利代理人資格考試。……考試於11月舉行。');
  });
});
