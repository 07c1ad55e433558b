/** Plain-text rendering of an evaluation report for a person at a terminal. */
import { QUESTION_LANGS, type Metrics, type Miss, type QuestionScore, type Report } from './metrics.js';

const pct = (v: number | null): string => (v === null ? '—' : v.toFixed(3));

const COLUMNS: Array<[string, (m: Metrics) => string]> = [
  ['n', (m) => String(m.n)],
  ['in/out', (m) => `${m.inScope}/${m.outOfScope}`],
  ['hit@1', (m) => pct(m.hit1)],
  ['hit@3', (m) => pct(m.hit3)],
  ['MRR', (m) => pct(m.mrr)],
  ['has-phrase', (m) => pct(m.answerHasPhrase)],
  ['answered', (m) => pct(m.answered)],
  ['doc@1', (m) => pct(m.docHit1)],
  ['declined', (m) => pct(m.declined)],
  ['script', (m) => pct(m.scriptAccuracy)],
];

export function formatTable(r: Report): string {
  const rows: string[][] = [['', ...COLUMNS.map(([h]) => h)]];
  rows.push(['overall', ...COLUMNS.map(([, f]) => f(r.overall))]);
  for (const lang of QUESTION_LANGS) rows.push([lang, ...COLUMNS.map(([, f]) => f(r.byLang[lang]))]);
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

function snippet(text: string, max = 70): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function describeFirst(s: QuestionScore): string {
  const f = s.firstSource;
  if (!f) return s.answered ? '(no source)' : '(declined)';
  return `${f.docId ?? '?'} › ${f.section ?? '?'}: “${snippet(f.text)}”`;
}

export function formatMisses(list: readonly Miss[]): string {
  const lines: string[] = [];
  const section = (title: string, kind: Miss['kind'], line: (s: QuestionScore) => string[]): void => {
    const items = list.filter((m) => m.kind === kind);
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`);
    for (const { score } of items) lines.push(`  ${score.id} [${score.lang}] ${score.q}`, ...line(score).map((l) => `       ${l}`));
  };
  section('Not ranked first', 'rank', (s) => [
    `expected: ${s.expect.join(' | ')}`,
    `rank: ${s.rank === 0 ? 'none in sources' : s.rank}${s.answered ? '' : ' (declined)'}; first: ${describeFirst(s)}`,
  ]);
  section('Out of scope but answered', 'not-declined', (s) => [`first: ${describeFirst(s)}`]);
  section('Reply script wrong', 'script', (s) => [
    `reply lang ${s.replyLang}, text reads as ${s.script}`,
    ...(s.slips?.length ? [`other script at: ${s.slips.map((x) => `“${x}”`).join(' ')}`] : []),
  ]);
  return lines.length === 0 ? 'No misses.' : lines.join('\n');
}

/** A score without the question's text, expected phrases or quoted source: safe to show to whoever tunes the engine. */
export type RedactedScore = Pick<
  QuestionScore,
  'id' | 'lang' | 'inScope' | 'answered' | 'rank' | 'answerHasPhrase' | 'docHit1' | 'scriptOk' | 'script' | 'replyLang'
>;

export function redact(s: QuestionScore): RedactedScore {
  const { id, lang, inScope, answered, rank, answerHasPhrase, docHit1, scriptOk, script, replyLang } = s;
  return { id, lang, inScope, answered, rank, answerHasPhrase, docHit1, scriptOk, script, replyLang };
}

const MISS_LABEL: Record<Miss['kind'], (s: QuestionScore) => string> = {
  rank: (s) => `not ranked first (${s.rank === 0 ? 'no hit' : `rank ${s.rank}`}${s.answered ? '' : ', declined'})`,
  'not-declined': () => 'out of scope but answered',
  script: (s) => `reply script wrong (${s.replyLang}, reads as ${s.script})`,
};

/** Misses by id only, for the held-out set. */
export function formatMissIds(list: readonly Miss[]): string {
  if (list.length === 0) return 'No misses.';
  return [`Misses (${list.length}):`, ...list.map(({ kind, score }) => `  ${score.id} [${score.lang}] ${MISS_LABEL[kind](score)}`)].join('\n');
}
