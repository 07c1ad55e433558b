/**
 * Staff broadcasts: preview → confirm → one outbox row per recipient → drained at each channel's
 * rate → delivery report to the staff member.
 *
 * Delivery guarantee. A row is claimed ('sending', with its batch's retry key) before the call and
 * its outcome recorded after, each in one transaction, so a restart resumes from the rows still
 * 'pending': nothing sent twice, nothing dropped. Only a crash *during* a call is ambiguous; its
 * rows are left 'sending'. After they go stale: LINE gets the same request again with the same
 * `X-Line-Retry-Key` (the platform answers 409 if it had accepted it: at-least-once, deduplicated
 * into exactly once); Telegram, which has no idempotency key, records them as 'unknown' and does not
 * resend (at-most-once), and the report counts them. A rare missing message was judged better than
 * a duplicate announcement.
 */
import type { Action } from './actions.js';
import type { CommandContext } from './assistant.js';
import { formatHongKongTime, inScript } from './events.js';
import { backoffMs, ChannelGates, DEFAULT_CALL_RATES, type BackoffPolicy } from './delivery.js';
import type { BroadcastRecord, ChannelSender, Clock, DeliveryOutcome, DomainLog, OutboxResult, Storage } from './ports.js';
import { silentLog } from './ports.js';
import { textReply, type Reply } from './reply.js';
import { retryKeyFor } from './reminders.js';
import { CANCEL_LABEL, CONFIRM_LABEL, STAFF_DELIVERY_UI, STAFF_UI, type StaffStrings } from './staff-messages.js';
import { channelOf, isTopicId, LANGS, type Lang, type TopicId } from './types.js';

/** A broadcast keeps retrying what it could not deliver for this long after its confirmation. */
export const DEFAULT_BROADCAST_DEADLINE_MS = 24 * 3_600_000;
/** Telegram text limit is 4096; LINE 5000. Kept below both so the heading always fits. */
export const MAX_BROADCAST_CHARS = 3500;

/** What a subscriber reading `lang` sees. */
export function broadcastMessage(b: { topic: TopicId | 'all'; text: string }, lang: Lang): Reply {
  return {
    blocks: [
      { type: 'heading', text: STAFF_UI[lang].broadcastHeading(b.topic) },
      { type: 'text', text: inScript(b.text, lang) },
    ],
  };
}

export function parseBroadcastArgs(args: string): { topic: TopicId | 'all'; text: string } | undefined {
  const m = /^(\S+)\s+([\s\S]+)$/.exec(args.trim());
  if (!m) return undefined;
  const topic = m[1]!.toLowerCase();
  if (topic !== 'all' && !isTopicId(topic)) return undefined;
  const text = m[2]!.trim();
  return text ? { topic, text } : undefined;
}

/** Why `/broadcast` arguments did not parse, naming the culprit, then how to write them. */
function broadcastArgsProblem(args: string, ui: StaffStrings): string {
  const word = args.trim().split(/\s+/)[0] ?? '';
  if (!word) return ui.broadcastUsage;
  const problem = word.toLowerCase() !== 'all' && !isTopicId(word.toLowerCase()) ? ui.broadcastUnknownTopic(word.slice(0, 40)) : ui.broadcastNoText;
  return `${problem}\n\n${ui.broadcastUsage}`;
}

export interface BroadcastDeps {
  log?: DomainLog;
  /** Channels that can send now (the configured senders); default: every chat. */
  sendableChannels?: () => ReadonlySet<string>;
  /** How long undelivered messages are retried; shown to staff on confirm. */
  deadlineMs?: number;
  /** Called after a confirm wrote the outbox: wakes the drainer. */
  onConfirmed?: (broadcastId: number) => void;
}

function recipients(storage: Storage, topic: TopicId | 'all', channels: ReadonlySet<string> | undefined) {
  return storage
    .listSubscribers(topic)
    .filter((c) => !channels || channels.has(channelOf(c.key)))
    .map((c) => ({ chat: c.key, lang: c.lang ?? ('zh-Hant' as Lang) }));
}

function refuse(ctx: CommandContext, log: DomainLog, attempt: string): Reply[] {
  log('warn', 'broadcast.refused', { sender: ctx.incoming.sender, chat: ctx.chat.key, attempt: attempt.slice(0, 200) });
  return [textReply(STAFF_UI[ctx.lang].broadcastRefused)];
}

