/**
 * Smoke test of the real service on LINE: `src/main.ts` runs as its own process with
 * LINE_API_BASE_URL pointing at the loopback fake LINE API; webhooks are signed with the test
 * secret; the real knowledge base answers; the SQLite file is read after a clean SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../../src/storage/sqlite.js';
import { startFakeLine, type FakeLine } from '../support/fake-line.js';
import { spawnService } from '../support/service-process.js';

const SECRET = 'smoke-secret-9f8e7d6c5b4a';
const TOKEN = 'smoke-access-token-QWERTY123';

let fake: FakeLine;
let child: ChildProcess;
let dataDir: string;
let webhookUrl: string;
let output = '';
let exitCode: Promise<number | null>;

beforeAll(async () => {
  fake = await startFakeLine(TOKEN);
  dataDir = mkdtempSync(join(tmpdir(), 'ipbot-line-smoke-'));
  child = spawnService(dataDir, {
    LINE_CHANNEL_SECRET: SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
    LINE_API_BASE_URL: fake.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
  });
  exitCode = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const ready = output.split('\n').find((l) => l.includes('"ipbot ready"'));
      if (ready) {
        clearInterval(timer);
        resolve(JSON.parse(ready).port as number);
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`ipbot exited with ${code} before ready:\n${output}`));
    });
  });
  webhookUrl = `http://127.0.0.1:${port}/line/webhook`;
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function event(type: string, userId: string, extra: object): object {
  const replyToken = `rt-${randomUUID()}`;
  fake.replyTokenOwners.set(replyToken, userId);
  return {
    type,
    webhookEventId: randomUUID(),
    deliveryContext: { isRedelivery: false },
    timestamp: Date.now(),
    mode: 'active',
    source: { type: 'user', userId },
    ...(type === 'unfollow' ? {} : { replyToken }),
    ...extra,
  };
}

async function post(events: object[], secret = SECRET): Promise<number> {
  const body = JSON.stringify({ destination: 'Ubot', events });
  const signature = createHmac('sha256', secret).update(body).digest('base64');
  const res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signature }, body });
  await res.arrayBuffer();
  return res.status;
}

describe('ipbot on LINE, as a process', () => {
  it('answers a question from the documents, subscribes by postback, deactivates on unfollow, stops cleanly', async () => {
    expect(await post([event('message', 'Usmoke', { message: { id: '1', type: 'text', text: '香港考生喺邊度考專利代理人考試？', quoteToken: 'q' } })], 'wrong-secret')).toBe(401);

    expect(await post([event('message', 'Usmoke', { message: { id: '1', type: 'text', text: '香港考生喺邊度考專利代理人考試？', quoteToken: 'q' } })])).toBe(200);
    await fake.waitFor(() => fake.delivered('Usmoke').length > 0, 'the answer');
    const answer = fake.delivered('Usmoke');
    const text = answer.map((m) => m.text).join('\n');
    // A quoted passage and its citation line, with feedback quick replies.
    expect(text).toMatch(/「[^」]+」/);
    expect(text).toMatch(/^— /m);
    expect(answer.at(-1)!.quickReply!.items.map((i) => i.action.label)).toEqual(expect.arrayContaining(['👍', '👎']));
    // The loading indicator was asked for that user before the answer went out.
    const endpoints = fake.calls.map((c) => c.endpoint);
    expect(endpoints.indexOf('loading')).toBeGreaterThanOrEqual(0);
    expect(endpoints.indexOf('loading')).toBeLessThan(endpoints.indexOf('reply'));
    expect(fake.callsTo('loading')[0]!.body).toEqual({ chatId: 'Usmoke', loadingSeconds: 20 });

    expect(await post([event('postback', 'Usmoke', { postback: { data: 's:exam' } })])).toBe(200);
    await fake.waitFor(() => fake.callsTo('reply').length === 2, 'the subscription confirmation');
    expect(await post([event('unfollow', 'Usmoke', {})])).toBe(200);
    expect(fake.violations).toEqual([]);

    child.kill('SIGTERM');
    expect(await exitCode).toBe(0);
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(TOKEN);

    const storage = openSqliteStorage(join(dataDir, 'ipbot.db'));
    try {
      expect(storage.listSubscriptions('line:Usmoke')).toEqual(['exam']);
      // SIGTERM waited for the unfollow to be processed.
      expect(storage.getChat('line:Usmoke')!.active).toBe(false);
    } finally {
      storage.close();
    }
  });
});
