import { describe, expect, it } from 'vitest';
import { speaksOfYear, unsupportedFact } from '../../../src/core/answer/facts.js';
import { entry, fold } from './fixture.js';

const unsupported = (q: string, order: number) => unsupportedFact(q, fold(q).text, entry(order));

describe('fact kinds the documents never state', () => {
  it('declines a fee question unless the passage gives an amount of money', () => {
    expect(unsupported('考試費用多少錢？', 0)).toBe('money');
  });

  it('declines a phone number, an opening time and a recommendation', () => {
    expect(unsupported('What is the phone number of customs?', 1)).toBe('contact');
    expect(unsupported('香港海關今日有冇開？', 1)).toBe('contact');
    expect(unsupported('Can you recommend a good IP firm?', 2)).toBe('recommendation');
  });

  it('lets an ordinary question through', () => {
    expect(unsupported('考試在哪裡報名？', 0)).toBeUndefined();
  });

  it('knows whether a passage speaks of a year or later', () => {
    expect(speaksOfYear(entry(2), 2016)).toBe(true);
    expect(speaksOfYear(entry(2), 2026)).toBe(false);
  });
});
