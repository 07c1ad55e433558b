/**
 * `ipbot reminders tick [--now ISO-8601]`: one scheduler tick by hand, with the bot's configuration,
 * credentials and database (the knowledge base is not indexed: a tick answers nothing). Prints each
 * delivery; exits 0 when the tick ran (pending sends are printed, and retried by later ticks), 1 when
 * the events file has invalid entries (the valid ones are still sent) or it could not start, 2 on a
 * bad argument.
 */
import { existsSync } from 'node:fs';
import { createEventCatalog, formatEventIssue, formatHongKongTime } from '../core/events.js';
import type { ChannelSender, DomainLog, Storage } from '../core/ports.js';
import { runScheduledTick, type DeliveryRecord, type TickSummary } from '../core/reminders.js';
import { emptyEventsFileMessage, isEmptyEventsFile, missingEventsFileMessage, readEventsFile } from '../events-file.js';
import type { CliIo } from './io.js';

/** What a tick needs from the environment; injectable so tests can bring their own senders. */
export interface TickEnvironment {
  storage: Storage;
  eventsFile: string;
  senders: ChannelSender[];
  log: DomainLog;
  /** REMINDER_GRACE_HOURS, as the bot uses it (default 6 hours). */
  graceMs?: number;
  close(): Promise<void> | void;
}

export type OpenTickEnvironment = (io: CliIo) => Promise<TickEnvironment>;

const NO_CHANNELS =
  'no channel is configured (set TELEGRAM_BOT_TOKEN, or LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN, as for the bot), so no reminder can be sent; due reminders stay due';
const USAGE = 'Usage: ipbot reminders tick [--now ISO-8601]   e.g. --now 2027-04-03T09:00:00+08:00';

export async function runRemindersTick(args: string[], io: CliIo, open: OpenTickEnvironment = openFromConfig): Promise<number> {
  let now = new Date();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = arg.startsWith('--now=') ? arg.slice(6) : arg === '--now' ? args[++i] : undefined;
    if (value === undefined) {
      io.err(`ipbot reminders tick: unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
      return 2;
    }
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(Date.parse(value))) {
      io.err(`ipbot reminders tick: --now needs an ISO-8601 time, got ${JSON.stringify(value)}\n${USAGE}`);
      return 2;
    }
    now = new Date(value);
  }
  let env: TickEnvironment;
  try {
    env = await open(io);
  } catch (e) {
    io.err(`ipbot reminders tick: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  try {
    // Without credentials every reminder waits silently; say so, or "sent 0" reads as "nothing due".
    if (!env.senders.length) io.err(`ipbot reminders tick: ${NO_CHANNELS}`);
    if (!existsSync(env.eventsFile)) io.err(`ipbot reminders tick: ${missingEventsFileMessage(env.eventsFile)}`);
    const parsed = readEventsFile(env.eventsFile);
    if (isEmptyEventsFile(env.eventsFile, parsed)) io.err(`ipbot reminders tick: warning: ${emptyEventsFileMessage(env.eventsFile)}`);
    for (const issue of parsed.issues) io.err(`ipbot reminders tick: ${formatEventIssue(issue)}`);
    const events = createEventCatalog(() => parsed.events, env.storage).all();
    const summary = await runScheduledTick({
      now,
      storage: env.storage,
      events,
      senders: env.senders,
      log: env.log,
      ...(env.graceMs !== undefined ? { graceMs: env.graceMs } : {}),
    });
    io.out(formatTick(now, summary, env.senders.map((s) => s.channel)));
    if (parsed.issues.length) {
      io.err(`ipbot reminders tick: ${env.eventsFile} has ${parsed.issues.length} invalid entr${parsed.issues.length === 1 ? 'y' : 'ies'} (listed above); fix them, then run ipbot index`);
      return 1;
    }
    return 0;
  } finally {
    await env.close();
  }
}

export function formatTick(now: Date, s: TickSummary, channels: string[]): string {
  const line = (label: string, d: DeliveryRecord) =>
    `${label.padEnd(9)}${d.kind} ${d.ref} → ${d.chat} [${d.lang}]${d.error ? ` (${d.error})` : ''}`;
  const lines = [`reminders tick at ${now.toISOString()} (${formatHongKongTime(now, 'en')}); channels: ${channels.join(', ') || 'none'}`];
  for (const d of s.sent) lines.push(line('sent', d));
  for (const d of s.blocked) lines.push(line('blocked', d));
  for (const d of s.pending) lines.push(line('pending', d));
  for (const d of s.failed) lines.push(line('failed', d));
  for (const d of s.unknown) lines.push(line('unknown', d));
  for (const d of s.skipped) lines.push(line('skipped', d));
  lines.push(
    `sent ${s.sent.length}, pending ${s.pending.length}, skipped ${s.skipped.length}, failed ${s.failed.length}, blocked ${s.blocked.length}, unconfirmed ${s.unknown.length}`,
  );
  return lines.join('\n');
}

/** The bot's own runtime: same config, database and channel senders (nothing is started). */
async function openFromConfig(io: CliIo): Promise<TickEnvironment> {
  const { openRuntime } = await import('../runtime.js');
  const { domainLog } = await import('../durable.js');
  const runtime = await openRuntime(io.env, { answering: false, log: (line) => io.err(line) });
  return {
    storage: runtime.storage,
    eventsFile: runtime.config.eventsFile,
    senders: [...runtime.senders.values()],
    log: domainLog(runtime.logger),
    graceMs: runtime.config.reminderGraceMs,
    close: () => runtime.close(),
  };
}
