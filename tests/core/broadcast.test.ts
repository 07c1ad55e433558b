import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Assistant, type Incoming } from '../../src/core/assistant.js';
import { decodeAction, encodeAction, type Action } from '../../src/core/actions.js';
import { drainOutbox, type DrainOptions } from '../../src/core/broadcast.js';
import type { Answer, AnswerEngine } from '../../src/core/engine.js';
import { createEventCatalog } from '../../src/core/events.js';
import type { Storage } from '../../src/core/ports.js';
import { renderPlain, type Reply } from '../../src/core/reply.js';
import { createStaffPlugin } from '../../src/core/staff-plugin.js';
import { FakeSender } from '../support/fake-sender.js';
import { tempDbDir } from '../support/temp-db.js';
import { fakeTime } from '../support/fake-time.js';
import { collectStats, formatStats } from '../../src/core/stats.js';

const run = promisify(execFile);
const STAFF = 'telegram:900';

const engine: AnswerEngine = {
  ask: (q) => ({ query: q, answered: false, answer: '', lang: 'zh-Hant', sources: [], kind: 'out-of-scope', blocks: [] }) as Answer,
  overview: (t, lang) => ({ query: t, answered: true, answer: '', lang, sources: [], kind: 'answer', blocks: [] }) as Answer,
};

/** A clock that only moves when the drainer sleeps: pacing is checked without real time. */
function world() {
  const db = tempDbDir();
  const storage = db.open();
  const time = fakeTime();
  const log: string[] = [];
  const confirmed: number[] = [];
  const assistant = new Assistant({
    engine,
    storage,
    clock: time.clock,
    staff: new Set([STAFF]),
    plugins: [
      createStaffPlugin({
        events: createEventCatalog(() => [], storage),
        log: (level, event, fields) => log.push(`${level} ${event} ${JSON.stringify(fields ?? {})}`),
        onBroadcastConfirmed: (id) => confirmed.push(id),
        sendableChannels: () => new Set(['telegram', 'line']),
      }),
    ],
  });
  // Staff and users here use Telegram in Hong Kong Chinese (a chat's stored language wins over this).
  const locale = 'zh-hk';
  const as = (chat: string) => ({
    say: (text: string) => assistant.handle({ channel: 'telegram', chat, sender: chat, event: { type: 'text', text }, locale }),
    press: (action: Action) => assistant.handle({ channel: 'telegram', chat, sender: chat, event: { type: 'action', action }, locale } as Incoming),
  });
  const telegram = new FakeSender('telegram');
  const line = new FakeSender('line');
  const drain = (extra: Partial<DrainOptions> = {}) =>
    drainOutbox({ storage, senders: [telegram, line], clock: time.clock, sleep: time.sleep, ...extra });
  return { db, storage, time, log, confirmed, as, staff: as(STAFF), telegram, line, drain };
}

const text = (replies: Reply[]) => replies.map((r) => renderPlain(r.blocks)).join('\n');
const buttons = (replies: Reply[]) => replies.flatMap((r) => (r.buttons ?? []).flat());

function subscribeMany(storage: Storage) {
  storage.ensureChat('telegram:1', { lang: 'zh-Hant' });
  storage.ensureChat('telegram:2', { lang: 'zh-Hans' });
  storage.ensureChat('telegram:3', { lang: 'en' });
  storage.ensureChat('line:U1', { lang: 'zh-Hans' });
  storage.ensureChat('line:U2', { lang: 'zh-Hans' });
  for (const c of ['telegram:1', 'telegram:2', 'telegram:3', 'line:U1', 'line:U2']) storage.subscribe(c, 'exam');
  storage.subscribe('telegram:4', 'award');
  storage.subscribe('cli:local', 'exam');
}