/** `/broadcast <topic|all> <text>`: staff get a preview with confirm/cancel; nothing is sent yet. */
export function handleBroadcastCommand(ctx: CommandContext, deps: BroadcastDeps = {}): Reply[] {
  const log = deps.log ?? silentLog;
  const ui = STAFF_UI[ctx.lang];
  if (!ctx.isStaff) return refuse(ctx, log, ctx.args);
  const parsed = parseBroadcastArgs(ctx.args);
  if (!parsed) return [textReply(broadcastArgsProblem(ctx.args, ui))];
  if (parsed.text.length > MAX_BROADCAST_CHARS) return [textReply(ui.broadcastTooLong(parsed.text.length, MAX_BROADCAST_CHARS))];
  const { storage, clock } = ctx.deps;
  const list = recipients(storage, parsed.topic, deps.sendableChannels?.());
  if (!list.length) return [textReply(ui.noRecipients(parsed.topic))];
  const draft = storage.createBroadcast({ by: ctx.chat.key, ...parsed }, clock.now());
  log('info', 'broadcast.previewed', { id: draft.id, by: ctx.incoming.sender, topic: parsed.topic, recipients: list.length });
  const counts = new Map<Lang, number>();
  for (const r of list) counts.set(r.lang, (counts.get(r.lang) ?? 0) + 1);
  const replies: Reply[] = [textReply(ui.previewIntro(list.length, parsed.topic))];
  // One preview per distinct rendering, so staff see the Simplified conversion too.
  const seen = new Map<string, Lang[]>();
  for (const lang of LANGS.filter((l) => counts.has(l))) {
    const key = JSON.stringify(broadcastMessage(parsed, lang));
    seen.set(key, [...(seen.get(key) ?? []), lang]);
  }
  for (const [key, langs] of seen) {
    const n = langs.reduce((sum, l) => sum + (counts.get(l) ?? 0), 0);
    const message = JSON.parse(key) as Reply;
    replies.push({ blocks: [{ type: 'note', text: langs.map((l) => ui.previewVariant(l, n)).join(' / ') }, ...message.blocks] });
  }
  replies[replies.length - 1]!.buttons = [
    [
      { label: CONFIRM_LABEL, action: { type: 'broadcast-confirm', broadcastId: draft.id } },
      { label: CANCEL_LABEL, action: { type: 'broadcast-cancel', broadcastId: draft.id } },
    ],
  ];
  return replies;
}

function ownDraft(ctx: CommandContext, id: number, log: DomainLog, what: string): BroadcastRecord | Reply[] {
  if (!ctx.isStaff) return refuse(ctx, log, `${what} #${id}`);
  const b = ctx.deps.storage.getBroadcast(id);
  if (!b || b.by !== ctx.chat.key) return [textReply(STAFF_UI[ctx.lang].broadcastUnknown)];
  return b;
}

/** The confirm button: writes the outbox (once, however often it is tapped) and wakes the drainer. */
export function handleBroadcastConfirm(ctx: CommandContext, action: Action, deps: BroadcastDeps = {}): Reply[] {
  if (action.type !== 'broadcast-confirm') return [];
  const log = deps.log ?? silentLog;
  const ui = STAFF_UI[ctx.lang];
  const b = ownDraft(ctx, action.broadcastId, log, 'confirm');
  if (Array.isArray(b)) return b;
  const { storage, clock } = ctx.deps;
  const list = recipients(storage, b.topic, deps.sendableChannels?.());
  const count = storage.confirmBroadcast(b.id, list, clock.now());
  if (count === undefined) return [textReply(ui.broadcastAlready(storage.getBroadcast(b.id)?.status ?? b.status))];
  log('info', 'broadcast.confirmed', { id: b.id, by: ctx.incoming.sender, recipients: count });
  deps.onConfirmed?.(b.id);
  const until = new Date(clock.now().getTime() + (deps.deadlineMs ?? DEFAULT_BROADCAST_DEADLINE_MS));
  return [textReply(`${ui.broadcastConfirmed(count)}\n${STAFF_DELIVERY_UI[ctx.lang].retriedUntil(formatHongKongTime(until, ctx.lang))}`)];
}

