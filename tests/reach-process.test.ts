/**
 * Reach through the real service process (`src/main.ts`) and the fake Bot API on loopback, set up
 * by environment variables as an operator would (PUBLIC_URL, STAFF_CHAT): a poster link subscribes,
 * /events links the calendar feed the same server serves, /events ics sends the file, a declined
 * question is handed to the staff group, and staff's reply — sent while the bot was down — reaches
 * the asker after the restart.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_BOT, FAKE_TOKEN, FakeTelegram, callbackUpdate, textUpdate } from './support/fake-telegram.js';
import { spawnService } from './support/service-process.js';

const STAFF_GROUP = -100777;
const ADMIN = 900;
const SUBSCRIBER = { id: 701, language_code: 'zh-hk' };
const ASKER = { id: 702, language_code: 'en' };
const STAFF_MEMBER = { id: 903, language_code: 'en' };

let fake: FakeTelegram;
let dir: string;
let port: number;
const children: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  fake = await FakeTelegram.start();
  dir = mkdtempSync(join(tmpdir(), 'ipbot-reach-'));
  port = await freePort();
  writeFileSync(
    join(dir, 'events.yaml'),
    `- id: award-2027-deadline
  topic: award
  title: { zh-Hant: 少年兒童發明獎截止, en: Youth invention award deadline }
  start: 2030-06-01T17:00:00+08:00
`,
  );
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startService() {
  const child = spawnService(dir, {
    LOG_LEVEL: 'info',
    PORT: String(port),
    HOST: '127.0.0.1',
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: fake.apiRoot,
    EVENTS_FILE: join(dir, 'events.yaml'),
    PUBLIC_URL: `http://127.0.0.1:${port}/`,
    STAFF_CHAT: `telegram:${STAFF_GROUP}`,
    ADMIN_IDS: `telegram:${ADMIN}`,
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const end = Date.now() + 30_000;
  while (!output.includes('ipbot ready')) {
    if (child.exitCode !== null || Date.now() > end) throw new Error(`service did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, exit, output: () => output };
}

const groupMessage = (user: typeof STAFF_MEMBER, text: string, replyTo?: { messageId: number; text: string }) =>
  textUpdate(user, text, {
    chat: { id: STAFF_GROUP, type: 'supergroup', title: 'IP staff' },
    ...(replyTo ? { reply_to_message: { message_id: replyTo.messageId, date: 0, chat: { id: STAFF_GROUP, type: 'supergroup', title: 'IP staff' }, from: FAKE_BOT, text: replyTo.text } } : {}),
  });

describe('reach through the service', () => {
  let relay: { messageId: number; text: string };

  it('a poster link subscribes; /events links the feed this server serves; /events ics sends the file', async () => {
    const service = await startService();
    fake.push(textUpdate(SUBSCRIBER, '/start sub_award-seminar'));
    const confirmed = await fake.waitForMessages(SUBSCRIBER.id, 1, 15_000);
    expect(confirmed[0]!.text).toContain('已訂閱「少年兒童發明獎」');
    expect(confirmed[0]!.text).toContain('已訂閱「研討會」');

    fake.push(textUpdate(SUBSCRIBER, '/events'));
    const [, , events] = await fake.waitForMessages(SUBSCRIBER.id, 3, 15_000).then((m) => [m[0], m[1], m.at(-1)!]);
    expect(events!.text).toContain('少年兒童發明獎截止');
    const href = /href="([^"]+award\.ics)"/.exec(events!.html)![1]!;
    expect(href).toBe(`http://127.0.0.1:${port}/calendar/award.ics`);
    const feed = await fetch(href);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const ics = await feed.text();
    expect(ics).toContain('UID:award-2027-deadline@ipbot');
    expect(ics).toContain('DTSTART:20300601T090000Z');
    expect((await fetch(`http://127.0.0.1:${port}/calendar/nope.ics`)).status).toBe(404);

    fake.push(textUpdate(SUBSCRIBER, '/events ics'));
    const file = await fake.waitFor(() => fake.documents.find((d) => d.chatId === SUBSCRIBER.id), 15_000, 'the .ics document');
    expect(file.filename).toBe('ipbot-events.ics');
    expect(file.content).toContain('BEGIN:VCALENDAR');
    expect(file.content).toContain('UID:award-2027-deadline@ipbot');

    // A declined question offers "Ask staff"; two presses relay it once to the staff group.
    fake.push(textUpdate(ASKER, "What's the weather in Paris tomorrow?"));
    const [declined] = await fake.waitForMessages(ASKER.id, 1, 15_000);
    const ask = declined!.replyMarkup!.inline_keyboard.flat().find((b) => b.text === '🙋 Ask staff')!;
    expect(ask.callback_data).toMatch(/^a:\d+$/);
    fake.push(callbackUpdate(ASKER, ask.callback_data));
    fake.push(callbackUpdate(ASKER, ask.callback_data));
    const relayed = await fake.waitForMessages(STAFF_GROUP, 1, 15_000);
    expect(relayed[0]!.text).toContain('#h1');
    expect(relayed[0]!.text).toContain("What's the weather in Paris tomorrow?");
    expect(relayed[0]!.text).toContain("my documents don't cover that");
    relay = { messageId: relayed[0]!.messageId, text: relayed[0]!.text };
    const acks = await fake.waitForMessages(ASKER.id, 3, 15_000);
    expect(acks[1]!.text).toContain('reference #h1');
    expect(acks[2]!.text).toContain('You already asked staff (#h1)');

    service.child.kill('SIGTERM');
    expect(await service.exit).toBe(0);
    expect(fake.messagesTo(STAFF_GROUP)).toHaveLength(1);
  }, 90_000);

  it('staff reply to the relay while the bot is down; after the restart the asker gets it once, and /stats counts it', async () => {
    fake.push(groupMessage(STAFF_MEMBER, 'Please call the IP Department on 2961 6901.', relay));
    const service = await startService();
    const answers = await fake.waitFor(
      () => {
        const m = fake.messagesTo(ASKER.id).filter((x) => x.text.includes('Answer from staff (#h1)'));
        return m.length ? m : undefined;
      },
      20_000,
      'the staff answer',
    );
    expect(answers[0]!.text).toContain('Please call the IP Department on 2961 6901.');
    expect((await fake.waitForMessages(STAFF_GROUP, 2, 15_000)).at(-1)!.text).toContain('Answer to #h1 recorded');

    fake.push(textUpdate({ id: ADMIN, language_code: 'en' }, '/stats'));
    const [stats] = await fake.waitForMessages(ADMIN, 1, 15_000);
    expect(stats!.text).toMatch(/Staff hand-offs \(30 days\): 0 open, 1 answered \(median time to answer \d+ min\)/);
    service.child.kill('SIGTERM');
    expect(await service.exit).toBe(0);
    expect(fake.messagesTo(ASKER.id).filter((x) => x.text.includes('Answer from staff'))).toHaveLength(1);
  }, 90_000);
});
