import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadAnswerEngine } from '../src/knowledge/load-engine.js';
import { openLiveKnowledge, type LiveKnowledge } from '../src/knowledge-reload.js';
import { createLogger } from '../src/logging.js';

const KNOWLEDGE = fileURLToPath(new URL('../knowledge/', import.meta.url));
const QUESTION = '研討會報名截止日期係幾時？';

/** A short document of its own (in the form `ipbot import` writes) with one figure to ask about. */
const NOTICE = '# 2026年粵港知識產權研討會\n# 報名安排\n\u3000\u3000研討會費用全免，名額300個。報名截止日期為2026年6月5日。\n';
const NOTICE_ENTRY = `
  - id: seminar-notice-2026
    file: docs/seminar-notice-2026.txt
    title: 2026年粵港知識產權研討會
    titleEn: IP Seminar 2026
    issuers: [香港知識產權署]
    date: "2026-05-08"
    script: zh-Hant
    kind: note
    description: 研討會報名安排。
    topics: [seminar]
`;

let base: string;
const temps: string[] = [];
const opened: LiveKnowledge[] = [];

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ipbot-reload-base-'));
  temps.push(base);
  cpSync(KNOWLEDGE, base, { recursive: true });
});

afterEach(() => {
  for (const k of opened.splice(0)) k.close();
});

function knowledgeCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipbot-reload-'));
  temps.push(dir);
  cpSync(base, dir, { recursive: true });
  return dir;
}

