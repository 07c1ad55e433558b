/**
 * The storage port on SQLite (better-sqlite3, synchronous). WAL lets the bot and an operator's
 * `ipbot reminders tick` share one file; every claim is a single conditional write, so two
 * connections or processes can never both win it.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Vote } from '../core/actions.js';
import type {
  ConversationContext,
  DownvotedQuestion,
  BroadcastRecord,
  BroadcastStatus,
  ChatRecord,
  ClaimOptions,
  DeliveryClaim,
  DeliveryCounts,
  DeliveryFinish,
  EventRecord,
  HandoffCounts,
  HandoffDeliveryKind,
  HandoffRecord,
  InboxKey,
  InboxRecord,
  InboxStatus,
  OutboxBatch,
  OutboxResult,
  OutboxStatus,
  PublishedEvent,
  QuestionInput,
  ReminderKey,
  StaffEventRecord,
  Storage,
  UnansweredGroup,
} from '../core/ports.js';
import { FEEDBACK_REASONS, isLang, TOPIC_IDS, type FeedbackReason, type Lang, type TopicId } from '../core/types.js';
import { DEFAULT_DB_BUSY_TIMEOUT_MS } from '../config.js';
import { MIGRATIONS } from './migrations.js';

export interface SqliteStorage extends Storage {
  readonly file: string;
  /** Schema version after migrations (PRAGMA user_version). */
  readonly schemaVersion: number;
  /** One tiny write: throws when the database cannot be written (locked, disk full, read-only). */
  probeWrite(at: Date): void;
}

export interface SqliteOptions {
  /** How long a write waits for another connection's lock before failing with SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

interface ChatRow {
  key: string;
  lang: string | null;
  lang_chosen: number;
  active: number;
  digest: number;
  created_at: string;
}

interface BroadcastRow {
  id: number;
  by: string;
  topic: string;
  text: string;
  status: string;
  created_at: string;
  confirmed_at: string | null;
  finished_at: string | null;
}

interface HandoffRow {
  id: number;
  question_id: number;
  chat: string;
  lang: string;
  question: string;
  bot_reply: string;
  status: string;
  created_at: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

interface PublishedRow {
  id: string;
  body: string;
  fingerprint: string;
  sequence: number;
  cancelled: number;
  updated_at: string;
}

function toHandoff(row: HandoffRow): HandoffRecord {
  return {
    id: row.id,
    questionId: row.question_id,
    chat: row.chat,
    lang: isLang(row.lang) ? row.lang : 'zh-Hant',
    question: row.question,
    botReply: row.bot_reply,
    status: row.status === 'answered' ? 'answered' : 'open',
    createdAt: row.created_at,
    ...(row.answer !== null ? { answer: row.answer } : {}),
    ...(row.answered_by !== null ? { answeredBy: row.answered_by } : {}),
    ...(row.answered_at !== null ? { answeredAt: row.answered_at } : {}),
  };
}

const BUSY_TIMEOUT_MS = 5000;

export function openSqliteStorage(file: string, options: SqliteOptions = {}): SqliteStorage {
  let db: Database.Database | undefined;
  try {
    if (file !== ':memory:') makeDirectory(dirname(file));
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? DEFAULT_DB_BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    const schemaVersion = migrate(db);
    return new SqliteStore(db, file, schemaVersion);
  } catch (err) {
    db?.close();
    // "file is not a database" alone does not tell an operator which file (DATA_DIR) to look at.
    throw new Error(`database ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/**
 * `mkdir -p` one level at a time: Node 20's recursive mkdirSync spins forever under a path it can
 * never create (DATA_DIR=/proc/x, measured), and a plain error names the level that failed.
 */
function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    let stat;
    try {
      stat = statSync(at, { throwIfNoEntry: false });
    } catch (err) {
      // ENOTDIR: a file stands somewhere above; walking up finds and names it.
      if ((err as NodeJS.ErrnoException).code !== 'ENOTDIR') throw err;
    }
    if (stat) {
      if (!stat.isDirectory()) throw new Error(`${at} is not a directory (check DATA_DIR)`);
      break;
    }
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const level of missing) mkdirSync(level);
}

function migrate(db: Database.Database): number {
  // IMMEDIATE: two processes starting at once must not both run migration 1.
  const run = db.transaction(() => {
    let version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      // Written by a newer ipbot: running old code on it could misread or damage what it keeps.
      throw new Error(`schema version ${version} is newer than this ipbot knows (${MIGRATIONS.length}); run the newer ipbot or use another DATA_DIR`);
    }
    while (version < MIGRATIONS.length) {
      db.exec(MIGRATIONS[version]!);
      version++;
      db.pragma(`user_version = ${version}`);
    }
    return version;
  });
  return run.immediate();
}

