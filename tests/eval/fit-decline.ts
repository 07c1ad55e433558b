/**
 * `node --import tsx tests/eval/fit-decline.ts`: the curves behind the decline decision, on the development sets
 * only (never the held-out ones). (1) A logistic regression over declineFeatures of the best-ranked passage, fitted
 * on dev…dev4: its weights, and answered in-scope against declined near misses by threshold, alone (no fact-kind
 * checks). (2) The engine as shipped (fact-kind checks included) by its coverage threshold, per set: hit@1,
 * answered, declined. A tool for docs/search.md.
 */
import { cleanQuestion } from '../../src/core/answer/clean.js';
import { contentGroups, unknownWeight, withoutFrame } from '../../src/core/answer/content.js';
import { declineFeatures, type DeclineFeatures } from '../../src/core/answer/decide.js';
import { intentOf } from '../../src/core/answer/intent.js';
import { rank } from '../../src/core/answer/rank.js';
import { SectionIndex } from '../../src/core/search.js';
import { foldQuery } from '../../src/core/text/fold.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { loadGlossary } from '../../src/knowledge/load-engine.js';
import { loadAnswerEngine } from '../../src/knowledge/load-engine.js';
import { askAll } from './engine.js';
import { report } from './metrics.js';
import { loadQuestionSet, type SetName } from './questions.js';

const FIT_SETS: SetName[] = ['dev', 'dev2', 'dev3', 'dev4'];
const index = new SectionIndex(loadKnowledge('knowledge'));
const { glossary } = loadGlossary('knowledge');
const unknown = unknownWeight(index);

interface Row { set: SetName; id: string; inScope: boolean; x: number[] }
const NAMES: Array<keyof DeclineFeatures> = ['coverage', 'anchored', 'absentSubject', 'matchedMass', 'lead', 'focus', 'asksFact'];
const rows: Row[] = [];
for (const set of FIT_SETS) {
  for (const q of loadQuestionSet(set)) {
    const cleaned = cleanQuestion(q.q);
    const folded = foldQuery(cleaned, glossary);
    const intent = intentOf(folded.text, cleaned);
    const groups = withoutFrame(contentGroups(index, folded), intent);
    const ranked = rank(index, folded, groups, intent);
    const best = ranked[0];
    if (!best) continue;
    const f = declineFeatures(best, ranked[1], groups, intent, unknown);
    rows.push({ set, id: q.id, inScope: q.inScope, x: NAMES.map((n) => f[n]) });
  }
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
let w = NAMES.map(() => 0);
let b = 0;
const train = rows;
for (let epoch = 0; epoch < 4000; epoch++) {
  const gw = w.map(() => 0);
  let gb = 0;
  for (const r of train) {
    const p = sigmoid(b + r.x.reduce((s, v, i) => s + v * (w[i] ?? 0), 0));
    const err = p - (r.inScope ? 1 : 0);
    r.x.forEach((v, i) => (gw[i] = (gw[i] ?? 0) + err * v));
    gb += err;
  }
  w = w.map((v, i) => v - (0.5 * ((gw[i] ?? 0) / train.length) + 0.001 * v));
  b -= 0.5 * (gb / train.length);
}
console.log('weights', Object.fromEntries(NAMES.map((n, i) => [n, Number((w[i] ?? 0).toFixed(3))])), 'bias', Number(b.toFixed(3)));
const score = (r: Row) => sigmoid(b + r.x.reduce((s, v, i) => s + v * (w[i] ?? 0), 0));
for (const set of FIT_SETS) {
  const own = rows.filter((r) => r.set === set);
  const line: string[] = [];
  for (const t of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
    const ins = own.filter((r) => r.inScope);
    const outs = own.filter((r) => !r.inScope);
    const answered = ins.filter((r) => score(r) >= t).length / ins.length;
    const declined = outs.filter((r) => score(r) < t).length / outs.length;
    line.push(`t=${t}: answered ${answered.toFixed(2)} declined ${declined.toFixed(2)}`);
  }
  console.log(set, line.join(' | '));
}

console.log('\nthe engine by coverage threshold (fact-kind checks included): hit@1 / answered / declined');
for (const minCoverage of [0.5, 0.55, 0.6, 0.65, 0.7]) {
  const { engine } = loadAnswerEngine('knowledge', { minCoverage });
  const cells = FIT_SETS.map((set) => {
    const m = report(askAll(engine, loadQuestionSet(set))).overall;
    const f = (v: number | null) => (v ?? NaN).toFixed(3);
    return `${set} ${f(m.hit1)}/${f(m.answered)}/${f(m.declined)}`;
  });
  console.log(`coverage ≥ ${minCoverage.toFixed(2)}: ${cells.join('  ')}`);
}
