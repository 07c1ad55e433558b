import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ipbot-chat-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function chat(input: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'chat'], {
    input,
    encoding: 'utf8',
    env: { ...process.env, DATA_DIR: dataDir, LANG: 'zh_HK.UTF-8', LOG_LEVEL: 'warn' },
    timeout: 60_000,
  });
}

describe('ipbot chat', () => {
  it('holds a conversation: a Cantonese question, a numbered button, a subscription kept across runs', () => {
    const first = chat('香港考生喺邊度考專利代理人考試？\n1\n/subscribe exam\n');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('你好！我是 ipbot');
    expect(first.stdout).toMatch(/專利代理人資格考試/);
    expect(first.stdout).toContain('[1] 👍');
    expect(first.stdout).toContain('多謝你的意見');
    expect(first.stdout).toContain('已訂閱「專利代理人考試」');
    const second = chat('/mysubs\n');
    expect(second.stdout).toContain('你訂閱了：專利代理人考試');
    // Two processes, each allowed the 60 s of its own spawn: under a loaded machine 30 s was too little.
  }, 120_000);

  it('keeps the conversation readable: one topic title, a wrong number explained, no log lines', () => {
    const run = chat('/topics\n1\n9\n/stats\n');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('專利代理人考試'))).toEqual(['專利代理人考試：文件摘要']);
    expect(run.stdout).toContain('沒有按鈕 [9]：請輸入 1–2');
    expect(run.stdout).toContain('此指令只供職員使用');
    expect(run.stdout + run.stderr).not.toContain('"level"');
  });

  it('carries a conversation typed on stdin: follow-ups, more, contacts, several topics, and why an answer was wrong', () => {
    const run = chat(
      ['廣東省著名商標係咩嚟？', '邊個部門負責？', '再講多啲', '有冇電話可以打去問？', '我想訂閱研討會同埋海外維權', '香港考生喺邊度考專利代理人考試？', '2', '2'].join('\n') + '\n',
    );
    expect(run.status).toBe(0);
    const out = run.stdout;
    // The follow-up is read with the question before it, not declined.
    expect(out).not.toContain('沒有涵蓋');
    expect(out).toContain('出處：《粵港專責小組第十六次會議進展報告》 19，2017-07');
    expect(out).toContain('☎ 2961 6901 / 2961 6820');
    expect(out).toContain('已訂閱「研討會」');
    expect(out).toContain('已訂閱「海外維權」');
    expect(out).toContain('答案有咩問題？');
    expect(out).toContain('[2] 資料過時');
    expect(out).toContain('收到，多謝！');
  }, 60_000);

  it('ADMIN_IDS=cli:local makes the terminal a staff chat (staff can practise there)', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const stdin = new PassThrough();
    stdin.end('/stats\n');
    const env = { DATA_DIR: dataDir, LANG: 'en_GB.UTF-8', LOG_LEVEL: 'warn', ADMIN_IDS: 'telegram:1,cli:local' };
    expect(await runCli(['chat'], { out: (t) => out.push(t), err: (t) => err.push(t), stdin, env })).toBe(0);
    expect(out.join('\n')).toContain('📊');
    expect(err.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('every command prints a configuration mistake as one line, without a stack trace', async () => {
    for (const command of [['chat'], ['stats'], ['reminders', 'tick']]) {
      const err: string[] = [];
      const io = { out: () => {}, err: (t: string) => err.push(t), stdin: new PassThrough(), env: { DATA_DIR: dataDir, ADMIN_IDS: 'whatsapp:5' } };
      expect(await runCli(command, io), command.join(' ')).toBe(1);
      expect(err.join('\n').trim().split('\n'), command.join(' ')).toEqual([expect.stringMatching(/^ipbot.*ADMIN_IDS must be/)]);
    }
  });
});
