/**
 * The real service process under traffic while its knowledge base changes: staff import a document
 * (the watcher reloads), an operator sends SIGHUP, someone saves a broken catalogue and fixes it.
 * Every message sent through the fake Telegram Bot API is answered, /readyz answers 200 throughout,
 * and the new document is answered from without a restart.
 */
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport } from '../src/cli/import-command.js';
import { FAKE_TOKEN, FakeTelegram, textUpdate } from './support/fake-telegram.js';
import { spawnService } from './support/service-process.js';

const KNOWLEDGE = fileURLToPath(new URL('../knowledge/', import.meta.url));
const DOCX = fileURLToPath(new URL('./fixtures/import/seminar-notice-2026.docx', import.meta.url));

const temps: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

type LogLine = Record<string, any>;
function logLines(text: string): LogLine[] {
  return text.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const QUESTIONS = ['香港考生喺邊度考專利代理人考試？', 'What is the No Fakes Pledge?', '广东省著名商标怎样申请？', '/help', '海外維權有咩支援？'];

describe('knowledge reload in the running service', () => {
  it('answers every message while documents are imported, SIGHUP is sent and a broken catalogue is fixed', async () => {
    const fake = await FakeTelegram.start();
    try {
      const knowledge = temp('ipbot-live-kb-');
      cpSync(KNOWLEDGE, knowledge, { recursive: true });
      const child = spawnService(temp('ipbot-live-data-'), {
        TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_API_ROOT: fake.apiRoot,
        KNOWLEDGE_DIR: knowledge,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
      });
      children.push(child);
      let stdout = '';
      child.stdout!.on('data', (d) => (stdout += d));
      child.stderr!.on('data', (d) => (stdout += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const port = await until('the HTTP server', () => logLines(stdout).find((l) => l.msg === 'HTTP server listening')?.port as number | undefined);
      await until('ready', () => logLines(stdout).some((l) => l.msg === 'ipbot ready'));
      const reloads = () => logLines(stdout).filter((l) => /^knowledge reload/.test(l.msg));

      // /readyz probed all along, as an orchestrator would.
      const probes: number[] = [];
      let probing = true;
      const prober = (async () => {
        while (probing) {
          const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(10_000) });
          probes.push(response.status);
          await response.arrayBuffer();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();

      let sent = 0;
      const send = (count: number) => {
        for (let i = 0; i < count; i++, sent++) fake.push(textUpdate({ id: 9000 + sent, language_code: 'zh-hk' }, QUESTIONS[sent % QUESTIONS.length]!));
      };

      // Staff import a Word document: the watcher reloads while messages arrive.
      send(5);
      const imported = await runImport([DOCX, '--dir', knowledge], { out: () => {}, err: () => {}, stdin: process.stdin, env: {} });
      expect(imported).toBe(0);
      send(5);
      await until('the watcher reload', () => reloads().length >= 1);

      // An operator sends SIGHUP with messages in flight.
      send(5);
      child.kill('SIGHUP');
      send(5);
      await until('the SIGHUP reload', () => reloads().some((l) => l.reason === 'SIGHUP'));

      // A broken catalogue is saved: reported, and the index built before keeps answering.
      const cataloguePath = join(knowledge, 'catalogue.yaml');
      const good = readFileSync(cataloguePath, 'utf8');
      writeFileSync(cataloguePath, good.replace('- id: seminar-notice-2026', '- id: [seminar-notice-2026'));
      send(5);
      await until('the rejected reload', () => reloads().find((l) => l.msg.startsWith('knowledge reload rejected')));
      writeFileSync(cataloguePath, good);
      send(5);
      await until('the reload after the fix', () => reloads().filter((l) => l.msg === 'knowledge reloaded').length >= 3);

      // Every message got its reply.
      for (let i = 0; i < sent; i++) await fake.waitForMessages(9000 + i, 1, 20_000);

      // The imported document answers, cited with its date, from the running service.
      fake.push(textUpdate({ id: 9999, language_code: 'zh-hk' }, '研討會報名截止日期係幾時？'));
      const [answer] = await fake.waitForMessages(9999, 1, 20_000);
      expect(answer!.text).toContain('2026年6月5日');
      expect(answer!.text).toContain('2026年粵港知識產權與中小企業發展研討會');
      expect(answer!.text).toContain('2026-05-08');

      probing = false;
      await prober;
      expect(probes.length).toBeGreaterThan(10);
      expect(probes.every((status) => status === 200)).toBe(true);

      // One line per reload, with its counts and duration.
      const switched = reloads().filter((l) => l.msg === 'knowledge reloaded');
      for (const line of switched) {
        expect(line).toMatchObject({ level: 'info', documents: 6, warnings: 0 });
        expect(line.sections).toBeGreaterThan(160);
        expect(line.ms).toBeGreaterThan(0);
      }
      const rejected = reloads().find((l) => l.msg.startsWith('knowledge reload rejected'))!;
      expect(rejected.problems.join('\n')).toMatch(/catalogue\.yaml:\d+: .*YAML/);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      await fake.close();
    }
  }, 120_000);
});
