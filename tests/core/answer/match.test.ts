import { describe, expect, it } from 'vitest';
import { longestCommonRun, occurs, partialMatch, phraseBonus } from '../../../src/core/answer/match.js';

describe('matching', () => {
  it('finds a number only where it stands alone', () => {
    expect(occurs('第15届', '15')).toBe(true);
    expect(occurs('2015年', '15')).toBe(false);
    expect(occurs('专利代理人', '代理')).toBe(true);
  });

  it('gives half credit for the share of a long word\'s bigrams found', () => {
    expect(partialMatch(['知识产权局'], '知识产权署')).toBeCloseTo(0.375);
    expect(partialMatch(['ab'], 'ab')).toBe(0);
  });

  it('measures the longest shared stretch and turns it into a bounded bonus', () => {
    expect(longestCommonRun('香港知识产权署长', '由知识产权署主办')).toBe(5);
    expect(phraseBonus(4)).toBe(0);
    expect(phraseBonus(6)).toBeCloseTo(0.1);
    expect(phraseBonus(40)).toBe(0.3);
  });
});
