/**
 * The real service on LINE against the loopback fake Messaging API with faults injected (issue 12's
 * table): reply and push failing for seconds, a 429 window, a reply call that never answers, another
 * process holding the database's write lock, and SIGTERM during a hung call. LINE does not redeliver
 * an event that got 200, so every answer must get through on our side — once.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI } from '../src/core/messages.js';
import { startFakeLine, type FakeLine } from './support/fake-line.js';
import { startService, until, type RunningService } from './support/service-process.js';

const SECRET = 'reliability-secret-1a2b3c';
const TOKEN = 'reliability-access-token-XYZ';

let fake: FakeLine;
let dataDir: string;
let service: RunningService;

const env = () => ({
  LINE_CHANNEL_SECRET: SECRET,
  LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
  LINE_API_BASE_URL: fake.url,
  LOG_LEVEL: 'info',
  PLATFORM_TIMEOUT_SECONDS: '1',
});

beforeAll(async () => {
  fake = await startFakeLine(TOKEN);
  dataDir = mkdtempSync(join(tmpdir(), 'ipbot-reliability-line-'));
  service = await startService(dataDir, env());
}, 90_000);

afterAll(async () => {
  if (service.child.exitCode === null) service.child.kill('SIGKILL');
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function say(userId: string, text: string): Promise<number> {
  const replyToken = `rt-${randomUUID()}`;
  fake.replyTokenOwners.set(replyToken, userId);
  const body = JSON.stringify({
    destination: fake.botUserId,
    events: [
      {
        type: 'message',
        webhookEventId: randomUUID(),
        deliveryContext: { isRedelivery: false },
        timestamp: Date.now(),
        mode: 'active',
        source: { type: 'user', userId },
        replyToken,
        message: { id: '1', type: 'text', text, quoteToken: 'q' },
      },
    ],
  });
  const signature = createHmac('sha256', SECRET).update(body).digest('base64');
  const res = await fetch(`http://127.0.0.1:${service.port}/line/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': signature },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** How many help answers a user got (each is one message with the help text). */
const helps = (userId: string) => fake.delivered(userId).filter((m) => m.text === UI['zh-Hant'].help).length;

async function everyoneOnce(users: string[], what: string): Promise<void> {
  await until(() => users.every((u) => helps(u) >= 1), what, 30_000);
  await new Promise((r) => setTimeout(r, 500));
  for (const u of users) expect(helps(u), u).toBe(1);
}

describe('LINE under faults (service process)', () => {
  it('reply and push answering 500 for 3 s: every answer arrives once (by push with a retry key)', async () => {
    const end = Date.now() + 3000;
    fake.inject({ endpoint: 'reply', kind: 'error', status: 500, when: () => Date.now() < end });
    fake.inject({ endpoint: 'push', kind: 'error', status: 500, when: () => Date.now() < end });
    const users = Array.from({ length: 10 }, (_, i) => `U500x${i}`);
    for (const u of users) expect(await say(u, '/help')).toBe(200);
    await everyoneOnce(users, 'answers after the 500s');
  }, 60_000);

  it('reply and push answering 429 for 2 s: every answer arrives once', async () => {
    const end = Date.now() + 2000;
    fake.inject({ endpoint: 'reply', kind: 'error', status: 429, retryAfter: '1', when: () => Date.now() < end });
    fake.inject({ endpoint: 'push', kind: 'error', status: 429, retryAfter: '1', when: () => Date.now() < end });
    const users = Array.from({ length: 10 }, (_, i) => `U429x${i}`);
    for (const u of users) await say(u, '/help');
    await everyoneOnce(users, 'answers after the 429s');
  }, 60_000);

  it('a reply call that never answers blocks no other chat and is not delivered twice', async () => {
    fake.inject({ endpoint: 'reply', kind: 'hang', deliver: true, times: 1 });
    await say('Uhung', '/help');
    await until(() => fake.callsTo('reply').some((c) => c.replyTo === 'Uhung'), 'the hung reply');
    const asked = Date.now();
    await say('Uquick', '/help');
    await until(() => helps('Uquick') === 1, 'the other chat’s answer', 5000);
    expect(Date.now() - asked).toBeLessThan(3000);
    // After the 1 s timeout the same reply token is tried again; LINE refuses a spent token, which
    // means the first call was delivered.
    const token = fake.callsTo('reply').find((c) => c.replyTo === 'Uhung')!.body.replyToken as string;
    await until(() => fake.callsTo('reply').filter((c) => c.body.replyToken === token).length === 2, 'the reply tried again with its token');
    await new Promise((r) => setTimeout(r, 300));
    expect(helps('Uhung')).toBe(1);
  }, 60_000);

  it('another process holding the write lock: answers go on, /healthz stays fast, /readyz is 503 then recovers by itself', async () => {
    const outside = new Database(join(dataDir, 'ipbot.db'));
    outside.exec('BEGIN IMMEDIATE');
    try {
      const users = ['Ulock1', 'Ulock2', 'Ulock3'];
      for (const u of users) await say(u, '/help');
      await everyoneOnce(users, 'answers during the lock');
      const started = Date.now();
      expect((await fetch(`http://127.0.0.1:${service.port}/healthz`)).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(500);
      await until(async () => (await fetch(`http://127.0.0.1:${service.port}/readyz`)).status === 503, '/readyz 503', 10_000);
    } finally {
      outside.exec('ROLLBACK');
      outside.close();
    }
    await until(async () => (await fetch(`http://127.0.0.1:${service.port}/readyz`)).status === 200, '/readyz 200 again', 10_000);
    const lines = service.logs().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('database cannot be written'));
    expect(lines).toHaveLength(1);
    expect(service.logs().some((l) => l.msg === 'database writable again; ready')).toBe(true);
  }, 60_000);

  it('SIGTERM while a push hangs exits 0 within 5 s; the next start delivers the acknowledged answer once', async () => {
    const hangs = fake.inject({ endpoint: 'push', kind: 'hang', times: 1000 });
    fake.inject({ endpoint: 'reply', kind: 'error', status: 500, times: 1 });
    expect(await say('Uterm', '/help')).toBe(200);
    await until(() => fake.callsTo('push').some((c) => c.body.to === 'Uterm'), 'the hung push');
    const stopping = Date.now();
    service.child.kill('SIGTERM');
    expect(await service.exit).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(5000);
    expect(helps('Uterm'), JSON.stringify(fake.calls.filter((c) => c.body?.to === 'Uterm' || c.replyTo === 'Uterm').map((c) => [c.endpoint, c.status]))).toBe(0);

    hangs.times = 0;
    service = await startService(dataDir, env());
    await until(() => helps('Uterm') === 1, 'the resumed answer', 30_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(helps('Uterm')).toBe(1);
  }, 120_000);
});
