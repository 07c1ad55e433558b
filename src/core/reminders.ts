/**
 * The minute tick: event reminders and the Monday digest, each delivered exactly once per chat,
 * paced at each channel's rate behind the same gates as broadcasts (src/core/delivery.ts): a 429
 * pauses the channel for its retry_after and is not a failure; a server error or network failure
 * is retried with backoff, and an open circuit leaves the channel's reminders for a later tick. A
 * reminder is retried until its event starts, not a fixed number of times.
 *
 * Exactly once rests on the delivery log: a delivery is claimed (one conditional write, so only
 * one tick, process or connection can win it) before anything is sent, and its outcome recorded
 * after. A process that dies between the two leaves a claim that nobody finished. Where the platform
 * deduplicates by retry key (LINE), the stale claim is resent with the same key; elsewhere
 * (Telegram) it is recorded as 'unknown' and not resent: we prefer a rare lost reminder to a
 * duplicate. See docs/staff.md.
 */
import { createHash } from 'node:crypto';
import { backoffMs, ChannelGates, DEFAULT_CALL_RATES, type BackoffPolicy } from './delivery.js';
import { eventBlocks, eventLine, fromHongKong, hongKongParts, offsetMs, reminderDue, upcomingEvents } from './events.js';
import type { ChannelSender, ChatRecord, DeliveryClaim, DeliveryFinish, DomainLog, EventRecord, Storage } from './ports.js';
import { silentLog, systemClock } from './ports.js';
import type { Block, Reply } from './reply.js';
import { calendarUrl } from './calendar.js';
import { REACH_UI } from './messages.js';
import { STAFF_UI } from './staff-messages.js';
import { channelOf, type Lang } from './types.js';

export const DEFAULT_GRACE_MS = 6 * 3_600_000;
/** A claim older than this belongs to a process that died mid-send (a send takes seconds). */
export const DEFAULT_STALE_MS = 10 * 60_000;
/** Retries end when the event starts; this only bounds a platform that keeps failing for days. */
const DEFAULT_MAX_ATTEMPTS = 1000;
const DEFAULT_RETRY_BACKOFF: BackoffPolicy = { baseMs: 30_000, capMs: 15 * 60_000 };
/** How far behind the grace window a tick still looks, only to log what it skips. */
const SKIP_LOOKBACK_MS = 7 * 86_400_000;
const DIGEST_HOUR = 10;
const DIGEST_SPAN_MS = 14 * 86_400_000;

export type TickStorage = Pick<
  Storage,
  'listSubscribers' | 'listSubscriptions' | 'listDigestChats' | 'claimReminder' | 'finishReminder' | 'claimDigest' | 'finishDigest' | 'setChatActive'
>;

export interface TickDeps {
  now: Date;
  storage: TickStorage;
  events: readonly EventRecord[];
  senders: readonly ChannelSender[];
  graceMs?: number;
  staleMs?: number;
  maxAttempts?: number;
  /** Backoff of a reminder that failed on a server error or network failure. */
  retryBackoff?: BackoffPolicy;
  /** Pacer and circuit per channel, shared with the broadcast drainer (default: own ones at DEFAULT_CALL_RATES). */
  gates?: ChannelGates;
  /** Waits for the pacer (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
  /** The scheduler is stopping: leave what is not claimed yet for the next process. */
  shouldStop?: () => boolean;
  log?: DomainLog;
  /** PUBLIC_URL: reminders then carry an "add to calendar" link to the topic's feed. */
  publicUrl?: string;
}

export interface DeliveryRecord {
  kind: 'reminder' | 'digest' | 'handoff-relay' | 'handoff-answer';
  chat: string;
  /** `eventId@offset` for reminders, the Monday's date for digests. */
  ref: string;
  lang: Lang;
  /** What was (or would have been) sent, as plain text headline. */
  title: string;
  error?: string;
}

