/**
 * The real service on Telegram (long polling through the runner) against the loopback fake Bot API
 * with faults injected, one row of issue 12's table at a time: nothing lost, nothing doubled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI } from '../src/core/messages.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import { callbackUpdate, FAKE_TOKEN, FakeTelegram, textUpdate } from './support/fake-telegram.js';
import { startService, until, type RunningService } from './support/service-process.js';

let fake: FakeTelegram;
let dataDir: string;
let service: RunningService | undefined;

const STAFF = { id: 900, language_code: 'en' };
const SUBSCRIBERS = Array.from({ length: 40 }, (_, i) => 8000 + i);

const env = () => ({
  TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
  TELEGRAM_API_ROOT: fake.apiRoot,
  ADMIN_IDS: `telegram:${STAFF.id}`,
  EVENTS_FILE: join(dataDir, 'events.yaml'),
  LOG_LEVEL: 'info',
  // A hung call must still be open when SIGTERM comes.
  PLATFORM_TIMEOUT_SECONDS: '30',
});

beforeAll(async () => {
  fake = await FakeTelegram.start();
  dataDir = mkdtempSync(join(tmpdir(), 'ipbot-reliability-tg-'));
  const storage = openSqliteStorage(join(dataDir, 'ipbot.db'));
  for (const id of SUBSCRIBERS) storage.subscribe(`telegram:${id}`, 'seminar');
  storage.close();
  service = await startService(dataDir, env());
}, 90_000);

afterAll(async () => {
  if (service && service.child.exitCode === null) service.child.kill('SIGKILL');
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const helpTo = (chatId: number) => fake.messagesTo(chatId).filter((m) => m.text === UI.en.help);

describe('Telegram under faults (service process)', () => {
  it('a Bot API outage (502) during a broadcast: the channel pauses and resumes; every subscriber gets it once', async () => {
    fake.push(textUpdate(STAFF, '/broadcast seminar The seminar moves to Friday'));
    const preview = await fake.waitFor(
      () => fake.messagesTo(STAFF.id).find((m) => m.replyMarkup?.inline_keyboard.flat().some((b) => b.callback_data.startsWith('bc:'))),
      30_000,
      'the preview',
    );
    // The outage starts with the confirmation and lasts 10 s (the 150 s, shortened).
    const end = Date.now() + 10_000;
    fake.outage('sendMessage', () => Date.now() < end);
    fake.push(callbackUpdate(STAFF, preview.replyMarkup!.inline_keyboard.flat()[0]!.callback_data));
    const report = await fake.waitFor(() => fake.messagesTo(STAFF.id).find((m) => m.text.startsWith('Broadcast #1 finished')), 90_000, 'the report');
    expect(report.text).toBe('Broadcast #1 finished: 40 sent, 0 failed, 0 blocked.');
    expect(SUBSCRIBERS.map((id) => fake.messagesTo(id).length)).toEqual(SUBSCRIBERS.map(() => 1));
    // The circuit paused the channel: a few probes during the outage, not a send per subscriber and retry.
    const refused = fake.callsOf('sendMessage').filter((c) => SUBSCRIBERS.includes(c.payload.chat_id)).length - SUBSCRIBERS.length;
    expect(refused).toBeLessThan(SUBSCRIBERS.length);
    expect(service!.logs().some((l) => l.msg === 'channel.paused')).toBe(true);
  }, 120_000);

  it('Bot API refusing sendMessage (502) for 2 s while replying: every reply arrives once, late', async () => {
    const users = [501, 502, 503, 504, 505];
    const end = Date.now() + 2000;
    fake.outage('sendMessage', () => Date.now() < end);
    for (const id of users) fake.push(textUpdate({ id, language_code: 'en' }, '/help'));
    await until(() => users.every((id) => helpTo(id).length >= 1), 'every reply after the outage', 30_000);
    // Give a duplicate the chance to show up.
    await new Promise((r) => setTimeout(r, 500));
    for (const id of users) expect(helpTo(id)).toHaveLength(1);
    // They were refused first and sent again: the 502s were retried, not dropped.
    expect(fake.callsOf('sendMessage').filter((c) => users.includes(c.payload.chat_id)).length).toBeGreaterThan(users.length);
  }, 60_000);

  it('a sendMessage that never answers holds up no other chat; SIGTERM during it exits 0 within 5 s; a restart sends nothing twice', async () => {
    fake.inject({ method: 'sendMessage', chatId: 601, kind: 'hang', deliver: true, times: 1 });
    fake.push(textUpdate({ id: 601, language_code: 'en' }, '/help'));
    await until(() => fake.callsOf('sendMessage').some((c) => c.payload.chat_id === 601), 'the hung call');
    const asked = Date.now();
    fake.push(textUpdate({ id: 602, language_code: 'en' }, '/help'));
    await until(() => helpTo(602).length === 1, 'the other chat’s reply', 10_000);
    // Not the 60 s of the hung call: the other chat is answered at once.
    expect(Date.now() - asked).toBeLessThan(5000);

    const stopping = Date.now();
    service!.child.kill('SIGTERM');
    expect(await service!.exit).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(5000);

    // The hung message had arrived; Telegram has no idempotency key, so it is not sent again.
    service = await startService(dataDir, env());
    fake.push(textUpdate({ id: 603, language_code: 'en' }, '/help'));
    await until(() => helpTo(603).length === 1, 'a reply after the restart');
    await new Promise((r) => setTimeout(r, 500));
    expect(helpTo(601)).toHaveLength(1);
    expect(helpTo(602)).toHaveLength(1);
    expect(service.logs().some((l) => l.msg === 'handled message' && l.outcome === 'unconfirmed')).toBe(true);
  }, 90_000);
});
