/**
 * `npm run eval [-- --set dev|dev2|dev3|dev4|dev5|dev6|dev7|dev8|dev9|dev10|dev11|dev12|dev13|dev14|dev15|dev16|dev17|dev18|dev19|dev20|dev21|dev22|dev23|dev24|dev25|dev26|dev27|dev28|dev29|dev30|holdout|holdout2|holdout3|holdout4|holdout5|holdout6|holdout7|holdout8|holdout9|holdout10|holdout11|holdout12|holdout13|holdout14|holdout15|holdout16|holdout17|holdout18|holdout19|holdout20|holdout21|holdout22|holdout23|holdout24|holdout25|holdout26|holdout27|holdout28|holdout29|all] [--json] [--dir knowledge] [--reveal-holdout]`
 * Loads the answer engine once, asks every question of the chosen sets and prints hit@1, hit@3, MRR,
 * answer-has-phrase, declined and reply-script accuracy, overall and per question language, then
 * the misses. Held-out misses are listed by id only unless `--reveal-holdout` is given, so whoever
 * tunes the engine can watch the held-out figures without reading its questions. Exit status 0 when the run completes (floors are enforced by the test suite), 1 when
 * the engine or a question file cannot be loaded, 2 on a usage error.
 */
import { performance } from 'node:perf_hooks';
import { askAll, DEFAULT_KNOWLEDGE_DIR, loadEngine } from './engine.js';
import { formatMisses, formatMissIds, formatTable, redact } from './format.js';
import { misses, report, type Report } from './metrics.js';
import { ALL_SETS, HELD_OUT_SETS, loadQuestionSet, QUESTION_SETS, type SetName } from './questions.js';

interface Options {
  sets: SetName[];
  json: boolean;
  revealHoldout: boolean;
  dir: string;
}

const USAGE = 'usage: npm run eval -- [--set dev|dev2|dev3|dev4|dev5|dev6|dev7|dev8|dev9|dev10|dev11|dev12|dev13|dev14|dev15|dev16|dev17|dev18|dev19|dev20|dev21|dev22|dev23|dev24|dev25|dev26|dev27|dev28|dev29|dev30|holdout|holdout2|holdout3|holdout4|holdout5|holdout6|holdout7|holdout8|holdout9|holdout10|holdout11|holdout12|holdout13|holdout14|holdout15|holdout16|holdout17|holdout18|holdout19|holdout20|holdout21|holdout22|holdout23|holdout24|holdout25|holdout26|holdout27|holdout28|holdout29|all] [--json] [--dir KNOWLEDGE_DIR] [--reveal-holdout]';

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { sets: [...ALL_SETS], json: false, revealHoldout: false, dir: DEFAULT_KNOWLEDGE_DIR };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--json') options.json = true;
    else if (flag === '--reveal-holdout') options.revealHoldout = true;
    else if (flag === '--dir') options.dir = value();
    else if (flag === '--set') {
      const v = value();
      if (v === 'all') options.sets = [...ALL_SETS];
      else if (v in QUESTION_SETS) options.sets = [v as SetName];
      else throw new UsageError(`unknown set "${v}" (${ALL_SETS.join(', ')} or all)`);
    } else if (flag === '--help' || flag === '-h') {
      throw new HelpRequested();
    } else throw new UsageError(`unknown argument "${arg}"`);
  }
  return options;
}

class UsageError extends Error {}
class HelpRequested extends Error {}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  const loadStart = performance.now();
  const { engine, kb, warnings } = await loadEngine(options.dir);
  const loadMs = performance.now() - loadStart;
  process.stderr.write(
    `engine loaded from ${options.dir} in ${Math.round(loadMs)} ms: ${kb.documents.length} documents, ${kb.sections.length} sections, ${warnings.length} warnings\n`,
  );
  const results: Record<string, { report: Report; ms: number; questionsHidden: boolean; misses: unknown[]; scores: unknown[] }> = {};
  const text: string[] = [];
  for (const name of options.sets) {
    const questions = loadQuestionSet(name);
    const start = performance.now();
    const scores = askAll(engine, questions);
    const ms = performance.now() - start;
    const r = report(scores);
    const missed = misses(scores);
    const hidden = HELD_OUT_SETS.has(name) && !options.revealHoldout;
    results[name] = {
      report: r,
      ms,
      questionsHidden: hidden,
      misses: hidden ? missed.map((m) => ({ kind: m.kind, score: redact(m.score) })) : missed,
      scores: hidden ? scores.map(redact) : scores,
    };
    const o = r.overall;
    text.push(
      `== ${name} set: ${o.n} questions (${o.inScope} in scope, ${o.outOfScope} out of scope), asked in ${Math.round(ms)} ms ==`,
      formatTable(r),
      '',
      hidden ? `${formatMissIds(missed)}\n(held-out questions are not shown; --reveal-holdout shows them)` : formatMisses(missed),
      '',
    );
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ knowledgeDir: options.dir, sets: results })}\n`);
    return 0;
  }
  const out = text;
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

// exitCode, not exit(): exit() would cut off a large --json output still draining into a pipe.
main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`eval failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
