/**
 * The engine engineer's own development set (tests/eval/dev2.jsonl): worded independently of the dev set,
 * with English, Cantonese and near-miss off-topic questions. Shape, answerability and floors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { askAll, loadEngine, type LoadedEngine } from './engine.js';
import { containsExpected, QUESTION_LANGS, summarize, type QuestionScore } from './metrics.js';
import { loadQuestionSet } from './questions.js';

/** Measured minus a margin (docs/search.md). */
const FLOORS = { hit1: 0.82, hit3: 0.95, declined: 1.0 };

describe('dev2 set', () => {
  const questions = loadQuestionSet('dev2');
  let loaded: LoadedEngine;
  let scores: QuestionScore[];

  beforeAll(async () => {
    loaded = await loadEngine();
    scores = askAll(loaded.engine, questions);
  }, 120_000);

  it('has at least 60 questions in all four languages, 15 or more of them out of scope', () => {
    expect(questions.length).toBeGreaterThanOrEqual(60);
    expect(questions.filter((q) => !q.inScope).length).toBeGreaterThanOrEqual(15);
    for (const lang of QUESTION_LANGS) expect(questions.filter((q) => q.lang === lang).length, lang).toBeGreaterThanOrEqual(5);
  });

  it('repeats no question of the other sets', () => {
    const others = new Set(['dev', 'dev3', 'holdout', 'holdout2'].flatMap((name) => loadQuestionSet(name as 'dev').map((q) => q.q)));
    expect(questions.filter((q) => others.has(q.q)).map((q) => q.id)).toEqual([]);
  });

  it('every expected phrase occurs in some section', () => {
    const texts = loaded.kb.sections.map((s) => s.text);
    expect(questions.filter((q) => q.inScope && !texts.some((t) => containsExpected(t, q.expect))).map((q) => q.id)).toEqual([]);
  });

  it(`hit@1 ≥ ${FLOORS.hit1}, hit@3 ≥ ${FLOORS.hit3}, every off-topic question declined`, () => {
    const m = summarize(scores);
    const missed = scores.filter((s) => (s.inScope && s.rank !== 1) || (!s.inScope && s.answered)).map((s) => `${s.id} ${s.q} → rank ${s.rank}`);
    expect(m.hit1!, missed.join('\n')).toBeGreaterThanOrEqual(FLOORS.hit1);
    expect(m.hit3!, missed.join('\n')).toBeGreaterThanOrEqual(FLOORS.hit3);
    expect(m.declined!, missed.join('\n')).toBeGreaterThanOrEqual(FLOORS.declined);
  });
});
