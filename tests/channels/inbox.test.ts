/**
 * The inbox across a restart, with a real SQLite file and a scripted channel: what a stopped process
 * left unanswered is answered by the next one, once, from where it stopped; a send that may have
 * arrived is repeated only where the channel's sends are idempotent; a day-old event is let go.
 */
import { describe, expect, it } from 'vitest';
import { Inbox, type HandledEvent, type InboxChannel } from '../../src/channels/inbox.js';
import type { Incoming } from '../../src/core/assistant.js';
import type { Reply } from '../../src/core/reply.js';
import { tempDbDir } from '../support/temp-db.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const BOT = 'telegram:1';
const say = (chat: string, text: string): Incoming => ({ channel: 'telegram', chat, sender: chat, event: { type: 'text', text } });
const two: Reply[] = [{ blocks: [{ type: 'text', text: 'one' }] }, { blocks: [{ type: 'text', text: 'two' }] }];

function channel(idempotent: boolean) {
  const delivered: string[] = [];
  const c: InboxChannel<{ chat: string }> = {
    name: 'telegram',
    idempotent,
    fallbackLang: 'en',
    async deliver(target, replies, progress) {
      for (let i = progress.sent; i < replies.length; i++) {
        delivered.push(`${target.chat}:${(replies[i]!.blocks[0] as { text: string }).text}`);
        progress.sent = i + 1;
      }
      return { status: 'sent' };
    },
  };
  return { c, delivered };
}

function inbox(storage: ReturnType<ReturnType<typeof tempDbDir>['open']>, ch: InboxChannel<{ chat: string }>, now: Date, handled: HandledEvent[] = []) {
  return new Inbox({ channel: ch, assistant: { handle: async () => two }, storage, logger: quiet, clock: { now: () => now }, onHandled: (e) => handled.push(e) });
}

describe('the inbox across a restart', () => {
  it('answers what a stopped process accepted, goes on from the confirmed part where that is safe, and lets a day-old event go', async () => {
    const db = tempDbDir();
    const storage = db.open();
    const now = new Date('2026-11-30T08:00:00Z');
    const received = (id: string, chat: string, at: Date) => storage.acceptInbound({ bot: BOT, chat, id }, JSON.stringify({ incoming: say(chat, 'hi'), target: { chat } }), at);
    received('1', 'telegram:10', new Date(now.getTime() - 60_000));
    received('2', 'telegram:20', new Date(now.getTime() - 60_000));
    storage.updateInbound({ bot: BOT, chat: 'telegram:20', id: '2' }, { status: 'waiting', replies: JSON.stringify(two), progress: 1 }, now);
    received('3', 'telegram:30', new Date(now.getTime() - 60_000));
    storage.updateInbound({ bot: BOT, chat: 'telegram:30', id: '3' }, { status: 'replying', replies: JSON.stringify(two), progress: 0 }, now);
    received('4', 'telegram:40', new Date(now.getTime() - 25 * 3_600_000));

    const { c, delivered } = channel(false);
    const handled: HandledEvent[] = [];
    const next = inbox(storage, c, now, handled);
    next.open(BOT);
    await next.idle();
    // 10: never started, answered whole; 20: waited for a retry after its first part, goes on from
    // there; 30: was being sent (may have arrived) and Telegram cannot deduplicate, so not again;
    // 40: a day old, let go.
    expect(delivered.sort()).toEqual(['telegram:10:one', 'telegram:10:two', 'telegram:20:two']);
    expect(handled.map((h) => [h.chat, h.outcome]).sort()).toEqual([
      ['telegram:10', 'replied'],
      ['telegram:20', 'replied'],
      ['telegram:30', 'unconfirmed'],
    ]);
    expect(storage.listUnfinishedInbound(BOT)).toEqual([]);
    // A redelivery of an event already taken is not answered again.
    expect(next.receive({ id: '1', incoming: say('telegram:10', 'hi'), target: { chat: 'telegram:10' } }).accepted).toBe(false);
  });

  it('where sends are idempotent, a send that was in flight is repeated from its confirmed part', async () => {
    const storage = tempDbDir().open();
    const now = new Date('2026-11-30T08:00:00Z');
    storage.acceptInbound({ bot: BOT, chat: 'line:U1', id: 'e' }, JSON.stringify({ incoming: say('line:U1', 'hi'), target: { chat: 'line:U1' } }), now);
    storage.updateInbound({ bot: BOT, chat: 'line:U1', id: 'e' }, { status: 'replying', replies: JSON.stringify(two), progress: 1 }, now);
    const { c, delivered } = channel(true);
    const next = inbox(storage, c, now);
    next.open(BOT);
    await next.idle();
    expect(delivered).toEqual(['line:U1:two']);
  });
});
