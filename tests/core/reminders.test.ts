import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src/core/ports.js';
import { digestWeek, runDigestTick, runReminderTick, runScheduledTick } from '../../src/core/reminders.js';
import { localize } from '../../src/core/events.js';
import { FakeSender } from '../support/fake-sender.js';
import { tempDbDir } from '../support/temp-db.js';

const run = promisify(execFile);

const EXAM: EventRecord = {
  id: 'exam-2027-registration',
  topic: 'exam',
  title: localize({ 'zh-Hant': '專利代理師考試報名開始', en: 'Patent agent exam registration opens' }),
  start: '2027-04-10T09:00:00+08:00',
  place: '廣州',
  url: 'https://example.org/exam',
  remind: ['7d', '1d'],
};
const SEMINAR: EventRecord = {
  id: 'seminar-2027-06',
  topic: 'seminar',
  title: localize('粵港知識產權與中小企業發展研討會'),
  start: '2027-06-03T14:30:00+08:00',
  remind: ['1d'],
};
// 7 days before 2027-04-10 09:00 HKT.
const EXAM_7D = new Date('2027-04-03T01:00:00Z');
const minutes = (d: Date, m: number) => new Date(d.getTime() + m * 60_000);
/** The pacer's waits (a 429's retry_after) pass at once: these tests are about what is sent, not when. */
const noWait = async () => {};

function setup() {
  const db = tempDbDir();
  const storage = db.open();
  const telegram = new FakeSender('telegram');
  const line = new FakeSender('line');
  return { db, storage, telegram, line, senders: [telegram, line] };
}