describe('/broadcast', () => {
  it('refuses anyone not in ADMIN_IDS, sends nothing and logs the attempt', async () => {
    const w = world();
    subscribeMany(w.storage);
    const replies = await w.as('telegram:1').say('/broadcast all 免費送禮物');
    expect(text(replies)).toContain('只有職員可以發送廣播');
    expect(buttons(replies)).toHaveLength(0);
    expect(w.log.some((l) => l.startsWith('warn broadcast.refused') && l.includes('telegram:1'))).toBe(true);
    // Even a forged confirm press of a staff draft is refused.
    const draft = await w.staff.say('/broadcast exam 考試報名開始');
    const confirm = buttons(draft).find((b) => b.action.type === 'broadcast-confirm')!.action;
    expect(text(await w.as('telegram:1').press(confirm))).toContain('只有職員');
    await w.drain();
    expect(w.telegram.calls).toHaveLength(0);
    expect(w.line.calls).toHaveLength(0);
    expect(w.confirmed).toHaveLength(0);
  });

  it('previews exactly what each script’s subscribers will see, with the count, and sends nothing before confirm', async () => {
    const w = world();
    subscribeMany(w.storage);
    const replies = await w.staff.say('/broadcast exam 專利代理師考試報名將於四月開始，請留意官方網站。');
    const all = text(replies);
    expect(all).toContain('將發送給 5 位訂閱者');
    expect(all).toContain('專利代理師考試報名將於四月開始');
    expect(all).toContain('专利代理师考试报名将于四月开始');
    const labels = buttons(replies).map((b) => b.label);
    expect(labels).toEqual(['確認發送 / Confirm & send', '取消 / Cancel']);
    for (const b of buttons(replies)) expect(decodeAction(encodeAction(b.action))).toEqual(b.action);
    await w.drain();
    expect(w.telegram.calls).toHaveLength(0);
    expect(w.line.calls).toHaveLength(0);
  });

  it('names what is wrong with a broadcast command: the topic word, missing text, too long', async () => {
    const w = world();
    subscribeMany(w.storage);
    const wrongTopic = text(await w.staff.say('/broadcast 考試 報名開始'));
    expect(wrongTopic.split('\n')[0]).toBe('「考試」不是主題代號，請用 exam、trademark、overseas、genuine、award、seminar 或 all。');
    expect(wrongTopic).toContain('用法：/broadcast');
    expect(text(await w.staff.say('/broadcast exam')).split('\n')[0]).toBe('廣播沒有內容：請在主題後寫上要發送的文字。');
    expect(text(await w.staff.say(`/broadcast exam ${'字'.repeat(4000)}`))).toBe('廣播太長：4000 字，上限 3500 字。');
    expect(text(await w.staff.say('/broadcast'))).toMatch(/^用法：\/broadcast/);
    const empty = world();
    expect(text(await empty.staff.say('/broadcast all 測試'))).toBe('目前沒有人訂閱任何主題，沒有可發送的對象。');
    expect(w.storage.getBroadcast(1)).toBeUndefined();
  });

  it('on confirm sends each subscriber the message in their script, batches LINE, and reports to staff', async () => {
    const w = world();
    subscribeMany(w.storage);
    w.telegram.script.set('telegram:3', { status: 'blocked', error: 'Forbidden: bot was blocked by the user' });
    const preview = await w.staff.say('/broadcast exam 專利代理師考試報名將於四月開始');
    const confirm = buttons(preview)[0]!.action;
    expect(text(await w.staff.press(confirm))).toContain('已開始發送給 5 位訂閱者');
    expect(text(await w.staff.press(confirm))).toContain('不會重複發送');
    expect(w.confirmed).toHaveLength(1);

    const summary = await w.drain();
    expect(summary).toMatchObject({ sent: 4, blocked: 1, failed: 0 });
    const tgToSubscribers = w.telegram.calls.filter((c) => c.chats[0] !== STAFF);
    expect(tgToSubscribers.map((c) => c.chats)).toEqual([['telegram:1'], ['telegram:2'], ['telegram:3']]);
    expect(tgToSubscribers[0]!.text).toContain('專利代理師考試報名將於四月開始');
    expect(tgToSubscribers[1]!.text).toContain('专利代理师考试报名将于四月开始');
    expect(w.line.calls).toHaveLength(1);
    expect(w.line.calls[0]!.chats).toEqual(['line:U1', 'line:U2']);
    expect(w.line.calls[0]!.text).toContain('专利代理师考试');
    expect(w.storage.getChat('telegram:3')?.active).toBe(false);
    const report = w.telegram.calls.find((c) => c.chats[0] === STAFF)!;
    expect(report.text).toMatch(/成功 4，失敗 0，已封鎖 1/);
    // Nothing more on a second drain.
    const again = await w.drain();
    expect(again.calls).toBe(0);
  });

  it('cancel sends nothing and the draft cannot be confirmed afterwards', async () => {
    const w = world();
    subscribeMany(w.storage);
    const preview = await w.staff.say('/broadcast all hello');
    const [confirm, cancel] = buttons(preview).map((b) => b.action);
    expect(text(await w.staff.press(cancel!))).toContain('已取消廣播');
    expect(text(await w.staff.press(confirm!))).toContain('不會重複發送');
    await w.drain();
    expect(w.telegram.calls).toHaveLength(0);
  });

  it('paces Telegram at the configured rate and waits retry_after on a 429', async () => {
    const w = world();
    for (let i = 0; i < 10; i++) w.storage.subscribe(`telegram:${i}`, 'seminar');
    w.telegram.script.set('telegram:5', (n) => (n === 6 ? { status: 'retry', rateLimited: true, retryAfterMs: 3000 } : { status: 'sent' }));
    const preview = await w.staff.say('/broadcast seminar 研討會');
    await w.staff.press(buttons(preview)[0]!.action);
    const start = w.time.clock.now().getTime();
    const summary = await w.drain({ rates: { telegram: 25 } });
    expect(summary.sent).toBe(10);
    expect(summary.retried).toBe(1);
    const sent = w.telegram.calls.filter((c) => c.chats[0] !== STAFF).map((c) => c.chats[0]);
    expect(sent.filter((c) => c === 'telegram:5')).toHaveLength(2);
    expect(new Set(sent).size).toBe(10);
    // 11 calls at 40 ms spacing plus the 3 s pause the platform asked for.
    const elapsed = w.time.clock.now().getTime() - start;
    expect(elapsed).toBeGreaterThanOrEqual(3000 + 9 * 40);
    expect(w.time.sleeps.every((ms) => ms > 0)).toBe(true);
  });

  it('resumes after the process is killed between two sends: nothing repeated, nothing lost', async () => {
    const w = world();
    const chats = Array.from({ length: 8 }, (_, i) => `telegram:${100 + i}`);
    for (const c of chats) w.storage.subscribe(c, 'award');
    const preview = await w.staff.say('/broadcast award 發明獎截止提醒');
    await w.staff.press(buttons(preview)[0]!.action);
    const sentLog = join(w.db.dir, 'sent.log');
    writeFileSync(sentLog, '');
    // Killed at its 4th pause, i.e. after the 4th send was recorded and before the 5th.
    const killed = await run(process.execPath, ['--import', 'tsx', 'tests/support/drain-child.ts', w.db.file, sentLog, '4']).then(
      () => 'exited',
      (e: { signal?: string }) => e.signal,
    );
    expect(killed).toBe('SIGKILL');
    const before = readFileSync(sentLog, 'utf8').split('\n').filter(Boolean);
    expect(before).toEqual(chats.slice(0, 4));

    const resumed = await w.drain();
    const after = w.telegram.calls.filter((c) => c.chats[0] !== STAFF).flatMap((c) => c.chats);
    expect([...before, ...after].sort()).toEqual([...chats].sort());
    expect(resumed.unknown).toBe(0);
    expect(w.storage.outboxCounts(w.storage.listBroadcasts('done')[0]!.id)).toMatchObject({ sent: 8, pending: 0, sending: 0 });
    expect(w.telegram.calls.find((c) => c.chats[0] === STAFF)?.text).toMatch(/成功 8/);
  });

  it('a send interrupted mid-call: LINE resends with the same retry key, Telegram reports it unconfirmed', async () => {
    const w = world();
    subscribeMany(w.storage);
    const preview = await w.staff.say('/broadcast exam x');
    await w.staff.press(buttons(preview)[0]!.action);
    const hangingTg = new FakeSender('telegram');
    const hangingLine = new FakeSender('line');
    const keys: string[] = [];
    hangingTg.beforeSend = () => new Promise<never>(() => {});
    hangingLine.beforeSend = (c) => {
      keys.push(c.retryKey);
      return new Promise<never>(() => {});
    };
    void drainOutbox({ storage: w.storage, senders: [hangingTg, hangingLine], clock: w.time.clock, sleep: w.time.sleep });
    await new Promise((r) => setImmediate(r));
    const restarted = w.db.open();
    w.time.advance(11 * 60_000);
    const summary = await drainOutbox({ storage: restarted, senders: [w.telegram, w.line], clock: w.time.clock, sleep: w.time.sleep });
    expect(w.line.calls[0]?.retryKey).toBe(keys[0]);
    expect(w.line.calls[0]?.chats).toEqual(['line:U1', 'line:U2']);
    expect(summary.unknown).toBe(1);
    const toSubscribers = w.telegram.calls.filter((c) => c.chats[0] !== STAFF).flatMap((c) => c.chats);
    expect(toSubscribers).toEqual(['telegram:2', 'telegram:3']);
    expect(w.telegram.calls.find((c) => c.chats[0] === STAFF)?.text).toMatch(/未能確認 1/);
    // Staff statistics say how far broadcast messages got, unconfirmed included.
    const stats = collectStats(restarted, w.time.clock.now());
    expect(stats.deliveries30.broadcasts).toEqual({ pending: 0, sent: 4, failed: 0, unconfirmed: 1, blocked: 0 });
    expect(formatStats(stats, 'zh-Hant')).toContain('• 廣播: 待發送 0，已送達 4，失敗 0，未能確認 1，已封鎖 0');
  });
});

