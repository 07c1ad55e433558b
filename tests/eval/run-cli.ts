/** Runs `npm run eval` (tests/eval/run.ts) as its own process, the way a person or CI does. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface EvalJson {
  sets: Record<string, { report: { overall: { n: number } }; questionsHidden: boolean; scores: Array<Record<string, unknown>> }>;
}

export function runEvalCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--import', 'tsx', 'tests/eval/run.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** A score row that shows nothing of a held-out question. */
export function isRedacted(score: Record<string, unknown>): boolean {
  return !('q' in score) && !('expect' in score) && !('firstSource' in score);
}
