/**
 * The one inbox every channel's updates go through (Telegram polling and webhook, LINE webhook).
 * A channel verifies and translates a platform event, then hands it here; the inbox owns what is
 * the same everywhere:
 *
 * - deduplication, keyed by bot, chat and event id, in the database (a redelivery is answered once;
 *   a new token for the same bot keeps the history, another bot starts afresh);
 * - order within a chat, concurrency across chats (one slow chat never holds up another);
 * - the flood limit per sender (staff exempt) with one notice;
 * - the error reply when handling fails;
 * - retrying a reply that failed on a transient error, with backoff, for about a minute (the user
 *   gets the answer late rather than never); an unconfirmed send is repeated only where the
 *   channel's sends are idempotent;
 * - resuming, after a restart, the events a stopped process had accepted but not answered;
 * - one outcome log line per event.
 *
 * Recording is never a condition for answering: when the database cannot be written, the event is
 * answered anyway (without the dedupe and the resume), and the failure is logged.
 */
import type { Incoming } from '../core/assistant.js';
import { backoffMs, type BackoffPolicy } from '../core/delivery.js';
import { UI, langFromLocale } from '../core/messages.js';
import type { ChatStore, Clock, DeliveryOutcome, InboxKey, InboxRecord, InboxStore } from '../core/ports.js';
import { systemClock } from '../core/ports.js';
import type { Reply } from '../core/reply.js';
import type { ChannelName, Lang } from '../core/types.js';
import { Sleeper } from '../sleeper.js';
import { FloodLimiter } from './flood.js';

type LogFn = (obj: Record<string, unknown>, msg?: string) => void;
export interface InboxLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/** The outcome line of one event (see logging.ts `logHandled`). */
export interface HandledEvent {
  channel: ChannelName;
  ms: number;
  kind: string;
  /** A question that got an answer from the documents (or any event that got a reply). */
  answered: boolean;
  /** replied, retried, unconfirmed, failed, blocked, flood, error, silent. */
  outcome: string;
  chat: string;
  text?: string;
}

/** Where a reply goes, how far it got: the channel keeps its own count of confirmed messages. */
export interface ReplyProgress {
  /** Reply messages (a channel's unit: a Telegram message, a LINE call) the platform confirmed. */
  sent: number;
  /** 1 for the first try, then each retry. */
  attempt: number;
  /** Resumed after a restart, or retried after an unconfirmed send: the first call's token may be spent. */
  resumed: boolean;
}

export type ReplyResult = Omit<DeliveryOutcome, 'chat'>;

/** What a channel gives the inbox. `T` is the channel's own reply address (JSON-serialisable). */
export interface InboxChannel<T> {
  name: ChannelName;
  /** Sending the same reply again never delivers it twice (LINE retry keys). */
  idempotent: boolean;
  /** Reply language for someone whose platform told us none. */
  fallbackLang: Lang;
  /** Sends `replies` from `progress.sent` on, counting each confirmed message into `progress.sent`. Never throws. */
  deliver(target: T, replies: Reply[], progress: ReplyProgress): Promise<ReplyResult>;
  /** Adds what the platform can tell about the event before it is handled (a profile's language). */
  enrich?(incoming: Incoming): Promise<Incoming>;
}

export interface InboxEvent<T> {
  /** The platform's event id (update_id, webhookEventId). */
  id: string;
  incoming: Incoming;
  target: T;
}

export interface InboxOptions<T> {
  channel: InboxChannel<T>;
  assistant: { handle(incoming: Incoming): Promise<Reply[]> };
  storage: InboxStore & Pick<ChatStore, 'getChat' | 'setChatActive'>;
  /** Staff chat keys (ADMIN_IDS): never flood-limited. */
  staff?: ReadonlySet<string>;
  /** Messages (and button taps) one sender may send per minute; default 20. */
  floodPerMinute?: number;
  /** How long a reply that failed on a transient error keeps being retried; default 60 s. */
  replyRetryMs?: number;
  replyBackoff?: BackoffPolicy;
  clock?: Clock;
  logger: InboxLogger;
  onHandled?: (event: HandledEvent) => void;
}

export const DEFAULT_FLOOD_PER_MINUTE = 20;
export const DEFAULT_REPLY_RETRY_MS = 60_000;
/** Replies in flight get this long at shutdown (inside the service's 5 s); the rest resume next start. */
export const DEFAULT_STOP_GRACE_MS = 2500;
/** An event left unanswered longer than this (a long outage of the service) is not answered any more. */
const RESUME_WITHIN_MS = 24 * 3_600_000;
const DEFAULT_REPLY_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 15_000 };

interface Stored<T> {
  incoming: Incoming;
  target: T;
}

export class Inbox<T> {
  private bot: string | undefined;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sleeper = new Sleeper();
  private readonly flood: FloodLimiter;
  private readonly clock: Clock;
  private stopping = false;
  private storageFailing = false;

  constructor(private readonly o: InboxOptions<T>) {
    this.clock = o.clock ?? systemClock;
    this.flood = new FloodLimiter(o.floodPerMinute ?? DEFAULT_FLOOD_PER_MINUTE, this.clock);
  }