describe('runReminderTick', () => {
  it('sends nothing before a reminder is due and each due reminder once per subscriber', async () => {
    const { storage, telegram, line, senders } = setup();
    storage.subscribe('telegram:1', 'exam');
    storage.subscribe('line:U1', 'exam');
    storage.subscribe('telegram:2', 'seminar');
    const events = [EXAM, SEMINAR];

    const early = await runReminderTick({ now: minutes(EXAM_7D, -1), storage, events, senders });
    expect(early.sent).toHaveLength(0);
    expect(telegram.calls).toHaveLength(0);

    const first = await runReminderTick({ now: EXAM_7D, storage, events, senders });
    expect(first.sent.map((d) => d.chat).sort()).toEqual(['line:U1', 'telegram:1']);
    const second = await runReminderTick({ now: minutes(EXAM_7D, 1), storage, events, senders });
    expect(second.sent).toHaveLength(0);
    expect(telegram.recipients).toEqual(['telegram:1']);
    expect(line.recipients).toEqual(['line:U1']);
  });

  it('writes each reminder in the subscriber’s language, with Hong Kong time, place and link', async () => {
    const { storage, telegram, senders } = setup();
    storage.ensureChat('telegram:hant', { lang: 'zh-Hant' });
    storage.ensureChat('telegram:hans', { lang: 'zh-Hans' });
    storage.ensureChat('telegram:en', { lang: 'en' });
    for (const c of ['telegram:hant', 'telegram:hans', 'telegram:en']) storage.subscribe(c, 'exam');
    await runReminderTick({ now: EXAM_7D, storage, events: [EXAM], senders });
    const text = (chat: string) => telegram.calls.find((c) => c.chats[0] === chat)!.text;
    expect(text('telegram:hant')).toContain('專利代理師考試報名開始');
    expect(text('telegram:hant')).toContain('2027年4月10日（星期六）09:00（香港時間）');
    expect(text('telegram:hant')).toContain('地點：廣州');
    expect(text('telegram:hant')).toContain('7 天後開始');
    expect(text('telegram:hans')).toContain('专利代理师考试报名开始');
    expect(text('telegram:hans')).toContain('地点：广州');
    expect(text('telegram:hans')).toContain('香港时间');
    expect(text('telegram:en')).toContain('Patent agent exam registration opens');
    expect(text('telegram:en')).toContain('Sat 10 Apr 2027, 09:00 HKT');
    expect(text('telegram:en')).toContain('starts in 7 days');
    for (const c of telegram.calls) expect(c.text).toContain('https://example.org/exam');
  });

  it('never sends twice across a restart of the process', async () => {
    const { db, storage, telegram, senders } = setup();
    storage.subscribe('telegram:1', 'exam');
    await runReminderTick({ now: EXAM_7D, storage, events: [EXAM], senders });
    storage.close();
    const reopened = db.open();
    const again = await runReminderTick({ now: minutes(EXAM_7D, 5), storage: reopened, events: [EXAM], senders });
    expect(again.sent).toHaveLength(0);
    expect(telegram.recipients).toEqual(['telegram:1']);
  });

  it('sends each reminder once when two connections tick at the same moment', async () => {
    const { db, storage, telegram, line } = setup();
    for (let i = 0; i < 20; i++) storage.subscribe(`telegram:${i}`, 'exam');
    const other = db.open();
    const tgA = new FakeSender('telegram');
    const tgB = new FakeSender('telegram');
    tgA.beforeSend = tgB.beforeSend = () => new Promise((r) => setImmediate(r));
    const [a, b] = await Promise.all([
      runReminderTick({ now: EXAM_7D, storage, events: [EXAM], senders: [tgA, line] }),
      runReminderTick({ now: EXAM_7D, storage: other, events: [EXAM], senders: [tgB, line] }),
    ]);
    expect(a.sent.length + b.sent.length).toBe(20);
    const all = [...tgA.recipients, ...tgB.recipients].sort();
    expect(all).toEqual([...new Set(all)]);
    expect(all).toHaveLength(20);
    expect(telegram.calls).toHaveLength(0);
  });

  it('sends each reminder once when two processes tick the same database file', async () => {
    const { db, storage } = setup();
    for (let i = 0; i < 15; i++) storage.subscribe(`telegram:${i}`, 'exam');
    for (let i = 0; i < 15; i++) storage.subscribe(`line:U${i}`, 'exam');
    const eventsFile = join(db.dir, 'events.json');
    writeFileSync(eventsFile, JSON.stringify([EXAM]));
    const child = () =>
      run(process.execPath, ['--import', 'tsx', 'tests/support/tick-child.ts', db.file, eventsFile, EXAM_7D.toISOString()], {
        cwd: process.cwd(),
      });
    const outputs = await Promise.all([child(), child()]);
    const results = outputs.map((o) => JSON.parse(o.stdout.trim()) as { sent: string[]; calls: number });
    const sent = results.flatMap((r) => r.sent);
    expect(sent).toHaveLength(30);
    expect(new Set(sent).size).toBe(30);
    expect(results[0]!.calls + results[1]!.calls).toBe(30);
  });

  it('still sends a reminder that came due during downtime within the grace window, skips older ones once', async () => {
    const { storage, telegram, senders } = setup();
    storage.subscribe('telegram:1', 'exam');
    const log: string[] = [];
    // Down from before the 7-day reminder until 5 hours after it: still within 6 hours.
    const late = await runReminderTick({ now: minutes(EXAM_7D, 300), storage, events: [EXAM], senders });
    expect(late.sent.map((d) => d.ref)).toEqual(['exam-2027-registration@7d']);

    // The 1-day reminder: down for 7 hours past it → skipped and logged, never sent.
    const oneDay = new Date('2027-04-09T01:00:00Z');
    const skipped = await runReminderTick({
      now: minutes(oneDay, 420),
      storage,
      events: [EXAM],
      senders,
      log: (level, event, fields) => log.push(`${level} ${event} ${JSON.stringify(fields)}`),
    });
    expect(skipped.sent).toHaveLength(0);
    expect(skipped.skipped.map((d) => d.ref)).toEqual(['exam-2027-registration@1d']);
    expect(log.some((l) => l.startsWith('warn reminder.skipped') && l.includes('grace'))).toBe(true);
    const again = await runReminderTick({ now: minutes(oneDay, 421), storage, events: [EXAM], senders });
    expect(again.skipped).toHaveLength(0);
    expect(telegram.calls.map((c) => c.chats[0])).toEqual(['telegram:1']);
  });

  it('honours a custom grace window', async () => {
    const { storage, senders } = setup();
    storage.subscribe('telegram:1', 'exam');
    const r = await runReminderTick({ now: minutes(EXAM_7D, 90), storage, events: [EXAM], senders, graceMs: 3_600_000 });
    expect(r.sent).toHaveLength(0);
    expect(r.skipped).toHaveLength(1);
  });

  it('marks a chat that blocked the bot inactive and sends it nothing more', async () => {
    const { storage, telegram, senders } = setup();
    storage.subscribe('telegram:1', 'exam');
    storage.subscribe('telegram:2', 'exam');
    telegram.script.set('telegram:2', { status: 'blocked', error: 'Forbidden: bot was blocked by the user' });
    const r = await runReminderTick({ now: EXAM_7D, storage, events: [EXAM], senders });
    expect(r.blocked.map((d) => d.chat)).toEqual(['telegram:2']);
    expect(storage.getChat('telegram:2')?.active).toBe(false);
    await runReminderTick({ now: new Date('2027-04-09T01:00:00Z'), storage, events: [EXAM], senders });
    expect(telegram.recipients.filter((c) => c === 'telegram:2')).toHaveLength(1);
  });

  it('retries an unavailable platform and a rate limit on a later tick without counting a failure; a refusal is final', async () => {
    const { storage, telegram, senders } = setup();
    for (const chat of ['telegram:1', 'telegram:2', 'telegram:3']) storage.subscribe(chat, 'exam');
    telegram.script.set('telegram:1', (n) => (n === 1 ? { status: 'retry', error: 'HTTP 502' } : { status: 'sent' }));
    telegram.script.set('telegram:2', (n) => (n === 2 ? { status: 'retry', rateLimited: true, retryAfterMs: 30_000 } : { status: 'sent' }));
    telegram.script.set('telegram:3', { status: 'failed', error: 'HTTP 400 chat not found' });
    const first = await runReminderTick({ now: EXAM_7D, storage, events: [EXAM], senders, sleep: noWait });
    expect(first.pending.map((d) => d.chat)).toEqual(['telegram:1', 'telegram:2']);
    expect(first.failed.map((d) => d.chat)).toEqual(['telegram:3']);
    const next = await runReminderTick({ now: minutes(EXAM_7D, 1), storage, events: [EXAM], senders, sleep: noWait });
    expect(next.sent.map((d) => d.chat).sort()).toEqual(['telegram:1', 'telegram:2']);
    const later = await runReminderTick({ now: minutes(EXAM_7D, 60), storage, events: [EXAM], senders, sleep: noWait });
    expect([...later.sent, ...later.failed]).toEqual([]);
    expect(telegram.recipients.sort()).toEqual(['telegram:1', 'telegram:1', 'telegram:2', 'telegram:2', 'telegram:3']);
  });

  it('keeps retrying through a long outage until the event starts, then gives up', async () => {
    const { storage, telegram, senders } = setup();
    storage.subscribe('telegram:1', 'exam');
    telegram.script.set('telegram:1', { status: 'retry', error: 'HTTP 502 Bad Gateway' });
    let now = EXAM_7D;
    // A week of ticks every 2 hours, all inside the outage: never final, never given up early.
    for (let i = 0; i < 7 * 12 - 1; i++) {
      const tick = await runReminderTick({ now, storage, events: [EXAM], senders, sleep: noWait });
      expect(tick.failed).toEqual([]);
      now = minutes(now, 120);
    }
    expect(telegram.calls.length).toBeGreaterThan(20);
    const atStart = await runReminderTick({ now: new Date(EXAM.start), storage, events: [EXAM], senders, sleep: noWait });
    expect(atStart.skipped.length).toBeGreaterThan(0);
    expect(atStart.skipped.every((d) => d.error === 'event already started')).toBe(true);
  });

  it('after a crash mid-send resends on LINE with the same retry key, but not on Telegram', async () => {
    const { db, storage } = setup();
    storage.subscribe('telegram:1', 'exam');
    storage.subscribe('line:U1', 'exam');
    const hang = new Promise<never>(() => {});
    const dyingTg = new FakeSender('telegram');
    const dyingLine = new FakeSender('line');
    const lineKeys: string[] = [];
    dyingTg.beforeSend = () => hang;
    dyingLine.beforeSend = (c) => {
      lineKeys.push(c.retryKey);
      return hang;
    };
    // Both sends hang forever: the process "dies" with two claims unfinished.
    void runReminderTick({ now: EXAM_7D, storage, events: [EXAM], senders: [dyingLine] });
    void runReminderTick({ now: EXAM_7D, storage, events: [EXAM], senders: [dyingTg] });
    await new Promise((r) => setImmediate(r));
    const restarted = db.open();
    const tg = new FakeSender('telegram');
    const line = new FakeSender('line');
    const soon = await runReminderTick({ now: minutes(EXAM_7D, 2), storage: restarted, events: [EXAM], senders: [tg, line] });
    expect(soon.sent).toHaveLength(0);
    const after = await runReminderTick({ now: minutes(EXAM_7D, 15), storage: restarted, events: [EXAM], senders: [tg, line] });
    expect(line.calls.map((c) => c.retryKey)).toEqual(lineKeys);
    expect(after.sent.map((d) => d.chat)).toEqual(['line:U1']);
    expect(after.unknown.map((d) => d.chat)).toEqual(['telegram:1']);
    expect(tg.calls).toHaveLength(0);
  });

  it('sends nothing for an event once it has started, and nothing to chats without a channel sender', async () => {
    const { storage, telegram, senders } = setup();
    storage.subscribe('cli:local', 'exam');
    const r = await runReminderTick({ now: EXAM_7D, storage, events: [EXAM], senders });
    expect(r.sent).toHaveLength(0);
    expect(telegram.calls).toHaveLength(0);
  });
});

