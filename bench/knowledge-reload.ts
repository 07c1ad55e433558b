/**
 * Knowledge reload and import benchmark (runs on import; `npm run bench -- knowledge-reload`). The
 * baseline, measured in the same run, is one plain `loadAnswerEngine` of the shipped knowledge base:
 *   - a reload of the running service (build + probe question + switch), and the longest the event loop
 *     was blocked meanwhile (what a message or a /readyz probe may wait);
 *   - `ipbot import --dry-run` of each committed fixture (read, clean, check in a scratch copy).
 * Not a test: nothing here fails on a number.
 */
import { fileURLToPath } from 'node:url';
import { loadAnswerEngine } from '../src/knowledge/load-engine.js';
import { importDocument } from '../src/import/import-document.js';
import { openLiveKnowledge } from '../src/knowledge-reload.js';
import { createLogger } from '../src/logging.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KNOWLEDGE = `${ROOT}knowledge`;
const FIXTURES = ['meeting-minutes-2026.pdf', 'seminar-notice-2026.docx', 'ipd-pledge-app-2026.html'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => n.toFixed(0);

// Warm the process-wide parts (segmenter, script converters) so neither side pays them.
loadAnswerEngine(KNOWLEDGE).engine.ask('香港知識產權署');

const baseline = median(
  [1, 2, 3].map(() => {
    const t0 = performance.now();
    loadAnswerEngine(KNOWLEDGE);
    return performance.now() - t0;
  }),
);
console.log(`baseline: loadAnswerEngine(knowledge/) ${fmt(baseline)} ms (median of 3)`);

const logger = createLogger({ logLevel: 'silent', logPretty: false });
const live = openLiveKnowledge(KNOWLEDGE, { logger, load: (dir) => loadAnswerEngine(dir) });
const reloads: number[] = [];
const blocked: number[] = [];
for (let i = 0; i < 3; i++) {
  // A 5 ms ticker: the longest gap between two ticks is the longest a message would have waited.
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  const outcome = await live.reload('bench');
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(ticker);
  reloads.push(outcome.ms);
  blocked.push(longest);
}
live.close();
console.log(`reload (build, probe, switch): ${fmt(median(reloads))} ms = ${(median(reloads) / baseline).toFixed(2)}× baseline`);
console.log(`longest event-loop block during a reload: ${fmt(median(blocked))} ms = ${(median(blocked) / baseline).toFixed(2)}× baseline`);

for (const name of FIXTURES) {
  const t0 = performance.now();
  const report = await importDocument(`${ROOT}tests/fixtures/import/${name}`, { dir: KNOWLEDGE, dryRun: true });
  const ms = performance.now() - t0;
  console.log(`import --dry-run ${name}: ${fmt(ms)} ms = ${(ms / baseline).toFixed(2)}× baseline (${report.sections.length} sections, ${report.text.length} characters)`);
}