export interface TickSummary {
  sent: DeliveryRecord[];
  skipped: DeliveryRecord[];
  /** Not delivered yet, retried by a later tick (rate limited, platform unavailable). */
  pending: DeliveryRecord[];
  /** Refused for good. */
  failed: DeliveryRecord[];
  blocked: DeliveryRecord[];
  /** Maybe delivered (a timed-out or interrupted send), not sent again where that could duplicate. */
  unknown: DeliveryRecord[];
}

export const emptySummary = (): TickSummary => ({ sent: [], skipped: [], pending: [], failed: [], blocked: [], unknown: [] });

/** A UUID derived from the delivery's key: the same delivery always carries the same retry key. */
export function retryKeyFor(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function reminderReply(event: EventRecord, offset: string, lang: Lang, publicUrl?: string): Reply {
  const ui = STAFF_UI[lang];
  const calendar: Block[] = publicUrl ? [{ type: 'link', text: REACH_UI[lang].addToCalendar, url: calendarUrl(publicUrl, event.topic, lang) }] : [];
  return {
    blocks: [...eventBlocks(event, lang, { heading: ui.reminderHeading(event.title[lang], offset) }), ...calendar],
    buttons: [[{ label: ui.buttonEvents, action: { type: 'events' } }]],
  };
}

export interface Settings {
  now: Date;
  graceMs: number;
  staleMs: number;
  maxAttempts: number;
  backoff: BackoffPolicy;
  gates: ChannelGates;
  sleep: (ms: number) => Promise<void>;
  shouldStop: () => boolean;
  senders: Map<string, ChannelSender>;
  storage: TickStorage;
  log: DomainLog;
}

export function settings(deps: TickDeps): Settings {
  return {
    now: deps.now,
    graceMs: deps.graceMs ?? DEFAULT_GRACE_MS,
    staleMs: deps.staleMs ?? DEFAULT_STALE_MS,
    maxAttempts: deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    backoff: deps.retryBackoff ?? DEFAULT_RETRY_BACKOFF,
    gates: deps.gates ?? new ChannelGates(systemClock, DEFAULT_CALL_RATES),
    sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    shouldStop: deps.shouldStop ?? (() => false),
    senders: new Map(deps.senders.map((s) => [s.channel, s])),
    storage: deps.storage,
    log: deps.log ?? silentLog,
  };
}

const chatLang = (chat: ChatRecord): Lang => chat.lang ?? 'zh-Hant';

/**
 * Waits for the channel's turn. False when the channel's circuit is open (an outage: its reminders
 * wait for a later tick, spending no attempt) or the scheduler is stopping.
 */
async function paced(s: Settings, channel: string): Promise<boolean> {
  const { pacer, circuit } = s.gates.of(channel);
  if (circuit.isOpen || s.shouldStop()) return false;
  const wait = pacer.waitMs();
  if (wait > 0) await s.sleep(wait);
  if (s.shouldStop()) return false;
  pacer.took();
  return true;
}

/**
 * Claims, sends and records one delivery (the caller has paced it). Returns where it landed in the
 * summary, or undefined when another tick or process holds or already finished it.
 */
export async function deliverOnce(
  s: Settings,
  d: {
    record: DeliveryRecord;
    sender: ChannelSender;
    reply: Reply;
    retryKey: string;
    claim: () => DeliveryClaim | undefined;
    finish: (r: DeliveryFinish) => void;
  },
  summary: TickSummary,
): Promise<void> {
  const claim = d.claim();
  if (!claim) return;
  const { record } = d;
  if (claim.recovered && !d.sender.idempotent) {
    d.finish({ status: 'unknown', error: 'claimed by a process that stopped before recording the outcome' });
    s.log('warn', `${record.kind}.unknown`, { chat: record.chat, ref: record.ref, note: 'not resent: this channel cannot deduplicate' });
    summary.unknown.push(record);
    return;
  }
  let outcome;
  try {
    [outcome] = await d.sender.send([record.chat], [d.reply], { retryKey: d.retryKey });
  } catch (e) {
    outcome = { chat: record.chat, status: 'retry' as const, error: e instanceof Error ? e.message : String(e) };
  }
  outcome ??= { chat: record.chat, status: 'failed' as const, error: 'no outcome from sender' };
  const { pacer, circuit } = s.gates.of(d.sender.channel);
  const at = s.now.getTime();
  const error = outcome.error ?? outcome.status;
  const status = outcome.status === 'unconfirmed' && d.sender.idempotent ? 'retry' : outcome.status;
  if (status === 'sent') {
    circuit.success();
    d.finish({ status: 'sent' });
    s.log('info', `${record.kind}.sent`, { chat: record.chat, ref: record.ref, lang: record.lang, recovered: claim.recovered });
    summary.sent.push(record);
  } else if (status === 'blocked') {
    circuit.success();
    d.finish({ status: 'blocked', error });
    s.storage.setChatActive(record.chat, false, 'blocked');
    s.log('info', `${record.kind}.blocked`, { chat: record.chat, ref: record.ref });
    summary.blocked.push({ ...record, error });
  } else if (status === 'unconfirmed') {
    d.finish({ status: 'unknown', error });
    s.log('warn', `${record.kind}.unknown`, { chat: record.chat, ref: record.ref, error, note: 'may have been delivered; not resent' });
    summary.unknown.push({ ...record, error });
  } else if (status === 'retry') {
    let wait: number;
    if (outcome.rateLimited) {
      // The platform asked for a pause: everything on this channel waits, and it is no failure.
      wait = outcome.retryAfterMs ?? 1000;
      pacer.holdUntil(Date.now() + wait);
    } else {
      if (circuit.failure()) s.log('warn', 'channel.paused', { channel: d.sender.channel, untilMs: circuit.blockedUntil() });
      wait = Math.max(outcome.retryAfterMs ?? 0, backoffMs(claim.attempt, s.backoff));
    }
    d.finish({ status: 'failed', error, retryAt: new Date(at + wait) });
    s.log('info', `${record.kind}.pending`, { chat: record.chat, ref: record.ref, attempt: claim.attempt, error, waitMs: wait });
    summary.pending.push({ ...record, error });
  } else {
    d.finish({ status: 'failed', error });
    s.log('warn', `${record.kind}.failed`, { chat: record.chat, ref: record.ref, attempt: claim.attempt, error });
    summary.failed.push({ ...record, error });
  }
}

/** Sends every reminder that has come due and was not delivered yet, to each subscriber once. */
export async function runReminderTick(deps: TickDeps): Promise<TickSummary> {
  const s = settings(deps);
  const summary = emptySummary();
  const now = s.now.getTime();
  const due: Array<{ event: EventRecord; offset: string; at: number }> = [];
  for (const event of deps.events) {
    for (const offset of event.remind) {
      if (offsetMs(offset) === undefined) continue;
      const at = reminderDue(event, offset).getTime();
      if (at <= now && at >= now - s.graceMs - SKIP_LOOKBACK_MS) due.push({ event, offset, at });
    }
  }
  due.sort((a, b) => a.at - b.at);
  for (const { event, offset, at } of due) {
    const late = at < now - s.graceMs;
    const started = Date.parse(event.start) <= now;
    for (const chat of s.storage.listSubscribers(event.topic)) {
      const sender = s.senders.get(channelOf(chat.key));
      if (!sender) continue;
      const lang = chatLang(chat);
      const key = { eventId: event.id, offset, chat: chat.key };
      const record: DeliveryRecord = { kind: 'reminder', chat: chat.key, ref: `${event.id}@${offset}`, lang, title: event.title[lang] };
      const options = { at: s.now, staleBefore: new Date(now - s.staleMs), maxAttempts: s.maxAttempts };
      const skip = (reason: string) => {
        s.storage.finishReminder(key, { status: 'skipped', error: reason }, s.now);
        s.log('warn', 'reminder.skipped', { chat: chat.key, ref: record.ref, dueAt: new Date(at).toISOString(), reason });
        summary.skipped.push({ ...record, error: reason });
      };
      if (started) {
        // A reminder expires when its event starts, however often it was tried. Claimed so the skip
        // is logged once, and a later tick cannot send it either.
        if (s.storage.claimReminder(key, options)) skip('event already started');
        continue;
      }
      if (!(await paced(s, sender.channel))) continue;
      await deliverOnce(
        s,
        {
          record,
          sender,
          reply: reminderReply(event, offset, lang, deps.publicUrl),
          retryKey: retryKeyFor('reminder', event.id, offset, chat.key),
          claim: () => {
            const claim = s.storage.claimReminder(key, options);
            // Missed during downtime beyond the grace window: not sent late. One already being
            // retried goes on until its event starts.
            if (claim && late && claim.attempt === 1 && !claim.recovered) {
              skip(`due ${Math.round((now - at) / 60_000)} min ago, beyond the grace window`);
              return undefined;
            }
            return claim;
          },
          finish: (r) => s.storage.finishReminder(key, r, s.now),
        },
        summary,
      );
    }
  }
  return summary;
}

/** The Monday (Hong Kong date, `2026-11-23`) whose digest is due at `now`, if one is. */
export function digestWeek(now: Date, graceMs = DEFAULT_GRACE_MS): string | undefined {
  const p = hongKongParts(now);
  const daysSinceMonday = (p.weekday + 6) % 7;
  const monday = hongKongParts(new Date(now.getTime() - daysSinceMonday * 86_400_000));
  const dueAt = fromHongKong(monday.year, monday.month, monday.day, DIGEST_HOUR);
  const since = now.getTime() - dueAt.getTime();
  if (since < 0 || since > graceMs) return undefined;
  return `${monday.year}-${String(monday.month).padStart(2, '0')}-${String(monday.day).padStart(2, '0')}`;
}

export function digestReply(events: readonly EventRecord[], lang: Lang): Reply {
  const ui = STAFF_UI[lang];
  return {
    blocks: [
      { type: 'heading', text: ui.digestHeading },
      { type: 'text', text: events.map((e) => eventLine(e, lang)).join('\n') },
      { type: 'note', text: ui.eventsFootnote },
    ],
    buttons: [[{ label: ui.buttonEvents, action: { type: 'events' } }]],
  };
}

/**
 * Monday 10:00 HKT (or later within the grace window): each opted-in chat gets the next two weeks'
 * events of its topics (all topics when it has none), once per week. No events, no message.
 */
export async function runDigestTick(deps: TickDeps): Promise<TickSummary> {
  const s = settings(deps);
  const summary = emptySummary();
  const week = digestWeek(s.now, s.graceMs);
  if (!week) return summary;
  const until = new Date(s.now.getTime() + DIGEST_SPAN_MS);
  for (const chat of s.storage.listDigestChats()) {
    const sender = s.senders.get(channelOf(chat.key));
    if (!sender) continue;
    const events = upcomingEvents(deps.events, s.now, { topics: s.storage.listSubscriptions(chat.key), until });
    if (!events.length) continue;
    const lang = chatLang(chat);
    const options = { at: s.now, staleBefore: new Date(s.now.getTime() - s.staleMs), maxAttempts: s.maxAttempts };
    if (!(await paced(s, sender.channel))) continue;
    await deliverOnce(
      s,
      {
        record: { kind: 'digest', chat: chat.key, ref: week, lang, title: STAFF_UI[lang].digestHeading },
        sender,
        reply: digestReply(events, lang),
        retryKey: retryKeyFor('digest', week, chat.key),
        claim: () => s.storage.claimDigest(chat.key, week, options),
        finish: (r) => s.storage.finishDigest(chat.key, week, r, s.now),
      },
      summary,
    );
  }
  return summary;
}

/** One scheduler tick: reminders, then the digest. */
export async function runScheduledTick(deps: TickDeps): Promise<TickSummary> {
  const a = await runReminderTick(deps);
  const b = await runDigestTick(deps);
  return {
    sent: [...a.sent, ...b.sent],
    skipped: [...a.skipped, ...b.skipped],
    pending: [...a.pending, ...b.pending],
    failed: [...a.failed, ...b.failed],
    blocked: [...a.blocked, ...b.blocked],
    unknown: [...a.unknown, ...b.unknown],
  };
}