export function handleBroadcastCancel(ctx: CommandContext, action: Action, deps: BroadcastDeps = {}): Reply[] {
  if (action.type !== 'broadcast-cancel') return [];
  const log = deps.log ?? silentLog;
  const ui = STAFF_UI[ctx.lang];
  const b = ownDraft(ctx, action.broadcastId, log, 'cancel');
  if (Array.isArray(b)) return b;
  if (!ctx.deps.storage.cancelBroadcast(b.id, ctx.deps.clock.now())) {
    return [textReply(ui.broadcastAlready(ctx.deps.storage.getBroadcast(b.id)?.status ?? b.status))];
  }
  log('info', 'broadcast.cancelled', { id: b.id, by: ctx.incoming.sender });
  return [textReply(ui.broadcastCancelled)];
}

// ---------------------------------------------------------------- draining the outbox

export interface DrainOptions {
  storage: Storage;
  senders: readonly ChannelSender[];
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  /** Pacer and circuit per channel, shared with the reminder tick (default: own ones at `rates`). */
  gates?: ChannelGates;
  /** Calls per second per channel when no `gates` are given. */
  rates?: Readonly<Record<string, number>>;
  staleMs?: number;
  /** Undelivered messages are retried until this long after the broadcast's confirmation. */
  deadlineMs?: number;
  /** Backoff of a message that failed on a server error or network failure. */
  retryBackoff?: BackoffPolicy;
  /** A row due later than this is left to a later drain (the scheduler wakes the drainer every minute). */
  maxIdleWaitMs?: number;
  shouldStop?: () => boolean;
  log?: DomainLog;
}

export interface DrainSummary {
  calls: number;
  sent: number;
  failed: number;
  blocked: number;
  unknown: number;
  /** Sends put back to wait (rate limited, platform unavailable). */
  retried: number;
  /** Broadcasts that finished (and were reported) during this drain. */
  finished: number[];
}

const DEFAULT_RETRY_BACKOFF: BackoffPolicy = { baseMs: 5_000, capMs: 10 * 60_000 };
/** The deadline, not a count, ends retries: this only keeps the storage's attempt check out of the way. */
const UNLIMITED_ATTEMPTS = Number.MAX_SAFE_INTEGER;

/** Sends what the outbox holds, each channel at its rate, until nothing is due (or told to stop). */
export async function drainOutbox(o: DrainOptions): Promise<DrainSummary> {
  const log = o.log ?? silentLog;
  const summary: DrainSummary = { calls: 0, sent: 0, failed: 0, blocked: 0, unknown: 0, retried: 0, finished: [] };
  const senders = new Map(o.senders.map((s) => [s.channel, s]));
  const gates = o.gates ?? new ChannelGates(o.clock, { ...DEFAULT_CALL_RATES, ...o.rates });
  const finish = async (id: number) => {
    if (!o.storage.completeBroadcast(id, o.clock.now())) return;
    summary.finished.push(id);
    await report(o, senders, id, log);
  };
  // A crash after the last row but before completion leaves a finished broadcast unreported.
  for (const b of o.storage.listBroadcasts('sending')) await finish(b.id);
  await Promise.all([...senders.values()].map((sender) => drainChannel(o, gates, sender, summary, finish, log)));
  return summary;
}

