import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventRecord } from '../../src/core/ports.js';
import { openSqliteStorage } from '../../src/storage/sqlite.js';
import { MIGRATIONS } from '../../src/storage/migrations.js';
import { tempDbDir } from '../support/temp-db.js';

const T0 = new Date('2026-11-23T02:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const claimAt = (at: Date) => ({ at, staleBefore: new Date(at.getTime() - 600_000), maxAttempts: 3 });

const EVENT: EventRecord = {
  id: 'seminar-2026-12',
  topic: 'seminar',
  title: { 'zh-Hant': '研討會', 'zh-Hans': '研讨会', en: 'Seminar' },
  start: '2026-12-01T10:00:00+08:00',
  remind: ['1d'],
};

describe('openSqliteStorage', () => {
  it('creates the directory, runs every migration and uses WAL', () => {
    const db = tempDbDir();
    const s = db.open();
    expect(s.schemaVersion).toBe(MIGRATIONS.length);
    s.ensureChat('telegram:1');
    s.close();
    const again = db.open();
    expect(again.schemaVersion).toBe(MIGRATIONS.length);
    expect(again.getChat('telegram:1')?.active).toBe(true);
  });

  it('names the culprit when DATA_DIR runs through a file, and never hangs on a path it cannot create', () => {
    const db = tempDbDir();
    const blocker = join(db.dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    expect(() => openSqliteStorage(join(blocker, 'data', 'ipbot.db'))).toThrow(`${blocker} is not a directory`);
    // Node 20's recursive mkdir loops forever here; creating level by level fails at once instead.
    expect(() => openSqliteStorage('/proc/ipbot-no-such-dir/data/ipbot.db')).toThrow(/ENOENT.*\/proc\/ipbot-no-such-dir/);
  });

  it('keeps chats, languages, digest flags and subscriptions across a restart', () => {
    const db = tempDbDir();
    const s = db.open();
    expect(s.ensureChat('telegram:1', { lang: 'en' }).lang).toBe('en');
    expect(s.ensureChat('telegram:1', { lang: 'zh-Hans' }).lang).toBe('en');
    expect(s.ensureChat('line:Uabc').lang).toBeNull();
    s.setChatLang('line:Uabc', 'zh-Hans');
    s.setDigest('line:Uabc', true);
    expect(s.subscribe('telegram:1', 'exam')).toBe(true);
    expect(s.subscribe('telegram:1', 'exam')).toBe(false);
    expect(s.subscribe('telegram:1', 'award')).toBe(true);
    expect(s.subscribe('line:Uabc', 'exam')).toBe(true);
    s.close();

    const r = db.open();
    expect(r.getChat('line:Uabc')).toMatchObject({ lang: 'zh-Hans', digest: true, active: true });
    expect(r.listSubscriptions('telegram:1')).toEqual(['exam', 'award']);
    expect(r.listSubscribers('exam').map((c) => c.key)).toEqual(['line:Uabc', 'telegram:1']);
    expect(r.unsubscribe('telegram:1', 'exam')).toBe(true);
    expect(r.unsubscribe('telegram:1', 'exam')).toBe(false);
    expect(r.listSubscribers('exam').map((c) => c.key)).toEqual(['line:Uabc']);
    expect(r.listSubscribers('all').map((c) => c.key)).toEqual(['line:Uabc', 'telegram:1']);
  });

  it('leaves inactive chats out of subscriber lists until they come back', () => {
    const s = tempDbDir().open();
    s.subscribe('telegram:1', 'exam');
    s.subscribe('telegram:2', 'exam');
    s.setChatActive('telegram:2', false, 'blocked');
    expect(s.listSubscribers('exam').map((c) => c.key)).toEqual(['telegram:1']);
    expect(s.listSubscribers('all').map((c) => c.key)).toEqual(['telegram:1']);
    expect(s.subscriberCounts().exam).toBe(1);
    s.setChatActive('telegram:2', true);
    expect(s.listSubscribers('exam')).toHaveLength(2);
    expect(s.getChat('telegram:2')?.active).toBe(true);
  });

  it('records questions and feedback, one vote per chat, replaced on change', () => {
    const s = tempDbDir().open();
    const q = s.recordQuestion({ chat: 'telegram:1', text: '考試幾時？', folded: '考试几时', lang: 'zh-Hant', answered: false, kind: 'answer', at: T0 });
    expect(q).toBeGreaterThan(0);
    expect(s.recordFeedback({ questionId: q, chat: 'telegram:1', vote: 'up', at: T0 })).toBe('zh-Hant');
    expect(s.recordFeedback({ questionId: q, chat: 'telegram:1', vote: 'down', at: T0 })).toBe('zh-Hant');
    expect(s.recordFeedback({ questionId: q + 100, chat: 'telegram:1', vote: 'up', at: T0 })).toBeUndefined();
    // Another chat cannot vote on this chat's question by forging the button data.
    expect(s.recordFeedback({ questionId: q, chat: 'telegram:2', vote: 'up', at: T0 })).toBeUndefined();
    expect(s.feedbackCounts()).toEqual({ up: 0, down: 1 });
  });

  it('keeps why an answer got 👎 (only for a 👎 of that chat) and lists those questions, newest first', () => {
    const s = tempDbDir().open();
    const q1 = s.recordQuestion({ chat: 'telegram:1', text: '考試幾時？', folded: '考试几时', lang: 'zh-Hant', answered: true, kind: 'answer', at: T0 });
    const q2 = s.recordQuestion({ chat: 'telegram:1', text: 'Where is the exam?', folded: 'whereistheexam', lang: 'en', answered: true, kind: 'answer', at: T0 });
    s.recordFeedback({ questionId: q1, chat: 'telegram:1', vote: 'down', at: T0 });
    s.recordFeedback({ questionId: q2, chat: 'telegram:1', vote: 'down', at: later(1000) });
    expect(s.recordFeedbackReason({ questionId: q1, chat: 'telegram:1', reason: 'outdated' })).toBe(true);
    expect(s.recordFeedbackReason({ questionId: q1, chat: 'telegram:2', reason: 'wrong' })).toBe(false);
    s.recordFeedback({ questionId: q2, chat: 'telegram:1', vote: 'up', at: later(2000) });
    expect(s.recordFeedbackReason({ questionId: q2, chat: 'telegram:1', reason: 'wrong' })).toBe(false);
    expect(s.downvoted(T0, 10)).toEqual([{ text: '考試幾時？', reason: 'outdated', at: T0.toISOString() }]);
  });

  it('keeps a chat\'s conversation context and a chosen language across reopening', () => {
    const db = tempDbDir();
    const s = db.open();
    s.setChatLang('telegram:1', 'zh-Hant');
    expect(s.getChat('telegram:1')).toMatchObject({ lang: 'zh-Hant', langChosen: false });
    s.setChatLang('telegram:1', 'en', true);
    s.setContext('telegram:1', { question: '广东省著名商标', lang: 'zh-Hant', topic: 'trademark', sectionId: 'd#19', sentencesShown: 2, at: T0.toISOString() });
    s.close();
    const again = db.open();
    expect(again.getChat('telegram:1')).toMatchObject({ lang: 'en', langChosen: true });
    expect(again.getContext('telegram:1')).toMatchObject({ question: '广东省著名商标', topic: 'trademark', sentencesShown: 2 });
    again.clearContext('telegram:1');
    expect(again.getContext('telegram:1')).toBeUndefined();
  });

  it('remembers inbound events by bot and chat, so a redelivery is seen once and another bot starts afresh', () => {
    const db = tempDbDir();
    const s = db.open();
    const key = { bot: 'telegram:111', chat: 'telegram:5', id: '42' };
    expect(s.acceptInbound(key, '{}', T0)).toBe(true);
    expect(s.acceptInbound(key, '{}', T0)).toBe(false);
    // A new bot on the same DATA_DIR: its update ids start again and must not look seen.
    expect(s.acceptInbound({ ...key, bot: 'telegram:222' }, '{}', T0)).toBe(true);
    s.close();
    expect(db.open().acceptInbound(key, '{}', T0)).toBe(false);
  });

  it('keeps what an unfinished event needs to be resumed, and forgets it once done', () => {
    const s = tempDbDir().open();
    const a = { bot: 'line:Ubot', chat: 'line:U1', id: 'e1' };
    const b = { bot: 'line:Ubot', chat: 'line:U2', id: 'e2' };
    s.acceptInbound(a, '{"a":1}', T0);
    s.acceptInbound(b, '{"b":1}', T0);
    s.updateInbound(b, { status: 'waiting', replies: '[1]', progress: 1 }, T0);
    expect(s.listUnfinishedInbound('line:Ubot').map((r) => [r.id, r.status, r.payload, r.replies, r.progress])).toEqual([
      ['e1', 'received', '{"a":1}', undefined, 0],
      ['e2', 'waiting', '{"b":1}', '[1]', 1],
    ]);
    s.finishInbound(a, 'replied', T0);
    expect(s.listUnfinishedInbound('line:Ubot').map((r) => r.id)).toEqual(['e2']);
    expect(s.listUnfinishedInbound('line:Uother')).toEqual([]);
  });

  it('stores staff events and cancellations (of chat or file events)', () => {
    const db = tempDbDir();
    const s = db.open();
    expect(s.addEvent(EVENT, 'telegram:9', T0)).toBe(true);
    expect(s.addEvent({ ...EVENT, start: '2027-01-01T10:00:00+08:00' }, 'telegram:9', T0)).toBe(false);
    s.close();
    const r = db.open();
    expect(r.listAddedEvents()).toEqual([{ ...EVENT, addedBy: 'telegram:9', addedAt: T0.toISOString() }]);
    expect(r.cancelEvent(EVENT.id, 'telegram:9', T0)).toBe(true);
    expect(r.cancelEvent(EVENT.id, 'telegram:9', T0)).toBe(false);
    expect(r.cancelEvent('from-the-file', 'telegram:9', T0)).toBe(true);
    expect(r.listAddedEvents()).toEqual([]);
    expect(r.listCancelledEventIds()).toEqual(['from-the-file', EVENT.id]);
  });

  it('lets exactly one of two connections claim a reminder delivery', () => {
    const db = tempDbDir();
    const a = db.open();
    const b = db.open();
    const key = { eventId: EVENT.id, offset: '1d', chat: 'telegram:1' };
    expect(a.claimReminder(key, claimAt(T0))).toEqual({ attempt: 1, recovered: false });
    expect(b.claimReminder(key, claimAt(T0))).toBeUndefined();
    a.finishReminder(key, { status: 'sent' }, T0);
    expect(b.claimReminder(key, claimAt(later(3_600_000)))).toBeUndefined();
  });

  it('retries a failed delivery from its retry time, up to the attempt limit', () => {
    const s = tempDbDir().open();
    const key = { eventId: EVENT.id, offset: '1d', chat: 'telegram:1' };
    s.claimReminder(key, claimAt(T0));
    s.finishReminder(key, { status: 'failed', error: 'HTTP 502', retryAt: later(60_000) }, T0);
    expect(s.claimReminder(key, claimAt(later(30_000)))).toBeUndefined();
    expect(s.claimReminder(key, claimAt(later(60_000)))).toEqual({ attempt: 2, recovered: false });
    s.finishReminder(key, { status: 'failed', retryAt: later(120_000) }, later(60_000));
    expect(s.claimReminder(key, claimAt(later(120_000)))).toEqual({ attempt: 3, recovered: false });
    s.finishReminder(key, { status: 'failed', retryAt: later(180_000) }, later(120_000));
    expect(s.claimReminder(key, claimAt(later(999_000)))).toBeUndefined();
  });

  it('hands a claim left unfinished by a dead process back as recovered, once it is stale', () => {
    const db = tempDbDir();
    const dead = db.open();
    const key = { chat: 'line:U1', week: '2026-W48' };
    expect(dead.claimDigest(key.chat, key.week, claimAt(T0))).toBeDefined();
    dead.close();
    const s = db.open();
    expect(s.claimDigest(key.chat, key.week, claimAt(later(60_000)))).toBeUndefined();
    expect(s.claimDigest(key.chat, key.week, claimAt(later(700_000)))).toEqual({ attempt: 2, recovered: true });
    s.finishDigest(key.chat, key.week, { status: 'sent' }, later(700_000));
    expect(s.claimDigest(key.chat, key.week, claimAt(later(9_000_000)))).toBeUndefined();
  });

  it('confirms a broadcast once and drains its outbox in per-language batches', () => {
    const db = tempDbDir();
    const s = db.open();
    const b = s.createBroadcast({ by: 'telegram:9', topic: 'exam', text: '報名開始' }, T0);
    expect(b).toMatchObject({ status: 'draft', topic: 'exam', text: '報名開始', by: 'telegram:9' });
    const recipients = [
      { chat: 'line:U1', lang: 'zh-Hant' as const },
      { chat: 'line:U2', lang: 'zh-Hans' as const },
      { chat: 'line:U3', lang: 'zh-Hant' as const },
      { chat: 'telegram:1', lang: 'en' as const },
    ];
    expect(s.confirmBroadcast(b.id, recipients, T0)).toBe(4);
    expect(s.confirmBroadcast(b.id, recipients, T0)).toBeUndefined();
    expect(s.cancelBroadcast(b.id, T0)).toBe(false);
    expect(s.getBroadcast(b.id)?.status).toBe('sending');

    const other = db.open();
    const first = s.claimOutboxBatch('line', 500, claimAt(T0))!;
    const second = other.claimOutboxBatch('line', 500, claimAt(T0))!;
    expect(other.claimOutboxBatch('line', 500, claimAt(T0))).toBeUndefined();
    const batches = [first, second].map((x) => ({ lang: x.lang, chats: x.chats }));
    expect(batches).toContainEqual({ lang: 'zh-Hant', chats: ['line:U1', 'line:U3'] });
    expect(batches).toContainEqual({ lang: 'zh-Hans', chats: ['line:U2'] });
    expect(first.batchKey).not.toBe(second.batchKey);

    s.finishOutbox(b.id, first.batchKey, first.chats.map((chat) => ({ chat, status: 'sent' })), 3, T0);
    s.finishOutbox(b.id, second.batchKey, [{ chat: second.chats[0]!, status: 'blocked' }], 3, T0);
    expect(s.completeBroadcast(b.id, T0)).toBe(false);
    const tg = s.claimOutboxBatch('telegram', 1, claimAt(T0))!;
    expect(tg).toMatchObject({ chats: ['telegram:1'], lang: 'en', recovered: false });
    s.finishOutbox(b.id, tg.batchKey, [{ chat: 'telegram:1', status: 'failed', retryAt: later(5_000) }], 3, T0);
    expect(s.nextOutboxDue('telegram')).toEqual(later(5_000));
    expect(s.claimOutboxBatch('telegram', 1, claimAt(T0))).toBeUndefined();
    const retry = s.claimOutboxBatch('telegram', 1, claimAt(later(5_000)))!;
    expect(retry.attempt).toBe(2);
    s.finishOutbox(b.id, retry.batchKey, [{ chat: 'telegram:1', status: 'sent' }], 3, later(5_000));
    expect(s.outboxCounts(b.id)).toMatchObject({ sent: 3, blocked: 1, pending: 0, sending: 0 });
    expect(s.completeBroadcast(b.id, later(5_000))).toBe(true);
    expect(other.completeBroadcast(b.id, later(5_000))).toBe(false);
    expect(s.getBroadcast(b.id)?.status).toBe('done');
  });

  it('recovers an outbox batch claimed by a process that died, with the same retry key', () => {
    const db = tempDbDir();
    const dead = db.open();
    const b = dead.createBroadcast({ by: 'line:Ustaff', topic: 'all', text: 'hi' }, T0);
    dead.confirmBroadcast(b.id, [{ chat: 'line:U1', lang: 'en' }], T0);
    const claimed = dead.claimOutboxBatch('line', 500, claimAt(T0))!;
    dead.close();
    const s = db.open();
    expect(s.claimOutboxBatch('line', 500, claimAt(later(1_000)))).toBeUndefined();
    const again = s.claimOutboxBatch('line', 500, claimAt(later(700_000)))!;
    expect(again).toMatchObject({ recovered: true, batchKey: claimed.batchKey, chats: ['line:U1'] });
  });

  it('cancels a draft so it can no longer be confirmed', () => {
    const s = tempDbDir().open();
    const b = s.createBroadcast({ by: 'telegram:9', topic: 'all', text: 'x' }, T0);
    expect(s.cancelBroadcast(b.id, T0)).toBe(true);
    expect(s.confirmBroadcast(b.id, [{ chat: 'telegram:1', lang: 'en' }], T0)).toBeUndefined();
    expect(s.outboxCounts(b.id).pending).toBe(0);
  });

  it('counts questions by period and groups unanswered wordings by folded text', () => {
    const s = tempDbDir().open();
    const ask = (text: string, folded: string, answered: boolean, daysAgo: number) =>
      s.recordQuestion({ chat: 'telegram:1', text, folded, lang: 'zh-Hant', answered, kind: 'answer', at: new Date(T0.getTime() - daysAgo * 86_400_000) });
    ask('專利代理人考試幾時報名', '专利代理人考试几时报名', false, 1);
    ask('专利代理人考试几时报名', '专利代理人考试几时报名', false, 2);
    ask('商標點樣申請', '商标点样申请', false, 3);
    ask('正版正貨承諾係咩', '正版正货承诺系咩', true, 3);
    ask('舊問題', '旧问题', false, 20);
    const week = new Date(T0.getTime() - 7 * 86_400_000);
    const month = new Date(T0.getTime() - 30 * 86_400_000);
    expect(s.countQuestions(week)).toEqual({ total: 4, answered: 1 });
    expect(s.countQuestions(month)).toEqual({ total: 5, answered: 1 });
    expect(s.topUnanswered(month, 2)).toEqual([
      { folded: '专利代理人考试几时报名', count: 2, example: '專利代理人考試幾時報名' },
      { folded: '商标点样申请', count: 1, example: '商標點樣申請' },
    ]);
  });

  it('rejects nothing silently: opening a path under a file fails loudly', () => {
    expect(() => openSqliteStorage('/dev/null/ipbot.db')).toThrow();
  });

  it('names the file when it is not a database, and refuses a database from a newer ipbot', () => {
    const { dir } = tempDbDir();
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'hello, not sqlite');
    expect(() => openSqliteStorage(garbage)).toThrow(`database ${garbage}: file is not a database`);
    const newer = join(dir, 'newer.db');
    const raw = new Database(newer);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openSqliteStorage(newer)).toThrow(/schema version 999 is newer than this ipbot knows/);
  });
});
