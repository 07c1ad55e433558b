/**
 * A staff answer survives a restart: recorded by one process that stops before sending it, sent
 * once by the next — the durable wiring (src/durable.ts) over one SQLite file.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Assistant } from '../src/core/assistant.js';
import { decodeAction, encodeAction } from '../src/core/actions.js';
import type { Answer, AnswerEngine } from '../src/core/engine.js';
import { renderPlain } from '../src/core/reply.js';
import { createDurable } from '../src/durable.js';
import { FakeSender } from './support/fake-sender.js';
import { tempDbDir } from './support/temp-db.js';

const engine: AnswerEngine = {
  ask: (q) => ({ query: q, answered: false, answer: '', lang: 'zh-Hans', sources: [], kind: 'out-of-scope', blocks: [{ type: 'text', text: '文件没有涉及。' }] }) as Answer,
  overview: (t, lang) => ({ query: t, answered: true, answer: '', lang, sources: [], kind: 'answer', blocks: [] }) as Answer,
};
const STAFF_CHAT = 'line:Cstaffgroup';
const ASKER = 'telegram:4242';
const clock = { now: () => new Date('2026-11-23T02:00:00Z') };

function boot(senders: FakeSender[]) {
  const storage = db.open();
  const durable = createDurable({ storage, clock, eventsFile: join(db.dir, 'none.yaml'), staffChat: STAFF_CHAT });
  durable.setSenders(senders);
  const assistant = new Assistant({ engine, storage, clock, staff: new Set(), plugins: [durable.plugin, durable.handoffPlugin] });
  return { storage, durable, assistant };
}
const db = tempDbDir();

describe('hand-off answer across a restart', () => {
  it('a /reply recorded just before the process stops is sent once by the next process', async () => {
    // Process 1: never started its background work (it dies right after recording the answer).
    const first = boot([new FakeSender('telegram'), new FakeSender('line')]);
    const declined = await first.assistant.handle({ channel: 'telegram', chat: ASKER, sender: ASKER, event: { type: 'text', text: '明天天气怎么样' } });
    const ask = declined.flatMap((r) => (r.buttons ?? []).flat()).find((b) => b.action.type === 'handoff')!;
    await first.assistant.handle({ channel: 'telegram', chat: ASKER, sender: ASKER, event: { type: 'action', action: decodeAction(encodeAction(ask.action))! } });
    const recorded = await first.assistant.handle({ channel: 'line', chat: STAFF_CHAT, sender: 'line:Ustaff', event: { type: 'text', text: '/reply h1 请致电 2961 6901。' } });
    expect(renderPlain(recorded[0]!.blocks)).toContain('#h1');
    first.storage.close();

    // Process 2: starts, and delivers the relay and the answer it finds, once each.
    const telegram = new FakeSender('telegram');
    const line = new FakeSender('line');
    const second = boot([telegram, line]);
    second.durable.start();
    await second.durable.deliverHandoffs();
    await second.durable.stop();
    expect(telegram.calls.map((c) => c.chats)).toEqual([[ASKER]]);
    expect(telegram.calls[0]!.text).toContain('职员回复（#h1）');
    expect(telegram.calls[0]!.text).toContain('请致电 2961 6901。');
    expect(line.calls.map((c) => c.chats)).toEqual([[STAFF_CHAT]]);
    second.storage.close();

    // Process 3: nothing left to send.
    const again = new FakeSender('telegram');
    const third = boot([again, new FakeSender('line')]);
    third.durable.start();
    await third.durable.deliverHandoffs();
    await third.durable.stop();
    expect(again.calls).toEqual([]);
    expect(third.storage.getHandoff(1)).toMatchObject({ status: 'answered', answer: '请致电 2961 6901。', answeredBy: 'line:Ustaff' });
  });

  it('a send that failed on a server error is retried later, not lost', async () => {
    const telegram = new FakeSender('telegram');
    // A 502 is "not delivered, try again" (a refusal such as a 400 would be final).
    telegram.script.set(ASKER, (n) => (n === 1 ? { status: 'retry', error: 'HTTP 502' } : { status: 'sent' }));
    const world = boot([telegram, new FakeSender('line')]);
    const storage = world.storage;
    const { handoff } = storage.openHandoff({ questionId: storage.recordQuestion({ chat: ASKER, text: 'q', folded: 'q', lang: 'en', answered: false, kind: 'out-of-scope', at: clock.now() }), chat: ASKER, lang: 'en', question: 'q', botReply: 'r' }, clock.now());
    storage.answerHandoff(handoff.id, 'answer', 'line:Ustaff', clock.now());
    await world.durable.deliverHandoffs();
    expect(telegram.calls).toHaveLength(1);
    // Minutes later, the tick tries again.
    const later = { now: () => new Date(clock.now().getTime() + 10 * 60_000) };
    const retry = createDurable({ storage, clock: later, eventsFile: join(db.dir, 'none.yaml'), staffChat: STAFF_CHAT });
    retry.setSenders([telegram, new FakeSender('line')]);
    await retry.tick();
    expect(telegram.calls.filter((c) => c.chats[0] === ASKER)).toHaveLength(2);
    expect(telegram.calls.at(-1)!.text).toContain('answer');
    storage.close();
  });
});