async function drainChannel(
  o: DrainOptions,
  gates: ChannelGates,
  sender: ChannelSender,
  summary: DrainSummary,
  finish: (id: number) => Promise<void>,
  log: DomainLog,
): Promise<void> {
  const { pacer, circuit } = gates.of(sender.channel);
  const staleMs = o.staleMs ?? 10 * 60_000;
  const deadlineMs = o.deadlineMs ?? DEFAULT_BROADCAST_DEADLINE_MS;
  const backoff = o.retryBackoff ?? DEFAULT_RETRY_BACKOFF;
  const maxIdleWaitMs = o.maxIdleWaitMs ?? 60_000;
  while (!o.shouldStop?.()) {
    // Pace (and sit out an open circuit) before claiming, so a crash while waiting leaves the rows
    // pending, not ambiguous.
    const wait = Math.max(pacer.waitMs(), circuit.blockedUntil() - o.clock.now().getTime());
    if (wait > maxIdleWaitMs) return;
    if (wait > 0) await o.sleep(wait);
    if (o.shouldStop?.()) break;
    const now = o.clock.now();
    const batch = o.storage.claimOutboxBatch(sender.channel, sender.maxBatch, {
      at: now,
      staleBefore: new Date(now.getTime() - staleMs),
      maxAttempts: UNLIMITED_ATTEMPTS,
    });
    if (!batch) {
      const due = o.storage.nextOutboxDue(sender.channel);
      if (!due || due.getTime() - now.getTime() > maxIdleWaitMs) return;
      pacer.holdUntil(due.getTime());
      continue;
    }
    const b = o.storage.getBroadcast(batch.broadcastId);
    const expiresAt = Date.parse(b?.confirmedAt ?? b?.createdAt ?? now.toISOString()) + deadlineMs;
    let results: OutboxResult[];
    if (!b || (batch.recovered && !sender.idempotent)) {
      results = batch.chats.map((chat) => ({ chat, status: 'unknown', error: b ? 'interrupted mid-send; not resent' : 'broadcast missing' }));
      log('warn', 'broadcast.unknown', { id: batch.broadcastId, channel: sender.channel, chats: batch.chats.length });
    } else if (now.getTime() >= expiresAt) {
      results = batch.chats.map((chat) => ({ chat, status: 'failed', error: 'not delivered before the deadline' }));
      log('warn', 'broadcast.expired', { id: batch.broadcastId, channel: sender.channel, chats: batch.chats.length });
    } else {
      pacer.took();
      summary.calls++;
      let outcomes: DeliveryOutcome[];
      try {
        outcomes = await sender.send(batch.chats, [broadcastMessage(b, batch.lang)], { retryKey: batch.batchKey });
      } catch (e) {
        outcomes = batch.chats.map((chat) => ({ chat, status: 'retry' as const, error: e instanceof Error ? e.message : String(e) }));
      }
      const byChat = new Map(outcomes.map((x) => [x.chat, x]));
      const at = o.clock.now().getTime();
      // One wait for the whole call: a 429 is about the channel, an error about the platform.
      const rateLimit = outcomes.find((x) => x.status === 'retry' && x.rateLimited);
      const transient = outcomes.some((x) => (x.status === 'retry' && !x.rateLimited) || (x.status === 'unconfirmed' && sender.idempotent));
      let retryAt = at;
      if (rateLimit) {
        retryAt = at + (rateLimit.retryAfterMs ?? 1000);
        pacer.holdUntil(retryAt);
      } else if (transient) {
        if (circuit.failure()) log('warn', 'channel.paused', { channel: sender.channel, untilMs: circuit.blockedUntil() });
        retryAt = at + backoffMs(batch.attempt, backoff);
      } else {
        circuit.success();
      }
      // Back to pending; a wait past the deadline is cut to it, where the next claim gives up.
      const later = (chat: string, error: string, rateLimited: boolean): OutboxResult => ({
        chat,
        status: rateLimited ? 'retry' : 'failed',
        error,
        retryAt: new Date(Math.min(retryAt, expiresAt)),
      });
      results = batch.chats.map((chat): OutboxResult => {
        const x = byChat.get(chat) ?? { chat, status: 'failed' as const, error: 'no outcome from sender' };
        if (x.status === 'sent') return { chat, status: 'sent' };
        if (x.status === 'blocked') {
          o.storage.setChatActive(chat, false, 'blocked');
          return { chat, status: 'blocked', ...(x.error ? { error: x.error } : {}) };
        }
        if (x.status === 'retry') return later(chat, x.error ?? 'not delivered', Boolean(x.rateLimited));
        if (x.status === 'unconfirmed') {
          return sender.idempotent ? later(chat, x.error ?? 'unconfirmed', false) : { chat, status: 'unknown', error: x.error ?? 'unconfirmed; not resent' };
        }
        return { chat, status: 'failed', error: x.error ?? 'failed' };
      });
    }
    o.storage.finishOutbox(batch.broadcastId, batch.batchKey, results, UNLIMITED_ATTEMPTS, o.clock.now());
    for (const r of results) {
      if (r.status === 'retry' || (r.status === 'failed' && r.retryAt)) summary.retried++;
      else summary[r.status]++;
    }
    await finish(batch.broadcastId);
  }
}

async function report(o: DrainOptions, senders: Map<string, ChannelSender>, id: number, log: DomainLog): Promise<void> {
  const b = o.storage.getBroadcast(id);
  if (!b) return;
  const counts = o.storage.outboxCounts(id);
  log('info', 'broadcast.finished', { id, by: b.by, ...counts });
  const sender = senders.get(channelOf(b.by));
  if (!sender) return;
  const lang = o.storage.getChat(b.by)?.lang ?? 'zh-Hant';
  try {
    await sender.send([b.by], [textReply(STAFF_UI[lang].broadcastReport(id, counts))], { retryKey: retryKeyFor('broadcast-report', String(id)) });
  } catch (e) {
    log('error', 'broadcast.report_failed', { id, error: e instanceof Error ? e.message : String(e) });
  }
}
