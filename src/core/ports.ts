/**
 * The interfaces the domain needs from the outside world. `src/storage/` implements Storage with
 * SQLite; channels implement ChannelSender; tests inject a fixed Clock.
 */
import type { Reply } from './reply.js';
import type { ChannelName, FeedbackReason, Lang, Localized, TopicId } from './types.js';
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
  /** The person picked `lang` (/lang): it then wins over the script a question is written in. */
  langChosen: boolean;
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
  /** `chosen`: picked by the person (/lang), not inferred from what they wrote. */
  setChatLang(key: string, lang: Lang, chosen?: boolean): void;
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
  /**
   * Records or replaces this chat's vote on a question it asked. Returns the language the question
   * was answered in, or undefined (nothing recorded) when no such question was asked in this chat.
   */
  recordFeedback(f: { questionId: number; chat: string; vote: Vote; at: Date }): Lang | undefined;
  /** What was wrong with an answer this chat rated 👎; false when there is no such vote. */
  recordFeedbackReason(f: { questionId: number; chat: string; reason: FeedbackReason }): boolean;
}


// ---------------------------------------------------------------- conversation context

/** What a chat last asked, so that a follow-up ("and the fee?", 再講多啲) can be read with it. */
export interface ConversationContext {
  /** The question as it was read (a follow-up already joined with what it follows). */
  question: string;
  lang: Lang;
  topic?: TopicId;
  /** The section quoted, and how far into its sentences the replies have gone (for "tell me more"). */
  sectionId?: string;
  sentencesShown?: number;
  /** ISO time it was stored: context expires. */
  at: string;
}

export interface ContextStore {
  getContext(chat: string): ConversationContext | undefined;
  setContext(chat: string, context: ConversationContext): void;
  clearContext(chat: string): void;
}

// ---------------------------------------------------------------- the inbox (inbound idempotency)

/**
 * One accepted platform event, keyed by the bot that received it (`telegram:<bot id>`, `line:<bot
 * user id>`: a new token for the same bot keeps its history, another bot starts afresh), the chat
 * and the platform's event id (Telegram update_id, LINE webhookEventId).
 */
export interface InboxKey {
  bot: string;
  chat: string;
  id: string;
}

/**
 * received → replying (the replies are stored, a send is in flight) ⇄ waiting (a send failed for
 * certain and waits for its retry) → done. An event a stopped process left unfinished is resumed by
 * the next one; `progress` counts the reply messages the platform confirmed, so a resumed or retried
 * reply goes on from there. One left `replying` may have been delivered: it is sent again only
 * where sends are idempotent.
 */
export type InboxStatus = 'received' | 'replying' | 'waiting' | 'done';

export interface InboxRecord extends InboxKey {
  status: InboxStatus;
  /** What the channel needs to answer it (JSON, channel-defined). */
  payload: string;
  /** The replies being sent (JSON), once `replying`. */
  replies?: string;
  progress: number;
  receivedAt: string;
}

export interface InboxStore {
  /** Records a newly received event; false when this bot already received it (a redelivery). */
  acceptInbound(key: InboxKey, payload: string, at: Date): boolean;
  /** The replies being sent, how many the platform has confirmed so far, and whether a send is in flight. */
  updateInbound(key: InboxKey, state: { status: 'replying' | 'waiting'; replies: string; progress: number }, at: Date): void;
  /** Handled: `outcome` says how (replied, unconfirmed, failed, flood…). */
  finishInbound(key: InboxKey, outcome: string, at: Date): void;
  /** Events of this bot a previous process accepted but did not finish, oldest first. */
  listUnfinishedInbound(bot: string): InboxRecord[];
}

// ---------------------------------------------------------------- events added from chat

/** One scheduled event, as validated from `knowledge/events.yaml` or added by staff in chat. */
export interface EventRecord {
  /** Unique and stable: reminder deliveries are keyed by it. */
  id: string;
  topic: TopicId;
  title: Localized;
  details?: Localized;
  /** ISO 8601 with offset, e.g. `2027-04-10T09:00:00+08:00`. */
  start: string;
  place?: string;
  url?: string;
  /** Offsets before start: `7d`, `1d`, `2h`, `30m`. */
  remind: string[];
}