  /**
   * The bot's own key (`telegram:<id>`), known once the channel has met its platform. Events a
   * previous process accepted for this bot and did not finish are resumed now.
   */
  open(bot: string): void {
    if (this.bot === bot) return;
    this.bot = bot;
    const unfinished = this.storage('list unfinished events', () => this.o.storage.listUnfinishedInbound(bot)) ?? [];
    if (unfinished.length) this.o.logger.info({ count: unfinished.length }, `${this.o.channel.name}: resuming events a previous run accepted but did not finish`);
    const oldest = this.clock.now().getTime() - RESUME_WITHIN_MS;
    for (const record of unfinished) {
      if (Date.parse(record.receivedAt) < oldest) {
        this.storage('finish event', () => this.o.storage.finishInbound(record, 'expired', this.clock.now()));
        continue;
      }
      let stored: Stored<T>;
      try {
        stored = JSON.parse(record.payload) as Stored<T>;
      } catch {
        this.storage('finish event', () => this.o.storage.finishInbound(record, 'unreadable', this.clock.now()));
        continue;
      }
      this.enqueue(record.chat, () => this.process(record, stored, record));
    }
  }

  get isOpen(): boolean {
    return this.bot !== undefined;
  }

  /**
   * Takes one event: false when it is a redelivery already taken (or the inbox is stopping).
   * `done` resolves once the event is answered (or left for the next process at shutdown).
   */
  receive(event: InboxEvent<T>): { accepted: boolean; done: Promise<void> } {
    if (this.stopping || !this.bot) return { accepted: false, done: Promise.resolve() };
    const key: InboxKey = { bot: this.bot, chat: event.incoming.chat, id: event.id };
    const stored: Stored<T> = { incoming: event.incoming, target: event.target };
    const fresh = this.storage('record event', () => this.o.storage.acceptInbound(key, JSON.stringify(stored), this.clock.now()));
    if (fresh === false) {
      this.o.logger.debug({ id: event.id }, `${this.o.channel.name}: event already handled, skipped`);
      return { accepted: false, done: Promise.resolve() };
    }
    return { accepted: true, done: this.enqueue(key.chat, () => this.process(key, stored)) };
  }

