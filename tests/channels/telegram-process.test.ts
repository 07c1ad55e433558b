/**
 * The real service process (`src/main.ts`) against the fake Bot API on loopback, configured only by
 * environment variables as an operator would, in webhook mode on the one HTTP server. (Long polling
 * in the real process, with SIGTERM during a reply, is covered by tests/main.test.ts.)
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UI } from '../../src/core/messages.js';
import { FAKE_TOKEN, FakeTelegram, textUpdate } from '../support/fake-telegram.js';
import { spawnService } from '../support/service-process.js';

let fake: FakeTelegram;
let dir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  fake = await FakeTelegram.start();
  dir = mkdtempSync(join(tmpdir(), 'ipbot-telegram-process-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function runMain(env: Record<string, string>) {
  const child = spawnService(dir, {
    LOG_LEVEL: 'debug',
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ...env,
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function until(probe: () => boolean, what: string, timeoutMs = 25_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('ipbot process with Telegram', () => {
  it('webhook: registers the URL with its secret, 401 without it, answers with it', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/telegram/webhook`;
    const bot = runMain({ PORT: String(port), HOST: '127.0.0.1', TELEGRAM_WEBHOOK_URL: url, TELEGRAM_WEBHOOK_SECRET: 'process-secret_42' });
    await fake.waitFor(() => fake.webhook, 25_000, 'setWebhook');
    expect(fake.webhook).toEqual({ url, secret: 'process-secret_42' });
    // Ready once the webhook is set and the channel started.
    await until(() => bot.output().includes('ipbot ready'), 'the ready line');

    expect(await fake.deliver(textUpdate({ id: 602, language_code: 'en' }, '/help'), 'not-the-secret')).toBe(401);
    expect(await fake.deliver(textUpdate({ id: 602, language_code: 'en' }, '/start'))).toBe(200);
    const messages = await fake.waitForMessages(602, 1, 10_000);
    expect(messages.map((m) => m.text)).toEqual([UI.en.welcome]);
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
    bot.child.kill('SIGTERM');
    expect(await bot.exit).toBe(0);
    expect(bot.output()).not.toContain('process-secret_42');
  });
});
