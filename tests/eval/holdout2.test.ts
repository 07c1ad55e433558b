/**
 * The second held-out set: written from the documents and from how people ask, without reading the
 * engine or the other question sets. Checked for shape and answerability only — no floor on its
 * scores, so it keeps measuring rather than becoming one more target to tune for.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { containsExpected, QUESTION_LANGS } from './metrics.js';
import { loadQuestionSet } from './questions.js';
import { isRedacted, runEvalCli, type EvalJson } from './run-cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('held-out set 2', () => {
  const questions = loadQuestionSet('holdout2');

  it('has 80 questions in all four languages, a quarter of them out of scope', () => {
    expect(questions.length).toBe(80);
    expect(questions.filter((q) => !q.inScope).length).toBeGreaterThanOrEqual(20);
    const minimum = { en: 20, yue: 15, 'zh-Hant': 12, 'zh-Hans': 15 } as const;
    for (const lang of QUESTION_LANGS) {
      expect(questions.filter((q) => q.lang === lang).length, lang).toBeGreaterThanOrEqual(minimum[lang]);
      expect(questions.filter((q) => q.lang === lang && !q.inScope).length, `${lang} out of scope`).toBeGreaterThanOrEqual(4);
    }
  });

  it('has its own ids and repeats no question of the other sets', () => {
    expect(questions.filter((q) => !q.id.startsWith('h2-')).map((q) => q.id)).toEqual([]);
    const others = [...loadQuestionSet('dev'), ...loadQuestionSet('holdout')];
    const otherIds = new Set(others.map((q) => q.id));
    const otherTexts = new Set(others.map((q) => q.q.trim()));
    expect(questions.filter((q) => otherIds.has(q.id) || otherTexts.has(q.q.trim())).map((q) => q.id)).toEqual([]);
  });

  it('labels only documents of the catalogue', () => {
    const catalogue = parseYaml(readFileSync(`${ROOT}knowledge/catalogue.yaml`, 'utf8')) as { documents: Array<{ id: string }> };
    const docIds = new Set(catalogue.documents.map((d) => d.id));
    expect(questions.filter((q) => q.doc !== undefined && !docIds.has(q.doc)).map((q) => q.id)).toEqual([]);
  });

  it('every expected phrase occurs in a section of the loaded knowledge base (and in its labelled document)', () => {
    const { sections } = loadKnowledge(`${ROOT}knowledge`);
    const inScope = questions.filter((q) => q.inScope);
    // Ids only: the phrases stay unprinted, as for the first held-out set.
    expect(inScope.filter((q) => !sections.some((s) => containsExpected(s.text, q.expect))).map((q) => q.id)).toEqual([]);
    const outsideLabel = inScope.filter(
      (q) => q.doc !== undefined && !sections.some((s) => s.docId === q.doc && containsExpected(s.text, q.expect)),
    );
    expect(outsideLabel.map((q) => q.id)).toEqual([]);
  });

  it('npm run eval -- --set holdout2 scores all 80 and hides the questions', () => {
    const run = runEvalCli(['--set', 'holdout2', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as EvalJson;
    expect(Object.keys(out.sets)).toEqual(['holdout2']);
    expect(out.sets.holdout2!.report.overall.n).toBe(80);
    expect(out.sets.holdout2!.questionsHidden).toBe(true);
    expect(out.sets.holdout2!.scores.every(isRedacted)).toBe(true);
  }, 120_000);
});
