import { describe, expect, it } from 'vitest';
import { contentGroups, withoutFrame } from '../../../src/core/answer/content.js';
import { decide, DEFAULT_MIN_COVERAGE, isVague } from '../../../src/core/answer/decide.js';
import { intentOf } from '../../../src/core/answer/intent.js';
import { rank } from '../../../src/core/answer/rank.js';
import { fold, INDEX } from './fixture.js';

function decision(q: string, year = 2026) {
  const folded = fold(q);
  const intent = intentOf(folded.text, q);
  const groups = withoutFrame(contentGroups(INDEX, folded), intent);
  const ranked = rank(INDEX, folded, groups, intent);
  return decide({ question: q, folded: folded.text, groups, intent, ranked, minCoverage: DEFAULT_MIN_COVERAGE, year });
}

describe('the decline decision', () => {
  it('answers from a passage that covers the question', () => {
    expect(decision('正版正货承诺是什么？').answer?.entry.section.id).toBe('report#1');
  });

  it('declines a question about something the documents never mention', () => {
    expect(decision('香港护照点样续期？')).toMatchObject({ answer: undefined, reason: 'no-covering-passage' });
  });

  it('declines a fee the passage does not state, and the date of an event still to come', () => {
    expect(decision('What is the fee for the patent agent exam?')).toMatchObject({ answer: undefined });
    expect(decision('下一届知识产权研讨会几时举行？')).toMatchObject({ answer: undefined, reason: 'upcoming-date' });
    expect(decision('知识产权研讨会几时举行？').answer?.entry.section.id).toBe('report#2');
  });

  it('declines a how-many question no sentence counts', () => {
    expect(decision('正版正货承诺有多少间商户参与？')).toMatchObject({ answer: undefined });
  });

  it('finds a one-word question about what every passage shares too vague to answer', () => {
    expect(isVague(contentGroups(INDEX, fold('香港？')))).toBe(true);
    expect(isVague(contentGroups(INDEX, fold('正版正货承诺')))).toBe(false);
  });
});