describe('digest', () => {
  // Monday 2027-03-29 10:00 HKT; the exam registration (10 Apr) is within two weeks.
  const MONDAY_10 = new Date('2027-03-29T02:00:00Z');

  it('is due from Monday 10:00 HKT for the grace window only', () => {
    expect(digestWeek(MONDAY_10)).toBe('2027-03-29');
    expect(digestWeek(minutes(MONDAY_10, -1))).toBeUndefined();
    expect(digestWeek(minutes(MONDAY_10, 359))).toBe('2027-03-29');
    expect(digestWeek(minutes(MONDAY_10, 24 * 60))).toBeUndefined();
  });

  it('goes once per week to opted-in chats, with their topics’ next two weeks', async () => {
    const { storage, telegram, senders } = setup();
    storage.ensureChat('telegram:1', { lang: 'en' });
    storage.subscribe('telegram:1', 'exam');
    storage.setDigest('telegram:1', true);
    storage.subscribe('telegram:2', 'exam');
    storage.ensureChat('telegram:3', { lang: 'zh-Hans' });
    storage.subscribe('telegram:3', 'seminar');
    storage.setDigest('telegram:3', true);
    const events = [EXAM, SEMINAR];
    const first = await runScheduledTick({ now: MONDAY_10, storage, events, senders });
    expect(first.sent.map((d) => `${d.kind} ${d.chat}`)).toEqual(['digest telegram:1']);
    expect(telegram.calls[0]!.text).toContain('Patent agent exam registration opens');
    expect(telegram.calls[0]!.text).toContain('Sat 10 Apr 2027, 09:00 HKT');
    for (let m = 1; m < 5; m++) await runDigestTick({ now: minutes(MONDAY_10, m), storage, events, senders });
    expect(telegram.calls).toHaveLength(1);
    const nextWeek = await runDigestTick({ now: minutes(MONDAY_10, 7 * 24 * 60), storage, events, senders });
    expect(nextWeek.sent.map((d) => d.chat)).toEqual(['telegram:1']);
  });
});
