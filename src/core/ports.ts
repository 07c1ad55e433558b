/**
 * The interfaces the domain needs from the outside world. `src/storage/` implements Storage with
 * SQLite; channels implement ChannelSender; tests inject a fixed Clock.
 */
import type { Reply } from './reply.js';
import type { ChannelName, Lang, TopicId } from './types.js';
import type { Vote } from './actions.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// ---------------------------------------------------------------- chats and subscriptions

export interface ChatRecord {
  /** `channel:id`, e.g. `telegram:123`, `line:Uabc`. */
  key: string;
  /** Chosen or inferred reply language; null until known. */
  lang: Lang | null;
  /** False once the user blocked/unfollowed the bot: no reminders or broadcasts go there. */
  active: boolean;
  /** Opted in to the Monday digest. */
  digest: boolean;
  createdAt: string;
}

export interface ChatStore {
  getChat(key: string): ChatRecord | undefined;
  /** Creates the chat if new (active, with `lang` if given); returns the stored record. */
  ensureChat(key: string, init?: { lang?: Lang }): ChatRecord;
  setChatLang(key: string, lang: Lang): void;
  setChatActive(key: string, active: boolean, reason?: string): void;
  setDigest(key: string, on: boolean): void;
  /** True when newly subscribed. */
  subscribe(key: string, topic: TopicId): boolean;
  /** True when a subscription was removed. */
  unsubscribe(key: string, topic: TopicId): boolean;
  listSubscriptions(key: string): TopicId[];
  /** Active chats subscribed to the topic ('all' = subscribed to any topic). */
  listSubscribers(topic: TopicId | 'all'): ChatRecord[];
}

// ---------------------------------------------------------------- questions and feedback

export interface QuestionInput {
  chat: string;
  text: string;
  /** Text folded for grouping across scripts (Simplified, normalised). */
  folded: string;
  lang: Lang;
  answered: boolean;
  kind: string;
  /** Best source section id, when answered. */
  sectionId?: string;
  at: Date;
}

export interface QuestionStore {
  /** Returns the question id (referenced by feedback buttons). */
  recordQuestion(q: QuestionInput): number;
  /** Records or replaces this chat's vote on a question; false if the question does not exist. */
  recordFeedback(f: { questionId: number; chat: string; vote: Vote; at: Date }): boolean;
}

// ---------------------------------------------------------------- inbound idempotency

export interface InboundStore {
  /** Remembers an inbound event id (LINE webhookEventId, Telegram update_id); false if already seen. */
  markInboundSeen(source: string, id: string, at: Date): boolean;
}

/**
 * Everything durable. Extended by the reminders/broadcasts work (events, deliveries, outbox, stats)
 * in the same file.
 */
export interface Storage extends ChatStore, QuestionStore, InboundStore {
  close(): void;
}

// ---------------------------------------------------------------- proactive sending

export type DeliveryStatus = 'sent' | 'blocked' | 'failed' | 'retry';

export interface DeliveryOutcome {
  chat: string;
  status: DeliveryStatus;
  /** For 'retry' (rate limited): how long the platform asked us to wait. */
  retryAfterMs?: number;
  error?: string;
}

/** How a channel sends messages nobody is waiting a reply for (reminders, broadcasts, reports). */
export interface ChannelSender {
  channel: ChannelName;
  /** Most recipients one call may take (Telegram 1; LINE multicast 500). */
  maxBatch: number;
  /**
   * Sends the same replies to each chat (keys `channel:id` of this channel). Never throws for a
   * per-recipient failure: reports it in the outcome. `retryKey` makes a retried call idempotent
   * where the platform supports it (LINE `X-Line-Retry-Key`).
   */
  send(chats: string[], replies: Reply[], options: { retryKey: string }): Promise<DeliveryOutcome[]>;
}
