/**
 * Wiring of the durable half for `runtime.ts` / `main.ts`: the events file (watched), the staff
 * plugin, the minute scheduler (reminders + digest) and the broadcast drainer, over one storage.
 *
 *   const durable = createDurable({ storage, clock, eventsFile, log, rates });
 *   plugins.push(durable.plugin);              // before `new Assistant`
 *   durable.setSenders(senders);               // once channels exist
 *   durable.start();                           // main: watch file, scheduler, drainer
 *   await durable.stop();                      // shutdown, before storage.close()
 */
import { createEventCatalog, type EventCatalog } from './core/events.js';
import type { AssistantPlugin } from './core/assistant.js';
import { ChannelGates, DEFAULT_CALL_RATES } from './core/delivery.js';
import type { ChannelSender, Clock, DomainLog, Storage } from './core/ports.js';
import { silentLog, systemClock } from './core/ports.js';
import { runScheduledTick, type TickSummary } from './core/reminders.js';
import { createStaffPlugin } from './core/staff-plugin.js';
import { createHandoffPlugin, deliverHandoffs } from './core/handoff.js';
import { BroadcastDrainer } from './broadcast-drainer.js';
import { openEventsFile, type EventsFile } from './events-file.js';
import { Scheduler } from './scheduler.js';
import { Sleeper } from './sleeper.js';

export interface DurableOptions {
  storage: Storage;
  eventsFile: string;
  clock?: Clock;
  log?: DomainLog;
  /** Proactive calls per second per channel, e.g. `{ telegram: config.broadcastTelegramRate }`. */
  rates?: Readonly<Record<string, number>>;
  graceMs?: number;
  /** How long a broadcast retries what it could not deliver (default 24 h). */
  broadcastDeadlineMs?: number;
  /** PUBLIC_URL: calendar links in /events and reminders. */
  publicUrl?: string;
  /** STAFF_CHAT: hand-offs ("Ask staff") are relayed there; off when unset. */
  staffChat?: string;
}

export interface Durable {
  plugin: AssistantPlugin;
  /** "Ask staff" and /reply (see core/handoff.ts). */
  handoffPlugin: AssistantPlugin;
  /** Sends hand-off relays and answers not yet delivered (after the one in progress, if any). */
  deliverHandoffs(): Promise<void>;
  events: EventCatalog;
  eventsFile: EventsFile;
  drainer: BroadcastDrainer;
  scheduler: Scheduler;
  setSenders(senders: Iterable<ChannelSender>): void;
  /** One tick at `now`: due reminders and digests, then a wake of the drainer. */
  tick(now?: Date): Promise<TickSummary>;
  start(): void;
  /** Stops the scheduler and the drainer, waiting at most `graceMs` for a send in flight. */
  stop(graceMs?: number): Promise<void>;
}

export function createDurable(o: DurableOptions): Durable {
  const log = o.log ?? silentLog;
  const clock = o.clock ?? systemClock;
  const eventsFile = openEventsFile(o.eventsFile, { log });
  const events = createEventCatalog(() => eventsFile.current(), o.storage);
  let senders: ChannelSender[] = [];
  // Reminders and broadcasts share each channel's pacer and circuit: together they stay under the rate.
  const gates = new ChannelGates(clock, { ...DEFAULT_CALL_RATES, ...o.rates });
  // The tick waits for its channel's turn (a 429 can ask for many seconds): a stop cuts the wait short.
  const sleeper = new Sleeper();
  const drainer = new BroadcastDrainer({
    storage: o.storage,
    senders: () => senders,
    clock,
    log,
    gates,
    ...(o.broadcastDeadlineMs !== undefined ? { deadlineMs: o.broadcastDeadlineMs } : {}),
  });
  // Hand-off deliveries run one at a time: a press and a tick at once must not both try a row.
  let handoffRun: Promise<unknown> = Promise.resolve();
  let handoffsLive = false;
  let stopping = false;
  const deliverHandoffsNow = (): Promise<void> => {
    const staffChat = o.staffChat;
    if (!staffChat) return Promise.resolve();
    handoffRun = handoffRun
      .then(() => deliverHandoffs({ storage: o.storage, senders, staffChat, clock, log, shouldStop: () => stopping }))
      .catch((e: unknown) => log('error', 'handoff.delivery_failed', { error: e instanceof Error ? e.message : String(e) }));
    return handoffRun.then(() => undefined);
  };
  const tick = async (now = clock.now()) => {
    const summary = await runScheduledTick({
      now,
      storage: o.storage,
      events: events.all(),
      senders,
      log,
      gates,
      sleep: async (ms) => void (await sleeper.sleep(ms)),
      shouldStop: () => stopping,
      ...(o.graceMs !== undefined ? { graceMs: o.graceMs } : {}),
      ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
    });
    drainer.wake();
    await deliverHandoffsNow();
    return summary;
  };
  const scheduler = new Scheduler({ tick, clock, log });
  const plugin = createStaffPlugin({
    events,
    log,
    onBroadcastConfirmed: () => drainer.wake(),
    sendableChannels: () => new Set(senders.map((s) => s.channel)),
    ...(o.broadcastDeadlineMs !== undefined ? { broadcastDeadlineMs: o.broadcastDeadlineMs } : {}),
    ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
  });
  const handoffPlugin = createHandoffPlugin({
    log,
    ...(o.staffChat ? { staffChat: o.staffChat } : {}),
    // Before start (a CLI command) the row waits for the service, which delivers it on start.
    onChange: () => {
      if (handoffsLive) void deliverHandoffsNow();
    },
  });
  return {
    plugin,
    handoffPlugin,
    deliverHandoffs: deliverHandoffsNow,
    events,
    eventsFile,
    drainer,
    scheduler,
    setSenders: (list) => {
      senders = [...list];
    },
    tick,
    start() {
      eventsFile.watch();
      drainer.start();
      scheduler.start();
      handoffsLive = true;
      stopping = false;
      // What a previous process recorded but did not send (a /reply just before a restart).
      void deliverHandoffsNow();
    },
    async stop(graceMs = 1000) {
      stopping = true;
      sleeper.wakeAll();
      eventsFile.close();
      handoffsLive = false;
      // A send in flight (a hung call) is not waited for beyond the grace: its claim stays, and the
      // next process resolves it as an interrupted send (resent only where that cannot duplicate).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([scheduler.stop(), drainer.stop(), handoffRun]),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
    },
  };
}

/** Adapts a pino-style logger (`logger.info(fields, msg)`) to the domain's log callback. */
export function domainLog(logger: {
  debug(o: object, msg: string): void;
  info(o: object, msg: string): void;
  warn(o: object, msg: string): void;
  error(o: object, msg: string): void;
}): DomainLog {
  return (level, event, fields) => logger[level]({ ...fields, event }, event);
}