describe('/events, /event, /digest, /stats', () => {
  it('staff add and cancel an event from chat; users list upcoming events of their topics in their language', async () => {
    const w = world();
    const user = w.as('telegram:1');
    w.storage.ensureChat('telegram:1', { lang: 'en' });
    expect(text(await user.say('/events'))).toContain('No events with a confirmed date');
    expect(text(await user.say('/event add x exam 2027-04-10 09:00 t'))).toContain('staff only');
    const added = await w.staff.say('/event add exam-2027-reg exam 2027-04-10 09:00 專利代理師考試報名 | place: 廣州 | remind: 7d,1d');
    expect(text(added)).toContain('已加入活動 exam-2027-reg');
    expect(text(await w.staff.say('/event add exam-2027-reg exam 2027-04-11 09:00 again'))).toContain('已有 id');
    expect(text(await w.staff.say('/event add old exam 2020-01-01 09:00 past'))).toContain('開始時間已過');
    expect(text(await w.staff.say('/event add bad nosuch 2027-01-01 09:00 x'))).toContain('topic must be one of');
    await w.staff.say('/event add seminar-1 seminar 2027-05-01 14:00 Seminar on SMEs');
    w.storage.subscribe('telegram:1', 'exam');
    const listed = text(await user.say('/events'));
    expect(listed).toContain('Sat 10 Apr 2027, 09:00 HKT — 專利代理師考試報名 (廣州)');
    expect(listed).not.toContain('Seminar on SMEs');
    expect(text(await user.say('/events all'))).toContain('Seminar on SMEs');
    expect(text(await w.staff.say('/event cancel exam-2027-reg'))).toContain('已取消活動 exam-2027-reg');
    // Already subscribed: told they will be reminded, not told to subscribe.
    const none = text(await user.say('/events'));
    expect(none).toContain("No events with a confirmed date for your topics yet. Staff list them here once dates are confirmed, and you'll be reminded before each.");
    expect(none).not.toContain('subscribe to a topic');
    expect(text(await w.staff.say('/event cancel nope'))).toContain('找不到');
    expect(text(await w.staff.say('/event cancel')).split('\n')[0]).toBe('請寫上要取消的活動 id（只可一個）。');
    expect(text(await w.staff.say('/event remove seminar-1')).split('\n')[0]).toBe('不認識「/event remove」：只有 add 和 cancel。');
  });

  it('/digest on|off toggles the weekly digest', async () => {
    const w = world();
    const user = w.as('telegram:1');
    expect(text(await user.say('/digest on'))).toContain('每週摘要');
    expect(w.storage.getChat('telegram:1')?.digest).toBe(true);
    expect(w.storage.listDigestChats().map((c) => c.key)).toEqual(['telegram:1']);
    await user.say('/digest off');
    expect(w.storage.getChat('telegram:1')?.digest).toBe(false);
  });

  it('/stats is staff only and groups a question asked in both scripts as one', async () => {
    const w = world();
    const now = w.time.clock.now();
    const ask = (text: string, folded: string, answered: boolean, daysAgo = 1) =>
      w.storage.recordQuestion({ chat: 'telegram:1', text, folded, lang: 'zh-Hant', answered, kind: 'answer', at: new Date(now.getTime() - daysAgo * 86_400_000) });
    ask('香港考生喺邊度考專利代理師？', '香港考生在哪里考专利代理师', false);
    ask('香港考生在哪里考专利代理师?', '香港考生在哪里考专利代理师', false);
    ask('什麼是正版正貨承諾', '什么是正版正货承诺', true, 10);
    const q = ask('商標', '商标', false, 2);
    w.storage.recordFeedback({ questionId: q, chat: 'telegram:1', vote: 'down', at: now });
    w.storage.subscribe('telegram:1', 'exam');
    expect(text(await w.as('telegram:1').say('/stats'))).toContain('只供職員');
    const stats = text(await w.staff.say('/stats'));
    expect(stats).toContain('過去 7 天：3 條問題，已回答 0（0%）');
    expect(stats).toContain('過去 30 天：4 條問題，已回答 1（25%）');
    expect(stats).toMatch(/1\. 香港考生在哪里考专利代理师\? \(×2\)/);
    expect(stats).toContain('👎 1');
    expect(stats).toContain('專利代理人考試 (exam): 1');
  });
});
