/**
 * Answers fit a phone: over the development sets (not the held-out ones, which only measure), the
 * median answer is at most 450 characters and none is over 1,200 — what a person scrolls through
 * before the lead line, the quote and the source have all been seen (docs/conversations.md).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type LoadedEngine } from './engine.js';
import { ALL_SETS, HELD_OUT_SETS, loadQuestionSet } from './questions.js';

const MEDIAN_MAX = 450;
const LONGEST_MAX = 1200;

let loaded: LoadedEngine;
beforeAll(async () => {
  loaded = await loadEngine();
}, 120_000);

describe('answer length', () => {
  it(`median ≤ ${MEDIAN_MAX} characters and none over ${LONGEST_MAX}, over every development set`, () => {
    const sets = ALL_SETS.filter((name) => !HELD_OUT_SETS.has(name));
    const answers = sets.flatMap((name) => loadQuestionSet(name).map((q) => ({ q: q.q, text: loaded.engine.ask(q.q).answer })));
    const lengths = answers.map((a) => a.text.length).sort((a, b) => a - b);
    const median = lengths[Math.floor(lengths.length / 2)]!;
    expect(sets.length).toBeGreaterThanOrEqual(3);
    expect(median).toBeLessThanOrEqual(MEDIAN_MAX);
    expect(answers.filter((a) => a.text.length > LONGEST_MAX).map((a) => `${a.text.length}: ${a.q}`)).toEqual([]);
    // Every development set is asked in full (3,900 questions, 16–18 s here): more than the 30 s default on a loaded machine.
  }, 120_000);
});