export interface StaffEventRecord extends EventRecord {
  addedBy: string;
  addedAt: string;
}

export interface EventStore {
  /** False when an event with this id was already added from chat. */
  addEvent(event: EventRecord, by: string, at: Date): boolean;
  /** Events added from chat and not cancelled. */
  listAddedEvents(): StaffEventRecord[];
  /** Cancels an event by id (from chat or from the file); false when it was already cancelled. */
  cancelEvent(id: string, by: string, at: Date): boolean;
  listCancelledEventIds(): string[];
}

// ---------------------------------------------------------------- exactly-once deliveries

/**
 * A claim on one delivery. `recovered` means an earlier claim was never finished (the process died
 * mid-send): the platform may or may not have delivered it, so the caller resends only where the
 * platform deduplicates by retry key, and otherwise finishes it as 'unknown'.
 */
export interface DeliveryClaim {
  attempt: number;
  recovered: boolean;
}

export type DeliveryFinish =
  | { status: 'sent' | 'blocked' | 'skipped' | 'unknown'; error?: string }
  /** Not delivered; may be claimed again from `retryAt` while attempts remain (never, without one). */
  | { status: 'failed'; error?: string; retryAt?: Date };

export interface ClaimOptions {
  at: Date;
  /** A claim older than this was left by a process that died mid-send. */
  staleBefore: Date;
  maxAttempts: number;
}

export interface ReminderKey {
  eventId: string;
  /** The reminder offset as written (`1d`). */
  offset: string;
  chat: string;
}

export interface ReminderStore {
  /**
   * Atomically claims one reminder delivery, across connections and processes: a new key, a failed
   * attempt whose retry time has come, or a stale claim. Undefined when it is held or finished.
   */
  claimReminder(key: ReminderKey, options: ClaimOptions): DeliveryClaim | undefined;
  finishReminder(key: ReminderKey, result: DeliveryFinish, at: Date): void;
}

export interface DigestStore {
  /** Active chats that opted in to the digest. */
  listDigestChats(): ChatRecord[];
  /** As `claimReminder`, keyed by chat and ISO week (`2026-W48`). */
  claimDigest(chat: string, week: string, options: ClaimOptions): DeliveryClaim | undefined;
  finishDigest(chat: string, week: string, result: DeliveryFinish, at: Date): void;
}

// ---------------------------------------------------------------- broadcasts and their outbox

export type BroadcastStatus = 'draft' | 'cancelled' | 'sending' | 'done';

