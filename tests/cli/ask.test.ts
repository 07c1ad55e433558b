import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAsk } from '../../src/cli/ask.js';

/** The saved index goes to a directory of the test's own, never the developer's ~/.cache. */
const CACHE_ENV = { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'ipbot-ask-cache-')) };

function fakeIo(stdinText = '', env: NodeJS.ProcessEnv = CACHE_ENV) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), stdin: Readable.from([stdinText]), env },
  };
}

interface AnswerJson {
  query: string;
  answered: boolean;
  answer: string;
  lang: string;
  sources: Array<{ title: string; section: string; date: string; text: string; score: number }>;
}

describe('ipbot ask (in process)', () => {
  it('follows a decline with whom to ask, from the sourced contacts, as a chat does', async () => {
    const { io, out } = fakeIo();
    expect(await runAsk(['--dir', 'knowledge', '專利代理人考試報名費幾多錢？'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/沒有涵蓋[\s\S]*可以向以下機構查詢[\s\S]*https:\/\/www\.cnipa\.gov\.cn[\s\S]*聯絡資料於\d{4}-\d{2}-\d{2}/);
  });

  it('prints one JSON object with the contract fields for --json "question"', async () => {
    const { io, out } = fakeIo();
    expect(await runAsk(['--json', '--dir', 'knowledge', 'What is the No Fakes Pledge?'], io)).toBe(0);
    expect(out).toHaveLength(1);
    const answer = JSON.parse(out[0] as string) as AnswerJson;
    expect(Object.keys(answer)).toEqual(['query', 'answered', 'answer', 'lang', 'sources']);
    expect(answer).toMatchObject({ query: 'What is the No Fakes Pledge?', answered: true, lang: 'en' });
    expect(Object.keys(answer.sources[0] ?? {})).toEqual(['title', 'section', 'date', 'text', 'score']);
    expect(answer.sources[0]?.text).toContain('正版正貨');
  });

  it('prints the answer for a person, and nothing else, without --json', async () => {
    const { io, out } = fakeIo();
    expect(await runAsk(['--dir=knowledge', '香港考生喺邊度考專利代理人考試？'], io)).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/出處：《/);
    expect(() => JSON.parse(out[0] as string)).toThrow();
  });

  it('joins unquoted words into one question', async () => {
    const { io, out } = fakeIo();
    await runAsk(['--json', '--dir', 'knowledge', 'What', 'is', 'BIP', 'Asia?'], io);
    expect((JSON.parse(out[0] as string) as AnswerJson).query).toBe('What is BIP Asia?');
  });

  it('uses KNOWLEDGE_DIR when --dir is absent, and fails clearly when the directory is missing', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'ipbot-ask-')), 'nope');
    const { io, out, err } = fakeIo('', { KNOWLEDGE_DIR: missing });
    expect(await runAsk(['--json', 'hello'], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain('knowledge directory not found');
  });

  it('rejects a missing question without --json and an unknown option, with usage on stderr', async () => {
    const a = fakeIo();
    expect(await runAsk([], a.io)).toBe(2);
    expect(a.err.join('\n')).toMatch(/usage: ipbot ask/);
    const b = fakeIo();
    expect(await runAsk(['--jsonn', 'q'], b.io)).toBe(2);
    expect(b.out).toEqual([]);
  });

  it('answers one JSON line per stdin line, in order, empty lines included', async () => {
    const { io, out } = fakeIo('你好\nWhat is the weather tomorrow?\n\n2016年专利代理人资格考试有几个香港考生通过？\n');
    expect(await runAsk(['--json', '--dir', 'knowledge'], io)).toBe(0);
    const answers = out.map((line) => JSON.parse(line) as AnswerJson);
    expect(answers.map((a) => a.query)).toEqual(['你好', 'What is the weather tomorrow?', '', '2016年专利代理人资格考试有几个香港考生通过？']);
    expect(answers.map((a) => a.answered)).toEqual([false, false, false, true]);
    expect(answers[3]?.lang).toBe('zh-Hans');
  });
});

describe('ipbot ask (spawned process)', () => {
  it('batch mode: one process, one JSON object per line on stdout, nothing else', () => {
    const input = ['What is the IP Manager Scheme?', '點樣整蛋撻？', '粵港知識產權與中小企業發展研討會喺邊度舉行？'].join('\n');
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'ask', '--json'], {
      input,
      encoding: 'utf8',
      env: { ...process.env, ...CACHE_ENV, KNOWLEDGE_DIR: 'knowledge' },
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const answers = lines.map((l) => JSON.parse(l) as AnswerJson);
    expect(answers.map((a) => [a.answered, a.lang])).toEqual([
      [true, 'en'],
      [false, 'zh-Hant'],
      [true, 'zh-Hant'],
    ]);
  });
});