const iso = (d: Date) => d.toISOString();
const chatChannel = (key: string) => (key.includes(':') ? key.slice(0, key.indexOf(':')) : '');

function toChat(row: ChatRow): ChatRecord {
  return {
    key: row.key,
    lang: isLang(row.lang) ? row.lang : null,
    langChosen: row.lang_chosen === 1,
    active: row.active === 1,
    digest: row.digest === 1,
    createdAt: row.created_at,
  };
}

function toBroadcast(row: BroadcastRow): BroadcastRecord {
  return {
    id: row.id,
    by: row.by,
    topic: row.topic as TopicId | 'all',
    text: row.text,
    status: row.status as BroadcastStatus,
    createdAt: row.created_at,
    ...(row.confirmed_at ? { confirmedAt: row.confirmed_at } : {}),
    ...(row.finished_at ? { finishedAt: row.finished_at } : {}),
  };
}

/** Claim and finish for the two delivery logs, which differ only in their key columns. */
class DeliveryLog {
  private readonly insert: Database.Statement;
  private readonly retake: Database.Statement;
  private readonly recover: Database.Statement;
  private readonly finish: Database.Statement;

  constructor(db: Database.Database, table: string, keyColumns: string[]) {
    const cols = keyColumns.join(', ');
    const marks = keyColumns.map(() => '?').join(', ');
    const where = keyColumns.map((c) => `${c} = ?`).join(' AND ');
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO ${table} (${cols}, status, attempts, claimed_at, updated_at)
       VALUES (${marks}, 'sending', 1, ?, ?)`,
    );
    this.retake = db.prepare(
      `UPDATE ${table} SET status = 'sending', attempts = attempts + 1, claimed_at = ?, updated_at = ?
       WHERE ${where} AND status = 'failed' AND attempts < ? AND retry_at <= ? RETURNING attempts`,
    );
    this.recover = db.prepare(
      `UPDATE ${table} SET attempts = attempts + 1, claimed_at = ?, updated_at = ?
       WHERE ${where} AND status = 'sending' AND claimed_at < ? RETURNING attempts`,
    );
    this.finish = db.prepare(
      `UPDATE ${table} SET status = ?, error = ?, retry_at = ?, updated_at = ? WHERE ${where}`,
    );
  }

  claim(key: unknown[], o: ClaimOptions): DeliveryClaim | undefined {
    const at = iso(o.at);
    if (this.insert.run(...key, at, at).changes === 1) return { attempt: 1, recovered: false };
    const retaken = this.retake.get(at, at, ...key, o.maxAttempts, at) as { attempts: number } | undefined;
    if (retaken) return { attempt: retaken.attempts, recovered: false };
    const recovered = this.recover.get(at, at, ...key, iso(o.staleBefore)) as { attempts: number } | undefined;
    if (recovered) return { attempt: recovered.attempts, recovered: true };
    return undefined;
  }

  done(key: unknown[], r: DeliveryFinish, at: Date): void {
    const retryAt = r.status === 'failed' && r.retryAt ? iso(r.retryAt) : null;
    this.finish.run(r.status, r.error ?? null, retryAt, iso(at), ...key);
  }
}

class SqliteStore implements SqliteStorage {
  private readonly reminders: DeliveryLog;
  private readonly digests: DeliveryLog;
  private readonly handoffDeliveries: DeliveryLog;
  private readonly stmt: Record<string, Database.Statement>;

  constructor(
    private readonly db: Database.Database,
    readonly file: string,
    readonly schemaVersion: number,
  ) {
    this.reminders = new DeliveryLog(db, 'reminder_deliveries', ['event_id', 'offset', 'chat']);
    this.digests = new DeliveryLog(db, 'digest_sends', ['chat', 'week']);
    this.handoffDeliveries = new DeliveryLog(db, 'handoff_deliveries', ['handoff_id', 'kind']);
    const p = (sql: string) => db.prepare(sql);
    this.stmt = {
      getChat: p('SELECT * FROM chats WHERE key = ?'),
      insertChat: p(
        `INSERT OR IGNORE INTO chats (key, lang, active, digest, created_at, updated_at) VALUES (?, ?, 1, 0, ?, ?)`,
      ),
      setLang: p('UPDATE chats SET lang = ?, lang_chosen = ?, updated_at = ? WHERE key = ?'),
      setActive: p('UPDATE chats SET active = ?, inactive_reason = ?, updated_at = ? WHERE key = ?'),
      setDigest: p('UPDATE chats SET digest = ?, updated_at = ? WHERE key = ?'),
      subscribe: p('INSERT OR IGNORE INTO subscriptions (chat, topic, created_at) VALUES (?, ?, ?)'),
      unsubscribe: p('DELETE FROM subscriptions WHERE chat = ? AND topic = ?'),
      listSubs: p('SELECT topic FROM subscriptions WHERE chat = ?'),
      subscribersOf: p(
        `SELECT c.* FROM chats c JOIN subscriptions s ON s.chat = c.key
         WHERE s.topic = ? AND c.active = 1 ORDER BY c.key`,
      ),
      subscribersAll: p(
        `SELECT c.* FROM chats c WHERE c.active = 1
         AND EXISTS (SELECT 1 FROM subscriptions s WHERE s.chat = c.key) ORDER BY c.key`,
      ),
      insertQuestion: p(
        `INSERT INTO questions (chat, text, folded, lang, answered, kind, section_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      questionInChat: p('SELECT lang FROM questions WHERE id = ? AND chat = ?'),
      upsertFeedback: p(
        `INSERT INTO feedback (question_id, chat, vote, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (question_id, chat) DO UPDATE SET vote = excluded.vote, at = excluded.at`,
      ),
      feedbackReason: p(`UPDATE feedback SET reason = ? WHERE question_id = ? AND chat = ? AND vote = 'down'`),
      getContext: p('SELECT body FROM chat_context WHERE chat = ?'),
      setContext: p(
        `INSERT INTO chat_context (chat, body, at) VALUES (?, ?, ?)
         ON CONFLICT (chat) DO UPDATE SET body = excluded.body, at = excluded.at`,
      ),
      clearContext: p('DELETE FROM chat_context WHERE chat = ?'),
      acceptInbound: p(
        `INSERT OR IGNORE INTO inbox (bot, chat, id, status, payload, received_at, updated_at) VALUES (?, ?, ?, 'received', ?, ?, ?)`,
      ),
      pruneInbox: p(`DELETE FROM inbox WHERE status = 'done' AND received_at < ?`),
      updateInbound: p(`UPDATE inbox SET status = ?, replies = ?, progress = ?, updated_at = ? WHERE bot = ? AND chat = ? AND id = ?`),
      finishInbound: p(`UPDATE inbox SET status = 'done', outcome = ?, payload = '', replies = NULL, updated_at = ? WHERE bot = ? AND chat = ? AND id = ?`),
      unfinishedInbound: p(`SELECT * FROM inbox WHERE bot = ? AND status <> 'done' ORDER BY received_at, rowid`),
      addEvent: p('INSERT OR IGNORE INTO events (id, body, added_by, added_at) VALUES (?, ?, ?, ?)'),
      listEvents: p(
        `SELECT * FROM events WHERE id NOT IN (SELECT id FROM event_cancellations) ORDER BY added_at, id`,
      ),
      cancelEvent: p('INSERT OR IGNORE INTO event_cancellations (id, by, at) VALUES (?, ?, ?)'),
      listCancelled: p('SELECT id FROM event_cancellations ORDER BY id'),
      createBroadcast: p(
        `INSERT INTO broadcasts (by, topic, text, status, created_at) VALUES (?, ?, ?, 'draft', ?) RETURNING *`,
      ),
      getBroadcast: p('SELECT * FROM broadcasts WHERE id = ?'),
      listBroadcasts: p('SELECT * FROM broadcasts WHERE status = ? ORDER BY id'),
      confirmBroadcast: p(
        `UPDATE broadcasts SET status = 'sending', confirmed_at = ? WHERE id = ? AND status = 'draft'`,
      ),
      cancelBroadcast: p(
        `UPDATE broadcasts SET status = 'cancelled', finished_at = ? WHERE id = ? AND status = 'draft'`,
      ),
      insertOutbox: p(
        `INSERT OR IGNORE INTO outbox (broadcast_id, chat, channel, lang, status, next_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
      ),
      staleBatch: p(
        `SELECT broadcast_id, batch_key, lang FROM outbox
         WHERE channel = ? AND status = 'sending' AND claimed_at < ? ORDER BY claimed_at LIMIT 1`,
      ),
      recoverBatch: p(
        `UPDATE outbox SET claimed_at = ?, attempts = attempts + 1, updated_at = ?
         WHERE batch_key = ? AND status = 'sending' RETURNING chat, attempts`,
      ),
      nextPending: p(
        `SELECT broadcast_id, lang FROM outbox WHERE channel = ? AND status = 'pending' AND next_at <= ?
         ORDER BY broadcast_id, next_at, chat LIMIT 1`,
      ),
      claimPending: p(
        `UPDATE outbox SET status = 'sending', batch_key = ?, claimed_at = ?, attempts = attempts + 1, updated_at = ?
         WHERE rowid IN (SELECT rowid FROM outbox WHERE broadcast_id = ? AND channel = ? AND lang = ?
                         AND status = 'pending' AND next_at <= ? ORDER BY chat LIMIT ?)
         RETURNING chat, attempts`,
      ),
      finishOutboxRow: p(
        `UPDATE outbox SET status = ?, error = ?, next_at = ?, updated_at = ?
         WHERE broadcast_id = ? AND chat = ? AND batch_key = ? AND status = 'sending'`,
      ),
      outboxAttempts: p('SELECT attempts FROM outbox WHERE broadcast_id = ? AND chat = ?'),
      outboxCounts: p('SELECT status, COUNT(*) n FROM outbox WHERE broadcast_id = ? GROUP BY status'),
      nextOutboxDue: p(`SELECT MIN(next_at) t FROM outbox WHERE channel = ? AND status = 'pending'`),
      completeBroadcast: p(
        `UPDATE broadcasts SET status = 'done', finished_at = ? WHERE id = ? AND status = 'sending'
         AND NOT EXISTS (SELECT 1 FROM outbox WHERE broadcast_id = ? AND status IN ('pending', 'sending'))`,
      ),
      reminderStates: p(
        `SELECT CASE WHEN status = 'sending' OR (status = 'failed' AND retry_at IS NOT NULL) THEN 'pending'
                     WHEN status = 'unknown' THEN 'unconfirmed' ELSE status END state, COUNT(*) n
         FROM (SELECT status, retry_at FROM reminder_deliveries WHERE updated_at >= ?
               UNION ALL SELECT status, retry_at FROM digest_sends WHERE updated_at >= ?) GROUP BY state`,
      ),
      outboxStates: p(
        `SELECT CASE WHEN status IN ('pending', 'sending') THEN 'pending' WHEN status = 'unknown' THEN 'unconfirmed' ELSE status END state,
                COUNT(*) n FROM outbox WHERE updated_at >= ? GROUP BY state`,
      ),
      probeWrite: p('INSERT INTO write_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at'),
      digestChats: p('SELECT * FROM chats WHERE digest = 1 AND active = 1 ORDER BY key'),
      countQuestions: p(
        'SELECT COUNT(*) total, COALESCE(SUM(answered), 0) answered FROM questions WHERE at >= ?',
      ),
      topUnanswered: p(
        `SELECT folded, COUNT(*) count,
                (SELECT q2.text FROM questions q2 WHERE q2.folded = q.folded AND q2.answered = 0 AND q2.at >= ?
                 ORDER BY q2.at DESC, q2.id DESC LIMIT 1) example
         FROM questions q WHERE answered = 0 AND at >= ? AND folded <> ''
         GROUP BY folded ORDER BY count DESC, MAX(at) DESC LIMIT ?`,
      ),
      feedbackCounts: p(
        `SELECT COALESCE(SUM(vote = 'up'), 0) up, COALESCE(SUM(vote = 'down'), 0) down FROM feedback WHERE at >= ?`,
      ),
      // ---- reach: hand-offs and the calendar feed
      questionOfChat: p('SELECT text, lang, answered FROM questions WHERE id = ? AND chat = ?'),
      insertHandoff: p(
        `INSERT OR IGNORE INTO handoffs (question_id, chat, lang, question, bot_reply, status, created_at)
         VALUES (?, ?, ?, ?, ?, 'open', ?)`,
      ),
      handoffByQuestion: p('SELECT * FROM handoffs WHERE question_id = ?'),
      handoff: p('SELECT * FROM handoffs WHERE id = ?'),
      answerHandoff: p(
        `UPDATE handoffs SET status = 'answered', answer = ?, answered_by = ?, answered_at = ? WHERE id = ? AND status = 'open'`,
      ),
      undeliveredHandoffs: p(
        `SELECT h.* FROM handoffs h LEFT JOIN handoff_deliveries d ON d.handoff_id = h.id AND d.kind = ?
         WHERE (? = 'relay' OR h.status = 'answered')
           AND (d.status IS NULL OR d.status = 'sending' OR (d.status = 'failed' AND d.attempts < ?))
         ORDER BY h.id LIMIT 200`,
      ),
      handoffCounts: p(
        `SELECT COALESCE(SUM(status = 'open'), 0) open, COALESCE(SUM(status = 'answered'), 0) answered
         FROM handoffs WHERE created_at >= ?`,
      ),
      handoffAnswerTimes: p(
        `SELECT (julianday(answered_at) - julianday(created_at)) * 86400000.0 ms FROM handoffs
         WHERE status = 'answered' AND created_at >= ? ORDER BY ms`,
      ),
      chatsWithLang: p(`SELECT key, lang FROM chats WHERE key LIKE ? ESCAPE '\\' AND lang IS NOT NULL ORDER BY key`),
      publishedEvents: p('SELECT * FROM calendar_published ORDER BY id'),
      insertPublished: p(
        `INSERT INTO calendar_published (id, body, fingerprint, sequence, cancelled, updated_at) VALUES (?, ?, ?, 0, 0, ?)`,
      ),
      revisePublished: p(
        `UPDATE calendar_published SET body = ?, fingerprint = ?, sequence = sequence + 1, cancelled = 0, updated_at = ? WHERE id = ?`,
      ),
      cancelPublished: p(
        `UPDATE calendar_published SET sequence = sequence + 1, cancelled = 1, updated_at = ? WHERE id = ? AND cancelled = 0`,
      ),
      downvoted: p(
        `SELECT q.text, f.reason, f.at FROM feedback f JOIN questions q ON q.id = f.question_id
         WHERE f.vote = 'down' AND f.at >= ? ORDER BY f.at DESC, q.id DESC LIMIT ?`,
      ),
      subscriberCounts: p(
        `SELECT s.topic, COUNT(*) n FROM subscriptions s JOIN chats c ON c.key = s.chat
         WHERE c.active = 1 GROUP BY s.topic`,
      ),
    };
  }

  // ------------------------------------------------------------ chats

  getChat(key: string): ChatRecord | undefined {
    const row = this.stmt.getChat!.get(key) as ChatRow | undefined;
    return row && toChat(row);
  }

  ensureChat(key: string, init?: { lang?: Lang }): ChatRecord {
    const now = iso(new Date());
    this.stmt.insertChat!.run(key, init?.lang ?? null, now, now);
    return this.getChat(key)!;
  }

  setChatLang(key: string, lang: Lang, chosen = false): void {
    this.ensureChat(key);
    this.stmt.setLang!.run(lang, chosen ? 1 : 0, iso(new Date()), key);
  }

  setChatActive(key: string, active: boolean, reason?: string): void {
    this.ensureChat(key);
    this.stmt.setActive!.run(active ? 1 : 0, active ? null : (reason ?? null), iso(new Date()), key);
  }

  setDigest(key: string, on: boolean): void {
    this.ensureChat(key);
    this.stmt.setDigest!.run(on ? 1 : 0, iso(new Date()), key);
  }

  subscribe(key: string, topic: TopicId): boolean {
    this.ensureChat(key);
    return this.stmt.subscribe!.run(key, topic, iso(new Date())).changes === 1;
  }

  unsubscribe(key: string, topic: TopicId): boolean {
    return this.stmt.unsubscribe!.run(key, topic).changes === 1;
  }

  listSubscriptions(key: string): TopicId[] {
    const topics = new Set((this.stmt.listSubs!.all(key) as Array<{ topic: string }>).map((r) => r.topic));
    return TOPIC_IDS.filter((t) => topics.has(t));
  }

  listSubscribers(topic: TopicId | 'all'): ChatRecord[] {
    const rows = (topic === 'all' ? this.stmt.subscribersAll!.all() : this.stmt.subscribersOf!.all(topic)) as ChatRow[];
    return rows.map(toChat);
  }

  // ------------------------------------------------------------ questions, feedback, inbound

  recordQuestion(q: QuestionInput): number {
    const info = this.stmt.insertQuestion!.run(
      q.chat,
      q.text,
      q.folded,
      q.lang,
      q.answered ? 1 : 0,
      q.kind,
      q.sectionId ?? null,
      iso(q.at),
    );
    return Number(info.lastInsertRowid);
  }

  recordFeedback(f: { questionId: number; chat: string; vote: Vote; at: Date }): Lang | undefined {
    // Only the chat that was answered may rate the answer: button data can be forged.
    const question = this.stmt.questionInChat!.get(f.questionId, f.chat) as { lang: Lang } | undefined;
    if (!question) return undefined;
    this.stmt.upsertFeedback!.run(f.questionId, f.chat, f.vote, iso(f.at));
    return question.lang;
  }

  recordFeedbackReason(f: { questionId: number; chat: string; reason: FeedbackReason }): boolean {
    return this.stmt.feedbackReason!.run(f.reason, f.questionId, f.chat).changes === 1;
  }

  // ------------------------------------------------------------ conversation context

  getContext(chat: string): ConversationContext | undefined {
    const row = this.stmt.getContext!.get(chat) as { body: string } | undefined;
    if (!row) return undefined;
    try {
      return JSON.parse(row.body) as ConversationContext;
    } catch {
      // A row this version cannot read is no context at all, not a crash.
      return undefined;
    }
  }

  setContext(chat: string, context: ConversationContext): void {
    this.stmt.setContext!.run(chat, JSON.stringify(context), context.at);
  }

  clearContext(chat: string): void {
    this.stmt.clearContext!.run(chat);
  }

  acceptInbound(key: InboxKey, payload: string, at: Date): boolean {
    const fresh = this.stmt.acceptInbound!.run(key.bot, key.chat, key.id, payload, iso(at), iso(at)).changes === 1;
    // Platforms redeliver within hours (LINE) or never after an offset confirm (Telegram): a week is ample.
    if (fresh && Math.random() < 0.01) this.stmt.pruneInbox!.run(iso(new Date(at.getTime() - 7 * 86_400_000)));
    return fresh;
  }

  updateInbound(key: InboxKey, state: { status: 'replying' | 'waiting'; replies: string; progress: number }, at: Date): void {
    this.stmt.updateInbound!.run(state.status, state.replies, state.progress, iso(at), key.bot, key.chat, key.id);
  }

  finishInbound(key: InboxKey, outcome: string, at: Date): void {
    this.stmt.finishInbound!.run(outcome, iso(at), key.bot, key.chat, key.id);
  }

  listUnfinishedInbound(bot: string): InboxRecord[] {
    const rows = this.stmt.unfinishedInbound!.all(bot) as Array<{
      bot: string;
      chat: string;
      id: string;
      status: InboxStatus;
      payload: string;
      replies: string | null;
      progress: number;
      received_at: string;
    }>;
    return rows.map((r) => ({
      bot: r.bot,
      chat: r.chat,
      id: r.id,
      status: r.status,
      payload: r.payload,
      ...(r.replies !== null ? { replies: r.replies } : {}),
      progress: r.progress,
      receivedAt: r.received_at,
    }));
  }

  // ------------------------------------------------------------ events

  addEvent(event: EventRecord, by: string, at: Date): boolean {
    return this.stmt.addEvent!.run(event.id, JSON.stringify(event), by, iso(at)).changes === 1;
  }

  listAddedEvents(): StaffEventRecord[] {
    const rows = this.stmt.listEvents!.all() as Array<{ body: string; added_by: string; added_at: string }>;
    return rows.map((r) => ({ ...(JSON.parse(r.body) as EventRecord), addedBy: r.added_by, addedAt: r.added_at }));
  }

  cancelEvent(id: string, by: string, at: Date): boolean {
    return this.stmt.cancelEvent!.run(id, by, iso(at)).changes === 1;
  }

  listCancelledEventIds(): string[] {
    return (this.stmt.listCancelled!.all() as Array<{ id: string }>).map((r) => r.id);
  }

  // ------------------------------------------------------------ reminders and digests

  claimReminder(key: ReminderKey, options: ClaimOptions): DeliveryClaim | undefined {
    return this.reminders.claim([key.eventId, key.offset, key.chat], options);
  }

  finishReminder(key: ReminderKey, result: DeliveryFinish, at: Date): void {
    this.reminders.done([key.eventId, key.offset, key.chat], result, at);
  }

  listDigestChats(): ChatRecord[] {
    return (this.stmt.digestChats!.all() as ChatRow[]).map(toChat);
  }

  claimDigest(chat: string, week: string, options: ClaimOptions): DeliveryClaim | undefined {
    return this.digests.claim([chat, week], options);
  }

  finishDigest(chat: string, week: string, result: DeliveryFinish, at: Date): void {
    this.digests.done([chat, week], result, at);
  }

  // ------------------------------------------------------------ broadcasts

  createBroadcast(b: { by: string; topic: TopicId | 'all'; text: string }, at: Date): BroadcastRecord {
    return toBroadcast(this.stmt.createBroadcast!.get(b.by, b.topic, b.text, iso(at)) as BroadcastRow);
  }

  getBroadcast(id: number): BroadcastRecord | undefined {
    const row = this.stmt.getBroadcast!.get(id) as BroadcastRow | undefined;
    return row && toBroadcast(row);
  }

  listBroadcasts(status: BroadcastStatus): BroadcastRecord[] {
    return (this.stmt.listBroadcasts!.all(status) as BroadcastRow[]).map(toBroadcast);
  }

  confirmBroadcast(id: number, recipients: Array<{ chat: string; lang: Lang }>, at: Date): number | undefined {
    const tx = this.db.transaction(() => {
      if (this.stmt.confirmBroadcast!.run(iso(at), id).changes !== 1) return undefined;
      let n = 0;
      for (const r of recipients) {
        n += this.stmt.insertOutbox!.run(id, r.chat, chatChannel(r.chat), r.lang, iso(at), iso(at)).changes;
      }
      return n;
    });
    return tx.immediate();
  }

  cancelBroadcast(id: number, at: Date): boolean {
    return this.stmt.cancelBroadcast!.run(iso(at), id).changes === 1;
  }

  claimOutboxBatch(channel: string, limit: number, o: ClaimOptions): OutboxBatch | undefined {
    const tx = this.db.transaction((): OutboxBatch | undefined => {
      const at = iso(o.at);
      const stale = this.stmt.staleBatch!.get(channel, iso(o.staleBefore)) as
        | { broadcast_id: number; batch_key: string; lang: string }
        | undefined;
      if (stale) {
        const rows = this.stmt.recoverBatch!.all(at, at, stale.batch_key) as Array<{ chat: string; attempts: number }>;
        return this.batch(stale.broadcast_id, channel, stale.lang, stale.batch_key, rows, true);
      }
      const next = this.stmt.nextPending!.get(channel, at) as { broadcast_id: number; lang: string } | undefined;
      if (!next) return undefined;
      const batchKey = randomUUID();
      const rows = this.stmt.claimPending!.all(
        batchKey,
        at,
        at,
        next.broadcast_id,
        channel,
        next.lang,
        at,
        Math.max(1, limit),
      ) as Array<{ chat: string; attempts: number }>;
      return this.batch(next.broadcast_id, channel, next.lang, batchKey, rows, false);
    });
    return tx.immediate();
  }

  private batch(
    broadcastId: number,
    channel: string,
    lang: string,
    batchKey: string,
    rows: Array<{ chat: string; attempts: number }>,
    recovered: boolean,
  ): OutboxBatch {
    rows.sort((a, b) => (a.chat < b.chat ? -1 : a.chat > b.chat ? 1 : 0));
    return {
      broadcastId,
      channel,
      lang: isLang(lang) ? lang : 'zh-Hant',
      chats: rows.map((r) => r.chat),
      batchKey,
      recovered,
      attempt: Math.max(1, ...rows.map((r) => r.attempts)),
    };
  }

  finishOutbox(broadcastId: number, batchKey: string, results: OutboxResult[], maxAttempts: number, at: Date): void {
    const tx = this.db.transaction(() => {
      for (const r of results) {
        let status: OutboxStatus = r.status === 'retry' ? 'pending' : r.status;
        let nextAt = iso(at);
        if (r.status === 'retry') {
          nextAt = iso(r.retryAt ?? at);
        } else if (r.status === 'failed' && r.retryAt) {
          const row = this.stmt.outboxAttempts!.get(broadcastId, r.chat) as { attempts: number } | undefined;
          if (row && row.attempts < maxAttempts) {
            status = 'pending';
            nextAt = iso(r.retryAt);
          }
        }
        this.stmt.finishOutboxRow!.run(status, r.error ?? null, nextAt, iso(at), broadcastId, r.chat, batchKey);
      }
    });
    tx.immediate();
  }

  outboxCounts(broadcastId: number): Record<OutboxStatus, number> {
    const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, blocked: 0, unknown: 0 };
    for (const row of this.stmt.outboxCounts!.all(broadcastId) as Array<{ status: OutboxStatus; n: number }>) {
      counts[row.status] = row.n;
    }
    return counts;
  }

  nextOutboxDue(channel: string): Date | undefined {
    const row = this.stmt.nextOutboxDue!.get(channel) as { t: string | null };
    return row.t ? new Date(row.t) : undefined;
  }

  completeBroadcast(id: number, at: Date): boolean {
    return this.stmt.completeBroadcast!.run(iso(at), id, id).changes === 1;
  }

  // ------------------------------------------------------------ statistics

  deliveryCounts(since: Date): { reminders: DeliveryCounts; broadcasts: DeliveryCounts } {
    const count = (rows: Array<{ state: string; n: number }>): DeliveryCounts => {
      const counts: DeliveryCounts = { pending: 0, sent: 0, failed: 0, unconfirmed: 0, blocked: 0 };
      for (const r of rows) if (r.state in counts) counts[r.state as keyof DeliveryCounts] += r.n;
      return counts;
    };
    return {
      reminders: count(this.stmt.reminderStates!.all(iso(since), iso(since)) as Array<{ state: string; n: number }>),
      broadcasts: count(this.stmt.outboxStates!.all(iso(since)) as Array<{ state: string; n: number }>),
    };
  }

  countQuestions(since: Date): { total: number; answered: number } {
    return this.stmt.countQuestions!.get(iso(since)) as { total: number; answered: number };
  }

  topUnanswered(since: Date, limit: number): UnansweredGroup[] {
    return this.stmt.topUnanswered!.all(iso(since), iso(since), limit) as UnansweredGroup[];
  }

  feedbackCounts(since?: Date): { up: number; down: number } {
    return this.stmt.feedbackCounts!.get(since ? iso(since) : '') as { up: number; down: number };
  }

  downvoted(since: Date, limit: number): DownvotedQuestion[] {
    const rows = this.stmt.downvoted!.all(iso(since), limit) as Array<{ text: string; reason: string | null; at: string }>;
    return rows.map((r) => ({
      text: r.text,
      at: r.at,
      ...((FEEDBACK_REASONS as readonly string[]).includes(r.reason ?? '') ? { reason: r.reason as FeedbackReason } : {}),
    }));
  }

  subscriberCounts(): Record<TopicId, number> {
    const counts = Object.fromEntries(TOPIC_IDS.map((t) => [t, 0])) as Record<TopicId, number>;
    for (const row of this.stmt.subscriberCounts!.all() as Array<{ topic: string; n: number }>) {
      if (row.topic in counts) counts[row.topic as TopicId] = row.n;
    }
    return counts;
  }

  // ------------------------------------------------------------ hand-offs (reach)

  getQuestion(id: number, chat: string): { text: string; lang: Lang; answered: boolean } | undefined {
    const row = this.stmt.questionOfChat!.get(id, chat) as { text: string; lang: string; answered: number } | undefined;
    return row && { text: row.text, lang: isLang(row.lang) ? row.lang : 'zh-Hant', answered: row.answered === 1 };
  }

  openHandoff(
    h: { questionId: number; chat: string; lang: Lang; question: string; botReply: string },
    at: Date,
  ): { handoff: HandoffRecord; created: boolean } {
    const created = this.stmt.insertHandoff!.run(h.questionId, h.chat, h.lang, h.question, h.botReply, iso(at)).changes === 1;
    return { handoff: toHandoff(this.stmt.handoffByQuestion!.get(h.questionId) as HandoffRow), created };
  }

  getHandoff(id: number): HandoffRecord | undefined {
    const row = this.stmt.handoff!.get(id) as HandoffRow | undefined;
    return row && toHandoff(row);
  }

  answerHandoff(id: number, answer: string, by: string, at: Date): boolean {
    return this.stmt.answerHandoff!.run(answer, by, iso(at), id).changes === 1;
  }

  listUndeliveredHandoffs(kind: HandoffDeliveryKind, maxAttempts: number): HandoffRecord[] {
    return (this.stmt.undeliveredHandoffs!.all(kind, kind, maxAttempts) as HandoffRow[]).map(toHandoff);
  }

  claimHandoffDelivery(id: number, kind: HandoffDeliveryKind, options: ClaimOptions): DeliveryClaim | undefined {
    return this.handoffDeliveries.claim([id, kind], options);
  }

  finishHandoffDelivery(id: number, kind: HandoffDeliveryKind, result: DeliveryFinish, at: Date): void {
    this.handoffDeliveries.done([id, kind], result, at);
  }

  handoffCounts(since?: Date): HandoffCounts {
    const from = since ? iso(since) : '';
    const counts = this.stmt.handoffCounts!.get(from) as { open: number; answered: number };
    const times = (this.stmt.handoffAnswerTimes!.all(from) as Array<{ ms: number }>).map((r) => r.ms);
    if (!times.length) return counts;
    const mid = Math.floor(times.length / 2);
    const median = times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
    return { ...counts, medianAnswerMs: Math.round(median) };
  }

  listChatsWithLang(channel: string): Array<{ key: string; lang: Lang }> {
    const pattern = `${channel.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`;
    return (this.stmt.chatsWithLang!.all(pattern) as Array<{ key: string; lang: string }>)
      .filter((r) => isLang(r.lang))
      .map((r) => ({ key: r.key, lang: r.lang as Lang }));
  }

  // ------------------------------------------------------------ calendar feed (reach)

  syncPublishedEvents(live: ReadonlyArray<{ event: EventRecord; fingerprint: string }>, at: Date): PublishedEvent[] {
    const toPublished = (rows: PublishedRow[]) =>
      rows.map((r) => ({ event: JSON.parse(r.body) as EventRecord, sequence: r.sequence, cancelled: r.cancelled === 1, updatedAt: r.updated_at }));
    // Feeds are polled far more often than events change: a read without the write lock first.
    const current = this.stmt.publishedEvents!.all() as PublishedRow[];
    const byId = new Map(current.map((r) => [r.id, r]));
    const liveIds = new Set(live.map((l) => l.event.id));
    const unchanged =
      live.every(({ event, fingerprint }) => byId.get(event.id)?.fingerprint === fingerprint && byId.get(event.id)?.cancelled === 0) &&
      current.every((r) => liveIds.has(r.id) || r.cancelled === 1);
    if (unchanged) return toPublished(current);
    const tx = this.db.transaction(() => {
      const now = iso(at);
      const known = new Map((this.stmt.publishedEvents!.all() as PublishedRow[]).map((r) => [r.id, r]));
      for (const { event, fingerprint } of live) {
        const row = known.get(event.id);
        if (!row) this.stmt.insertPublished!.run(event.id, JSON.stringify(event), fingerprint, now);
        else if (row.fingerprint !== fingerprint || row.cancelled === 1) {
          this.stmt.revisePublished!.run(JSON.stringify(event), fingerprint, now, event.id);
        }
      }
      for (const id of known.keys()) if (!liveIds.has(id)) this.stmt.cancelPublished!.run(now, id);
      return toPublished(this.stmt.publishedEvents!.all() as PublishedRow[]);
    });
    return tx.immediate();
  }

  probeWrite(at: Date): void {
    this.stmt.probeWrite!.run(iso(at));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