export interface BroadcastRecord {
  id: number;
  /** The staff chat that wrote it (gets the preview and the delivery report). */
  by: string;
  topic: TopicId | 'all';
  text: string;
  status: BroadcastStatus;
  createdAt: string;
  confirmedAt?: string;
  finishedAt?: string;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'blocked' | 'unknown';

export interface OutboxBatch {
  broadcastId: number;
  channel: string;
  /** Every chat in a batch shares one language, so one message serves them all. */
  lang: Lang;
  chats: string[];
  /** Stable for the batch's lifetime: the platform retry key (LINE `X-Line-Retry-Key`). */
  batchKey: string;
  /** The batch was claimed by a process that died before recording the outcome. */
  recovered: boolean;
  attempt: number;
}

export interface OutboxResult {
  chat: string;
  /** 'retry' (rate limited): back to pending from `retryAt`, whatever the attempt count. */
  status: 'sent' | 'blocked' | 'unknown' | 'failed' | 'retry';
  error?: string;
  /** For 'failed': back to pending from then while attempts remain; otherwise final. */
  retryAt?: Date;
}

export interface BroadcastStore {
  createBroadcast(b: { by: string; topic: TopicId | 'all'; text: string }, at: Date): BroadcastRecord;
  getBroadcast(id: number): BroadcastRecord | undefined;
  /**
   * draft → sending and one outbox row per recipient, in one transaction. Undefined (nothing
   * written) when the broadcast is not a draft, e.g. on a second tap of the confirm button.
   */
  confirmBroadcast(id: number, recipients: Array<{ chat: string; lang: Lang }>, at: Date): number | undefined;
  /** draft → cancelled; false otherwise. */
  cancelBroadcast(id: number, at: Date): boolean;
  /** Claims the next batch of pending (or stale) rows of one channel; undefined when none is due. */
  claimOutboxBatch(channel: string, limit: number, options: ClaimOptions): OutboxBatch | undefined;
  /** Records the outcome of a claimed batch, in one transaction. */
  finishOutbox(broadcastId: number, batchKey: string, results: OutboxResult[], maxAttempts: number, at: Date): void;
  outboxCounts(broadcastId: number): Record<OutboxStatus, number>;
  /** Earliest time a pending row of this channel may be sent (undefined when none is pending). */
  nextOutboxDue(channel: string): Date | undefined;
  /** sending → done once no row is pending or sending; true exactly once (the caller reports). */
  completeBroadcast(id: number, at: Date): boolean;
  listBroadcasts(status: BroadcastStatus): BroadcastRecord[];
}

// ---------------------------------------------------------------- staff statistics

export interface UnansweredGroup {
  /** The folded text shared by the group (one question across scripts). */
  folded: string;
  count: number;
  /** The most recent wording asked. */
  example: string;
}

/** Proactive deliveries by state (see staff-messages `DeliveryState`). */
export type DeliveryCounts = Record<'pending' | 'sent' | 'failed' | 'unconfirmed' | 'blocked', number>;

export interface DownvotedQuestion {
  text: string;
  reason?: FeedbackReason;
  at: string;
}

export interface StatsStore {
  /** Reminders (with digests) and broadcast messages since `since`, by delivery state. */
  deliveryCounts(since: Date): { reminders: DeliveryCounts; broadcasts: DeliveryCounts };
  countQuestions(since: Date): { total: number; answered: number };
  topUnanswered(since: Date, limit: number): UnansweredGroup[];
  feedbackCounts(since?: Date): { up: number; down: number };
  /** The most recent questions whose answers got 👎, with the reason given (if any). */
  downvoted(since: Date, limit: number): DownvotedQuestion[];
  /** Active subscribers per topic. */
  subscriberCounts(): Record<TopicId, number>;
}

// ---------------------------------------------------------------- hand-offs to staff (reach)

export type HandoffStatus = 'open' | 'answered';
/** A hand-off is delivered twice: relayed to STAFF_CHAT, then (once answered) the answer to the asker. */
export type HandoffDeliveryKind = 'relay' | 'answer';

export interface HandoffRecord {
  /** Staff see it as `#h<id>`. */
  id: number;
  questionId: number;
  /** The asker's chat, where the answer goes. */
  chat: string;
  lang: Lang;
  question: string;
  /** What ipbot answered (plain text), so staff see why the person asked for help. */
  botReply: string;
  status: HandoffStatus;
  createdAt: string;
  answer?: string;
  answeredBy?: string;
  answeredAt?: string;
}

export interface HandoffCounts {
  open: number;
  answered: number;
  /** Median time from hand-off to staff answer; undefined when none was answered. */
  medianAnswerMs?: number;
}

export interface HandoffStore {
  /** A question asked in this chat; undefined for another chat's (button data can be forged). */
  getQuestion(id: number, chat: string): { text: string; lang: Lang; answered: boolean } | undefined;
  /** One hand-off per question: a second press returns the first with `created: false`. */
  openHandoff(h: { questionId: number; chat: string; lang: Lang; question: string; botReply: string }, at: Date): { handoff: HandoffRecord; created: boolean };
  getHandoff(id: number): HandoffRecord | undefined;
  /** open → answered; false (nothing written) when unknown or already answered. */
  answerHandoff(id: number, answer: string, by: string, at: Date): boolean;
  /** Hand-offs whose delivery of this kind is not finished (never tried, failed with attempts left, or stale). */
  listUndeliveredHandoffs(kind: HandoffDeliveryKind, maxAttempts: number): HandoffRecord[];
  claimHandoffDelivery(id: number, kind: HandoffDeliveryKind, options: ClaimOptions): DeliveryClaim | undefined;
  finishHandoffDelivery(id: number, kind: HandoffDeliveryKind, result: DeliveryFinish, at: Date): void;
  handoffCounts(since?: Date): HandoffCounts;
}

export interface ChatLanguageStore {
  /** Chats of one channel whose reply language is known (chosen or inferred), e.g. to link LINE rich menus. */
  listChatsWithLang(channel: string): Array<{ key: string; lang: Lang }>;
}

// ---------------------------------------------------------------- calendar feed (reach)

export interface PublishedEvent {
  event: EventRecord;
  /** iCalendar SEQUENCE: 0 when first published, one higher on each change (cancelling included). */
  sequence: number;
  cancelled: boolean;
  updatedAt: string;
}

export interface CalendarStore {
  /**
   * Records what the feed publishes now and returns everything it ever published: a new event at
   * sequence 0, a changed one (other fingerprint) one higher, one no longer live marked cancelled
   * (once). Atomic, so two feeds served at once never raise a sequence twice for one change.
   */
  syncPublishedEvents(live: ReadonlyArray<{ event: EventRecord; fingerprint: string }>, at: Date): PublishedEvent[];
}

/** Everything durable. */
export interface Storage
  extends ChatStore,
    QuestionStore,
    ContextStore,
    InboxStore,
    EventStore,
    ReminderStore,
    DigestStore,
    BroadcastStore,
    StatsStore,
    HandoffStore,
    ChatLanguageStore,
    CalendarStore {
  close(): void;
}

// ---------------------------------------------------------------- logging

/** How domain code reports what it did; `src/main.ts` adapts it to the logger (core imports no pino). */
export type DomainLog = (level: 'debug' | 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>) => void;

export const silentLog: DomainLog = () => {};

// ---------------------------------------------------------------- proactive sending

/**
 * - sent / blocked (the user blocked or left: stop sending there) / failed (refused for good);
 * - retry: certainly not delivered, try again later (429 with `rateLimited`, 5xx, refused connection);
 * - unconfirmed: the call timed out or its connection dropped after the request went out, so the
 *   platform may have delivered it. Only a channel whose sends are idempotent may send it again.
 */
export type DeliveryStatus = 'sent' | 'blocked' | 'failed' | 'retry' | 'unconfirmed';

export interface DeliveryOutcome {
  chat: string;
  status: DeliveryStatus;
  /** For 'retry': how long the platform asked us to wait. */
  retryAfterMs?: number;
  /** For 'retry': a rate limit (429), which says nothing about the platform's health. */
  rateLimited?: boolean;
  error?: string;
}

/** How a channel sends messages nobody is waiting a reply for (reminders, broadcasts, reports). */
export interface ChannelSender {
  channel: ChannelName;
  /** Most recipients one call may take (Telegram 1; LINE multicast 500). */
  maxBatch: number;
  /**
   * True when sending again with the same `retryKey` never delivers twice (LINE X-Line-Retry-Key),
   * so an interrupted or unconfirmed send may be repeated; false where a repeat could duplicate.
   */
  idempotent: boolean;
  /** Reply language for someone whose platform told us no language. */
  fallbackLang: Lang;
  /**
   * Sends the same replies to each chat (keys `channel:id` of this channel). Never throws for a
   * per-recipient failure: reports it in the outcome. `retryKey` makes a retried call idempotent
   * where the platform supports it.
   */
  send(chats: string[], replies: Reply[], options: { retryKey: string }): Promise<DeliveryOutcome[]>;
}