process.on('exit', () => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

function open(dir: string, options: { debounceMs?: number; load?: typeof loadAnswerEngine; ignore?: string[] } = {}) {
  const lines: Array<Record<string, any>> = [];
  const logger = createLogger({ logLevel: 'info', logPretty: false }, [], { destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
  const knowledge = openLiveKnowledge(dir, { logger, load: (d: string) => loadAnswerEngine(d), ...options });
  opened.push(knowledge);
  return { knowledge, lines };
}

function addNotice(dir: string): void {
  writeFileSync(join(dir, 'docs/seminar-notice-2026.txt'), NOTICE);
  writeFileSync(join(dir, 'catalogue.yaml'), readFileSync(join(dir, 'catalogue.yaml'), 'utf8') + NOTICE_ENTRY);
}

function citesNotice(knowledge: LiveKnowledge): boolean {
  return knowledge.engine.ask(QUESTION).sources[0]?.title === '2026年粵港知識產權研討會';
}

async function until(probe: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('live knowledge: reload and switch only to a complete, valid index', () => {
  it('a reload picks up a new document, with one log line giving documents, sections, warnings and ms', async () => {
    const dir = knowledgeCopy();
    const { knowledge, lines } = open(dir);
    expect(citesNotice(knowledge)).toBe(false);
    addNotice(dir);
    // Nothing changes until a reload.
    expect(citesNotice(knowledge)).toBe(false);

    const outcome = await knowledge.reload('SIGHUP');
    expect(outcome).toMatchObject({ switched: true, documents: 6, warnings: 0, problems: [] });
    expect(citesNotice(knowledge)).toBe(true);
    const reloadLines = lines.filter((l) => /knowledge reload/.test(l.msg));
    expect(reloadLines).toHaveLength(1);
    expect(reloadLines[0]).toMatchObject({ level: 'info', msg: 'knowledge reloaded', reason: 'SIGHUP', documents: 6, warnings: 0 });
    expect(reloadLines[0]!.sections).toBeGreaterThan(160);
    expect(typeof reloadLines[0]!.ms).toBe('number');
  });

  it.each([
    ['a YAML syntax error in the catalogue', (dir: string) => writeFileSync(join(dir, 'catalogue.yaml'), readFileSync(join(dir, 'catalogue.yaml'), 'utf8') + NOTICE_ENTRY.replace('title: 2026', 'title: [2026')), /YAML syntax error/],
    ['a listed file that is missing', (dir: string) => writeFileSync(join(dir, 'catalogue.yaml'), readFileSync(join(dir, 'catalogue.yaml'), 'utf8') + NOTICE_ENTRY), /file not found/],
    ['a document that is not UTF-8', (dir: string) => {
      addNotice(dir);
      writeFileSync(join(dir, 'docs/seminar-notice-2026.txt'), Buffer.from([0xe7, 0xa0, 0x94, 0xff, 0xfe]));
    }, /not valid UTF-8/],
  ])('%s is reported and the previous index keeps serving', async (_what, breakIt, problem) => {
    const dir = knowledgeCopy();
    const { knowledge, lines } = open(dir);
    const before = knowledge.current();
    breakIt(dir);
    const outcome = await knowledge.reload('test');
    expect(outcome.switched).toBe(false);
    expect(outcome.problems.join('\n')).toMatch(problem);
    expect(knowledge.current()).toBe(before);
    expect(knowledge.engine.ask('香港考生喺邊度考專利代理人考試？').answered).toBe(true);
    const line = lines.find((l) => /knowledge reload/.test(l.msg))!;
    expect(line).toMatchObject({ level: 'error', msg: 'knowledge reload rejected; the previous index keeps serving', switched: false });
    expect(line.problems.join('\n')).toMatch(problem);

    // Once fixed, the next reload switches.
    rmSync(join(dir, 'catalogue.yaml'));
    cpSync(join(base, 'catalogue.yaml'), join(dir, 'catalogue.yaml'));
    addNotice(dir);
    expect((await knowledge.reload('fixed')).switched).toBe(true);
    expect(citesNotice(knowledge)).toBe(true);
  });

  it('a loader that throws keeps the previous index', async () => {
    const dir = knowledgeCopy();
    let fail = false;
    const { knowledge, lines } = open(dir, {
      load: (d) => {
        if (fail) throw new Error('disk on fire');
        return loadAnswerEngine(d);
      },
    });
    fail = true;
    expect(await knowledge.reload('test')).toMatchObject({ switched: false, problems: ['disk on fire'] });
    expect(knowledge.engine.ask('香港考生喺邊度考專利代理人考試？').answered).toBe(true);
    expect(lines.some((l) => l.msg === 'knowledge reload failed; the previous index keeps serving')).toBe(true);
  });

  it('requests before a reload starts share it; requests during one are merged into one more', async () => {
    const dir = knowledgeCopy();
    let builds = 0;
    let during: Array<Promise<unknown>> = [];
    let live: LiveKnowledge | undefined;
    const { knowledge } = open(dir, {
      load: (d) => {
        builds++;
        // Requests made while this build runs (a burst of SIGHUPs, a watcher firing).
        if (live && builds === 2) during = [live.reload('during 1'), live.reload('during 2')];
        return loadAnswerEngine(d);
      },
    });
    live = knowledge;
    const first = knowledge.reload('a');
    expect(knowledge.reload('b')).toBe(first);
    await first;
    expect(during).toHaveLength(2);
    expect(during[0]).toBe(during[1]);
    await Promise.all(during);
    expect(builds).toBe(3);
  });

  it('watching: a changed knowledge file reloads after a quiet time; the events file and other files do not', async () => {
    const dir = knowledgeCopy();
    const { knowledge, lines } = open(dir, { debounceMs: 100, ignore: [join(dir, 'events.yaml')] });
    knowledge.watch();
    const now = new Date();
    utimesSync(join(dir, 'events.yaml'), now, now);
    writeFileSync(join(dir, 'events.yaml'), readFileSync(join(dir, 'events.yaml'), 'utf8') + '\n');
    // Nor do files the loader does not read: a log, an editor's backup, a temporary file.
    writeFileSync(join(dir, 'ipbot.log'), 'x');
    writeFileSync(join(dir, 'catalogue.yaml~'), 'x');
    writeFileSync(join(dir, 'docs/.notice.txt.123.tmp'), 'x');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lines.filter((l) => /knowledge reload/.test(l.msg))).toEqual([]);

    // A text first, then its entry: a burst of writes makes one reload that sees both.
    writeFileSync(join(dir, 'docs/seminar-notice-2026.txt'), NOTICE);
    writeFileSync(join(dir, 'catalogue.yaml'), readFileSync(join(dir, 'catalogue.yaml'), 'utf8') + NOTICE_ENTRY);
    await until(() => citesNotice(knowledge), 'the watcher to reload');
    expect(lines.filter((l) => /knowledge reload/.test(l.msg))).toHaveLength(1);
    expect(lines.find((l) => l.msg === 'knowledge reloaded')!.reason).toMatch(/^changed: /);
  });
});
