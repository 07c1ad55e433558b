/**
 * Versioned schema. Each entry runs once, in order, inside a transaction that also advances
 * `PRAGMA user_version`; never edit a shipped entry — append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: chats, subscriptions, questions, feedback, inbound dedup, events, deliveries, broadcasts.
  `
  CREATE TABLE chats (
    key TEXT PRIMARY KEY,
    lang TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    inactive_reason TEXT,
    digest INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE subscriptions (
    chat TEXT NOT NULL REFERENCES chats(key),
    topic TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (chat, topic)
  );
  CREATE INDEX subscriptions_topic ON subscriptions(topic);
  CREATE TABLE questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat TEXT NOT NULL,
    text TEXT NOT NULL,
    folded TEXT NOT NULL,
    lang TEXT NOT NULL,
    answered INTEGER NOT NULL,
    kind TEXT NOT NULL,
    section_id TEXT,
    at TEXT NOT NULL
  );
  CREATE INDEX questions_at ON questions(at);
  CREATE TABLE feedback (
    question_id INTEGER NOT NULL REFERENCES questions(id),
    chat TEXT NOT NULL,
    vote TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (question_id, chat)
  );
  CREATE TABLE inbound_seen (
    source TEXT NOT NULL,
    id TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (source, id)
  );
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
  );
  CREATE TABLE event_cancellations (
    id TEXT PRIMARY KEY,
    by TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE TABLE reminder_deliveries (
    event_id TEXT NOT NULL,
    offset TEXT NOT NULL,
    chat TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    claimed_at TEXT NOT NULL,
    retry_at TEXT,
    error TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (event_id, offset, chat)
  );
  CREATE TABLE digest_sends (
    chat TEXT NOT NULL,
    week TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    claimed_at TEXT NOT NULL,
    retry_at TEXT,
    error TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (chat, week)
  );
  CREATE TABLE broadcasts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    by TEXT NOT NULL,
    topic TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    finished_at TEXT
  );
  CREATE TABLE outbox (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id),
    chat TEXT NOT NULL,
    channel TEXT NOT NULL,
    lang TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    batch_key TEXT,
    claimed_at TEXT,
    next_at TEXT NOT NULL,
    error TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (broadcast_id, chat)
  );
  CREATE INDEX outbox_due ON outbox(channel, status, next_at);
  CREATE INDEX outbox_batch ON outbox(batch_key);
  `,
  // Reach (issue 11): hand-offs to staff with their two deliveries, and the calendar feed's record
  // of what it published (for SEQUENCE and for events that disappear: served as CANCELLED).
  `
  CREATE TABLE handoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id INTEGER NOT NULL UNIQUE REFERENCES questions(id),
    chat TEXT NOT NULL,
    lang TEXT NOT NULL,
    question TEXT NOT NULL,
    bot_reply TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    answer TEXT,
    answered_by TEXT,
    answered_at TEXT
  );
  CREATE INDEX handoffs_status ON handoffs(status);
  CREATE TABLE handoff_deliveries (
    handoff_id INTEGER NOT NULL REFERENCES handoffs(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    claimed_at TEXT NOT NULL,
    retry_at TEXT,
    error TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (handoff_id, kind)
  );
  CREATE TABLE calendar_published (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    cancelled INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // Replies people can use (issue 10): a language the person chose with /lang wins over the script of
  // a question; what was wrong with an answer rated 👎; each chat's last question, for follow-ups.
  `
  ALTER TABLE chats ADD COLUMN lang_chosen INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE feedback ADD COLUMN reason TEXT;
  CREATE TABLE chat_context (
    chat TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    at TEXT NOT NULL
  );
  `,
  // reliability: the inbox of every channel, keyed by bot, chat and event id (replaces inbound_seen,
  // whose ids were not keyed by bot); replies in progress survive a restart.
  `
  CREATE TABLE inbox (
    bot TEXT NOT NULL,
    chat TEXT NOT NULL,
    id TEXT NOT NULL,
    status TEXT NOT NULL,
    payload TEXT NOT NULL,
    replies TEXT,
    progress INTEGER NOT NULL DEFAULT 0,
    outcome TEXT,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (bot, chat, id)
  );
  CREATE INDEX inbox_unfinished ON inbox(bot, status, received_at);
  -- One row the readiness probe rewrites: proof that the database can be written.
  CREATE TABLE write_probe (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);
  `,
];
