/**
 * Broadcasts through the real Telegram sender, over HTTP to the loopback fake Bot API, with faults
 * injected and time injected (the drainer's clock moves only when it waits, so minutes of outage
 * take milliseconds): a multi-minute outage, mixed 500s, 429s and a dropped socket. Nothing lost,
 * nothing doubled, and the staff report says what happened.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel } from '../../src/channels/telegram.js';
import { drainOutbox } from '../../src/core/broadcast.js';
import { ChannelGates } from '../../src/core/delivery.js';
import type { SqliteStorage } from '../../src/storage/sqlite.js';
import { fakeTime } from '../support/fake-time.js';
import { FAKE_BOT, FAKE_TOKEN, FakeTelegram } from '../support/fake-telegram.js';
import { tempDbDir } from '../support/temp-db.js';

const STAFF = 'telegram:1';
let fake: FakeTelegram;
let storage: SqliteStorage;

beforeEach(async () => {
  fake = await FakeTelegram.start();
  storage = tempDbDir().open();
});

afterEach(async () => {
  storage.close();
  await fake.close();
});

function broadcastTo(count: number, at: Date): number[] {
  const ids = Array.from({ length: count }, (_, i) => 10_000 + i);
  storage.ensureChat(STAFF, { lang: 'en' });
  const b = storage.createBroadcast({ by: STAFF, topic: 'seminar', text: 'Seminar moved to Friday' }, at);
  storage.confirmBroadcast(b.id, ids.map((id) => ({ chat: `telegram:${id}`, lang: 'en' as const })), at);
  return ids;
}

function sender() {
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  return createTelegramChannel({ token: FAKE_TOKEN, apiRoot: fake.apiRoot, botInfo: FAKE_BOT, assistant: { handle: async () => [] }, storage, logger }).sender;
}

/** Drains until the broadcast is done (each drain stops at a long wait, as between scheduler wakes). */
async function drainAll(time: ReturnType<typeof fakeTime>, gates: ChannelGates): Promise<void> {
  const telegram = sender();
  for (let i = 0; i < 200 && storage.listBroadcasts('done').length === 0; i++) {
    await drainOutbox({ storage, senders: [telegram], clock: time.clock, sleep: time.sleep, gates });
    time.advance(60_000); // the scheduler's next wake
  }
}

const messagesPerChat = (ids: number[]) => ids.map((id) => fake.messagesTo(id).length);

describe('broadcast under platform faults', () => {
  it('a 150 s outage (502) at 100 msg/s: every subscriber gets it once; the outage costs a few probes, not the attempts', async () => {
    const time = fakeTime();
    const ids = broadcastTo(200, time.clock.now());
    const outageFrom = time.ms() + 500;
    const outageTo = outageFrom + 150_000;
    fake.outage('sendMessage', () => time.ms() >= outageFrom && time.ms() < outageTo);
    await drainAll(time, new ChannelGates(time.clock, { telegram: 100 }));
    expect(messagesPerChat(ids).every((n) => n === 1)).toBe(true);
    const failedCalls = fake.callsOf('sendMessage').length - fake.sent.length;
    // The circuit pauses the channel: a handful of probes during 150 s, not hundreds of sends.
    expect(failedCalls).toBeGreaterThan(0);
    expect(failedCalls).toBeLessThan(40);
    expect(fake.messagesTo(1).at(-1)!.text).toBe('Broadcast #1 finished: 200 sent, 0 failed, 0 blocked.');
  });

  it('mixed 500s, 429s and a dropped socket after delivery: nothing lost, nothing sent twice, the drop reported unconfirmed', async () => {
    const time = fakeTime();
    const ids = broadcastTo(200, time.clock.now());
    fake.limitRate(30, 1, time.ms);
    let calls = 0;
    fake.outage('sendMessage', () => ++calls % 17 === 0, 500);
    fake.inject({ method: 'sendMessage', chatId: ids[50], kind: 'drop', deliver: true, times: 1 });
    await drainAll(time, new ChannelGates(time.clock, { telegram: 100 }));
    expect(messagesPerChat(ids).every((n) => n === 1)).toBe(true);
    expect(fake.callsOf('sendMessage').some((c) => c.payload.chat_id !== 1 && c.payload.chat_id !== ids[50])).toBe(true);
    expect(fake.messagesTo(1).at(-1)!.text).toBe('Broadcast #1 finished: 199 sent, 0 failed, 0 blocked, 1 unconfirmed.');
  });

  it('gives up only at the deadline: an outage longer than it leaves the rest failed, and says so', async () => {
    const time = fakeTime();
    const ids = broadcastTo(20, time.clock.now());
    fake.outage('sendMessage', () => time.ms() < Date.parse('2026-11-24T03:00:00Z'));
    const telegram = sender();
    const gates = new ChannelGates(time.clock, { telegram: 100 });
    let before = 0;
    for (let i = 0; i < 1000 && storage.listBroadcasts('done').length === 0; i++) {
      await drainOutbox({ storage, senders: [telegram], clock: time.clock, sleep: time.sleep, gates, deadlineMs: 24 * 3_600_000 });
      if (time.ms() < Date.parse('2026-11-24T01:59:00Z')) before = storage.outboxCounts(1).failed;
      time.advance(10 * 60_000);
    }
    // Nothing was given up before the 24 h deadline; after it, all 20 are failed (and reported).
    expect(before).toBe(0);
    expect(storage.outboxCounts(1)).toMatchObject({ failed: 20, sent: 0, pending: 0 });
    expect(messagesPerChat(ids).every((n) => n === 0)).toBe(true);
  });
});
