/**
 * Outbox drain rate: messages per second achieved against a loopback fake platform server, as a
 * share of the configured rate. Real SQLite file, real HTTP, real timers. Runs on import (bench/run.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drainOutbox } from '../src/core/broadcast.js';
import { systemClock, type ChannelSender } from '../src/core/ports.js';
import { renderPlain } from '../src/core/reply.js';
import { toSimplified, toTraditional } from '../src/core/text/script.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';

async function fakePlatform(): Promise<{ server: Server; url: string; received: () => number }> {
  let received = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const parsed = JSON.parse(body) as { to?: string[] };
      received += parsed.to?.length ?? 1;
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true,"result":{}}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received: () => received };
}

function httpSender(channel: 'telegram' | 'line', url: string, maxBatch: number): ChannelSender {
  return {
    channel,
    maxBatch,
    idempotent: channel === 'line',
    fallbackLang: 'zh-Hant',
    async send(chats, replies, { retryKey }) {
      const text = replies.map((r) => renderPlain(r.blocks)).join('\n');
      const body = channel === 'line' ? { to: chats.map((c) => c.slice(5)), messages: [{ type: 'text', text }] } : { chat_id: chats[0]!.slice(9), text };
      const res = await fetch(`${url}/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-line-retry-key': retryKey },
        body: JSON.stringify(body),
      });
      await res.text();
      return chats.map((chat) => ({ chat, status: res.ok ? ('sent' as const) : ('failed' as const) }));
    },
  };
}

interface Case {
  name: string;
  channel: 'telegram' | 'line';
  recipients: number;
  callsPerSecond: number;
  maxBatch: number;
}

async function runCase(c: Case): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ipbot-bench-outbox-'));
  const storage = openSqliteStorage(join(dir, 'ipbot.db'));
  const platform = await fakePlatform();
  try {
    const b = storage.createBroadcast({ by: 'cli:bench', topic: 'all', text: '粵港知識產權研討會將於下月舉行，歡迎報名。' }, new Date());
    const prefix = c.channel === 'line' ? 'line:U' : 'telegram:';
    const recipients = Array.from({ length: c.recipients }, (_, i) => ({ chat: `${prefix}${100000 + i}`, lang: i % 3 === 0 ? ('zh-Hans' as const) : ('zh-Hant' as const) }));
    storage.confirmBroadcast(b.id, recipients, new Date());
    const started = performance.now();
    const summary = await drainOutbox({
      storage,
      senders: [httpSender(c.channel, platform.url, c.maxBatch)],
      clock: systemClock,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      rates: { [c.channel]: c.callsPerSecond },
    });
    const seconds = (performance.now() - started) / 1000;
    const configured = c.callsPerSecond * c.maxBatch;
    const achieved = summary.sent / seconds;
    const ok = summary.sent === c.recipients && platform.received() === c.recipients;
    console.log(
      `outbox ${c.name.padEnd(34)} ${String(summary.sent).padStart(5)} msgs in ${seconds.toFixed(2)} s = ${achieved.toFixed(1)} msg/s; ` +
        `configured ${configured} msg/s → ${((achieved / configured) * 100).toFixed(1)}% of rate${ok ? '' : '  (DELIVERY MISMATCH)'}`,
    );
  } finally {
    storage.close();
    await new Promise((r) => platform.server.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchOutbox(): Promise<void> {
  // The bot builds its script converters at start-up; do it here too so the first case is not charged.
  toSimplified('預熱');
  toTraditional('预热');
  // Per-message overhead shows up in the share: the pacing waits between *starts* of calls, so a
  // share near 100% means SQLite claims + HTTP fit inside the interval.
  await runCase({ name: 'telegram default (25/s, 1 per call)', channel: 'telegram', recipients: 100, callsPerSecond: 25, maxBatch: 1 });
  await runCase({ name: 'telegram fast (200/s, 1 per call)', channel: 'telegram', recipients: 600, callsPerSecond: 200, maxBatch: 1 });
  await runCase({ name: 'line multicast (10 calls/s × 500)', channel: 'line', recipients: 5000, callsPerSecond: 10, maxBatch: 500 });
}

await benchOutbox();
