/**
 * Channel throughput and memory (issue 12). Runs on import (bench/run.ts).
 *
 * 1. Updates per second with 100 ms of Bot API latency: the Telegram channel (runner + inbox:
 *    chats side by side, each chat in order) against the loopback fake Bot API, and, in the same
 *    run, the baseline it replaced: grammY's simple polling loop, one update at a time.
 * 2. RSS of the real service process (LINE webhooks, real knowledge base) before and after 10,000
 *    webhooks, with the heap cap the Dockerfile sets.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bot } from 'grammy';
import { createTelegramChannel } from '../src/channels/telegram.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import { FAKE_BOT, FAKE_TOKEN, FakeTelegram, textUpdate } from '../tests/support/fake-telegram.js';
import { startFakeLine } from '../tests/support/fake-line.js';
import { startService } from '../tests/support/service-process.js';

const LATENCY_MS = 100;
const UPDATES = 200;
const CHATS = 50;
const WEBHOOKS = 10_000;
/** The Dockerfile's NODE_OPTIONS heap cap, read from it so the bench measures what ships. */
const HEAP_CAP = /--max-old-space-size=(\d+)/.exec(readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8'))?.[1];

const reply = [{ blocks: [{ type: 'text' as const, text: 'ok' }] }];
const noLog = { debug() {}, info() {}, warn() {}, error() {} };

function pushAll(fake: FakeTelegram): void {
  for (let i = 0; i < UPDATES; i++) fake.push(textUpdate({ id: 20_000 + (i % CHATS), language_code: 'en' }, `/help ${i}`));
}

async function timeUntilAnswered(fake: FakeTelegram): Promise<number> {
  const started = performance.now();
  pushAll(fake);
  await fake.waitFor(() => fake.sent.length >= UPDATES, 300_000, 'every reply');
  return performance.now() - started;
}

async function inboxRate(): Promise<number> {
  const fake = await FakeTelegram.start();
  fake.latencyMs = LATENCY_MS;
  const dir = mkdtempSync(join(tmpdir(), 'ipbot-bench-'));
  const storage = openSqliteStorage(join(dir, 'ipbot.db'));
  const channel = createTelegramChannel({
    token: FAKE_TOKEN,
    apiRoot: fake.apiRoot,
    botInfo: FAKE_BOT,
    assistant: { handle: async () => reply },
    storage,
    logger: noLog,
    floodLimit: { perMinute: 1000 },
    pollingTimeoutSeconds: 1,
  });
  await channel.start();
  const ms = await timeUntilAnswered(fake);
  await channel.stop();
  storage.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
  return (UPDATES / ms) * 1000;
}

async function sequentialRate(): Promise<number> {
  const fake = await FakeTelegram.start();
  fake.latencyMs = LATENCY_MS;
  const bot = new Bot(FAKE_TOKEN, { botInfo: FAKE_BOT, client: { apiRoot: fake.apiRoot } });
  bot.on('message', async (ctx) => {
    await ctx.api.sendMessage(ctx.chat.id, 'ok');
  });
  const running = bot.start({ timeout: 1 });
  const ms = await timeUntilAnswered(fake);
  await bot.stop();
  await running;
  await fake.close();
  return (UPDATES / ms) * 1000;
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function rssAfterWebhooks(): Promise<{ before: number; after: number; answered: number }> {
  const secret = 'bench-secret';
  const token = 'bench-token';
  const fake = await startFakeLine(token);
  const dataDir = mkdtempSync(join(tmpdir(), 'ipbot-bench-rss-'));
  const service = await startService(dataDir, {
    LINE_CHANNEL_SECRET: secret,
    LINE_CHANNEL_ACCESS_TOKEN: token,
    LINE_API_BASE_URL: fake.url,
    LOG_LEVEL: 'info',
    ...(HEAP_CAP ? { NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP}` } : {}),
  });
  const pid = service.child.pid!;
  const before = rssMb(pid);
  const url = `http://127.0.0.1:${service.port}/line/webhook`;
  const questions = ['香港考生喺邊度考專利代理人考試？', 'How do I apply for a Guangdong famous trademark?', '/help', '/topics', '正版正貨承諾是什麼？'];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < WEBHOOKS; i = next++) {
      const userId = `Ubench${i % 500}`;
      const body = JSON.stringify({
        destination: fake.botUserId,
        events: [{ type: 'message', webhookEventId: randomUUID(), deliveryContext: { isRedelivery: false }, timestamp: Date.now(), mode: 'active', source: { type: 'user', userId }, replyToken: `rt-${i}`, message: { id: String(i), type: 'text', text: questions[i % questions.length] } }],
      });
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': createHmac('sha256', secret).update(body).digest('base64') }, body });
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await fake.waitFor(() => fake.callsTo('reply').length + fake.callsTo('push').length >= WEBHOOKS * 0.99, 'the answers', 600_000).catch(() => undefined);
  const after = rssMb(pid);
  const answered = fake.callsTo('reply').length;
  service.child.kill('SIGTERM');
  await service.exit;
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { before, after, answered };
}

const baseline = await sequentialRate();
const concurrent = await inboxRate();
console.log(`updates/s with ${LATENCY_MS} ms Bot API latency (${UPDATES} updates, ${CHATS} chats):`);
console.log(`  one at a time (grammY bot.start, the old loop): ${baseline.toFixed(1)}/s`);
console.log(`  runner + inbox (chats side by side):            ${concurrent.toFixed(1)}/s  (${(concurrent / baseline).toFixed(1)}× the baseline)`);

const rss = await rssAfterWebhooks();
console.log(`RSS of the service (heap cap ${HEAP_CAP ?? 'none'} MB) over ${WEBHOOKS} LINE webhooks: ${rss.before} MB → ${rss.after} MB (${rss.answered} answered by reply)`);