  /**
   * Stops taking events and gives those already taken up to `graceMs` to be answered (a retry due
   * within it still happens); what is left resumes at the next start.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    const drained = this.idle().then(() => 'drained' as const);
    const result = await Promise.race([drained, late]);
    clearTimeout(timer);
    this.sleeper.wakeAll();
    if (result === 'late') {
      this.o.logger.warn({ inFlight: this.inFlight.size }, `${this.o.channel.name}: replies still in flight at shutdown; the next start resumes them`);
    }
  }

  /** Resolves once no event is being handled (tests; a command that sends and exits). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  // ------------------------------------------------------------ per-chat order

  private enqueue(chat: string, task: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(chat) ?? Promise.resolve();
    const job = previous.then(task).catch((err: unknown) => {
      this.o.logger.error({ error: err instanceof Error ? err.message : String(err) }, `${this.o.channel.name}: event failed`);
    });
    this.queues.set(chat, job);
    this.inFlight.add(job);
    void job.finally(() => {
      this.inFlight.delete(job);
      if (this.queues.get(chat) === job) this.queues.delete(chat);
    });
    return job;
  }

  // ------------------------------------------------------------ one event

  private async process(key: InboxKey, stored: Stored<T>, resumed?: InboxRecord): Promise<void> {
    const { target } = stored;
    const incoming = this.o.channel.enrich && !resumed?.replies ? await this.o.channel.enrich(stored.incoming) : stored.incoming;
    const started = performance.now();
    const kind = kindOf(incoming);
    let answered = false;
    let replies: Reply[];
    let progress = 0;
    let outcome: string | undefined;
    if (resumed?.replies !== undefined && resumed.status !== 'received') {
      replies = JSON.parse(resumed.replies) as Reply[];
      progress = resumed.progress;
      if (resumed.status === 'replying' && !this.o.channel.idempotent) {
        // The send was in flight when the process stopped: it may have arrived. Sending again could duplicate.
        this.finish(key, 'unconfirmed', { started, kind, answered, incoming });
        return;
      }
    } else {
      const verdict = this.o.staff?.has(incoming.sender) || resumed ? 'allow' : this.flood.check(incoming.sender);
      if (verdict === 'drop') return this.finish(key, 'flood', { started, kind, answered, incoming });
      if (verdict === 'notice') {
        replies = [textOnly(UI[this.langOf(incoming)].floodNotice)];
        outcome = 'flood';
      } else {
        try {
          replies = await this.o.assistant.handle({ ...incoming, fallbackLang: this.o.channel.fallbackLang });
          answered = kind === 'question' ? replies.some(isAnswer) : replies.length > 0;
        } catch (err) {
          this.o.logger.error({ kind, error: err instanceof Error ? err.message : String(err) }, `${this.o.channel.name}: handling failed; sent the error reply`);
          replies = [textOnly(UI[this.langOf(incoming)].somethingWentWrong)];
          outcome = 'error';
        }
      }
    }
    if (incoming.event.type === 'unfollow' || replies.length === 0) {
      return this.finish(key, outcome ?? 'silent', { started, kind, answered, incoming });
    }
    const delivered = await this.deliver(key, target, replies, progress, Boolean(resumed));
    if (delivered === 'stopped') return;
    this.finish(key, outcome && delivered === 'replied' ? outcome : delivered, { started, kind, answered, incoming });
  }

  /** Sends the replies, retrying transient failures for about a minute. */
  private async deliver(key: InboxKey, target: T, replies: Reply[], from: number, resumed: boolean): Promise<string | 'stopped'> {
    const name = this.o.channel.name;
    const json = JSON.stringify(replies);
    const progress: ReplyProgress = { sent: from, attempt: 1, resumed };
    const windowMs = this.o.replyRetryMs ?? DEFAULT_REPLY_RETRY_MS;
    const firstTry = this.clock.now().getTime();
    for (;;) {
      this.storage('record reply', () => this.o.storage.updateInbound(key, { status: 'replying', replies: json, progress: progress.sent }, this.clock.now()));
      const result = await this.o.channel.deliver(target, replies, progress);
      if (result.status === 'sent') return progress.attempt > 1 ? 'retried' : 'replied';
      if (result.status === 'blocked') {
        this.storage('mark chat inactive', () => this.o.storage.setChatActive(key.chat, false, result.error?.slice(0, 200) ?? 'blocked'));
        this.o.logger.info({}, `${name}: chat blocked the bot; marked inactive`);
        return 'blocked';
      }
      const safe = result.status === 'retry' || (result.status === 'unconfirmed' && this.o.channel.idempotent);
      if (!safe) {
        const level = result.status === 'unconfirmed' ? 'warn' : 'error';
        this.o.logger[level]({ status: result.status, error: result.error, attempt: progress.attempt }, result.status === 'unconfirmed'
          ? `${name}: reply unconfirmed (the call timed out or dropped after it was sent); not sent again, to avoid a duplicate`
          : `${name}: reply refused; not delivered`);
        return result.status;
      }
      const wait = Math.max(result.retryAfterMs ?? 0, backoffMs(progress.attempt, this.o.replyBackoff ?? DEFAULT_REPLY_BACKOFF));
      if (this.clock.now().getTime() + wait - firstTry > windowMs) {
        this.o.logger.error({ error: result.error, attempts: progress.attempt }, `${name}: reply not delivered after retrying for ${Math.round(windowMs / 1000)} s`);
        return 'failed';
      }
      this.o.logger.warn({ error: result.error, attempt: progress.attempt, waitMs: wait }, `${name}: reply failed on a transient error; retrying`);
      // Nothing is in flight while waiting: a restart now may safely send the rest.
      this.storage('record reply', () => this.o.storage.updateInbound(key, { status: 'waiting', replies: json, progress: progress.sent }, this.clock.now()));
      if (!(await this.sleeper.sleep(wait))) return 'stopped';
      progress.attempt++;
      if (result.status === 'unconfirmed') progress.resumed = true;
    }
  }

  private finish(key: InboxKey, outcome: string, o: { started: number; kind: string; answered: boolean; incoming: Incoming }): void {
    this.storage('finish event', () => this.o.storage.finishInbound(key, outcome, this.clock.now()));
    const { incoming } = o;
    this.o.onHandled?.({
      channel: incoming.channel,
      ms: performance.now() - o.started,
      kind: o.kind,
      answered: o.answered,
      outcome,
      chat: incoming.chat,
      ...(incoming.event.type === 'text' ? { text: incoming.event.text } : {}),
    });
  }

  // ------------------------------------------------------------ helpers

  private langOf(incoming: Incoming): Lang {
    const stored = this.storage('read chat', () => this.o.storage.getChat(incoming.chat))?.lang;
    return stored ?? langFromLocale(incoming.locale, this.o.channel.fallbackLang);
  }

  /** Runs a database call; on failure logs once per outage and returns undefined (the answer goes on). */
  private storage<R>(what: string, call: () => R): R | undefined {
    try {
      const result = call();
      if (this.storageFailing) {
        this.storageFailing = false;
        this.o.logger.info({}, `${this.o.channel.name}: inbox records again`);
      }
      return result;
    } catch (err) {
      if (!this.storageFailing) {
        this.storageFailing = true;
        this.o.logger.error({ what, error: err instanceof Error ? err.message : String(err) }, `${this.o.channel.name}: inbox cannot record; answering without it`);
      }
      return undefined;
    }
  }
}

function textOnly(text: string): Reply {
  return { blocks: [{ type: 'text', text }] };
}

export function kindOf(incoming: Incoming): string {
  const { event } = incoming;
  if (event.type === 'text') return event.text.trimStart().startsWith('/') ? 'command' : 'question';
  if (event.type === 'action') return `action:${event.action.type}`;
  return event.type;
}

/** An answered question is the one reply that offers 👍/👎 feedback on it. */
function isAnswer(reply: Reply): boolean {
  return (reply.buttons ?? []).some((row) => row.some((b) => b.action.type === 'feedback'));
}
