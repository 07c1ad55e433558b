/**
 * Runs the outbox drain (core `drainOutbox`) in the background with real time: on start (resuming
 * what a previous process left), when a broadcast is confirmed, and on every scheduler tick (rows
 * waiting for a retry). One drain at a time; a wake during a drain runs one more after it.
 */
import { drainOutbox, type DrainOptions } from './core/broadcast.js';
import type { ChannelGates } from './core/delivery.js';
import type { ChannelSender, Clock, DomainLog, Storage } from './core/ports.js';
import { silentLog, systemClock } from './core/ports.js';
import { Sleeper } from './sleeper.js';

export interface DrainerOptions {
  storage: Storage;
  senders: () => readonly ChannelSender[];
  clock?: Clock;
  rates?: Readonly<Record<string, number>>;
  /** Pacer and circuit per channel, shared with the reminder tick. */
  gates?: ChannelGates;
  deadlineMs?: number;
  log?: DomainLog;
}

export class BroadcastDrainer {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly sleeper = new Sleeper();

  constructor(private readonly options: DrainerOptions) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Drains now, or right after the drain in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /** Stops between two sends (never mid-call) and waits for that point. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.sleeper.wakeAll();
    await this.running;
  }

  /** Resolves when the current drain (if any) is over: for tests and `ipbot` commands. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    const log = this.options.log ?? silentLog;
    do {
      this.again = false;
      const options: DrainOptions = {
        storage: this.options.storage,
        senders: this.options.senders(),
        clock: this.options.clock ?? systemClock,
        sleep: async (ms) => void (await this.sleeper.sleep(ms)),
        shouldStop: () => this.stopped,
        log,
        ...(this.options.rates ? { rates: this.options.rates } : {}),
        ...(this.options.gates ? { gates: this.options.gates } : {}),
        ...(this.options.deadlineMs !== undefined ? { deadlineMs: this.options.deadlineMs } : {}),
      };
      try {
        const summary = await drainOutbox(options);
        if (summary.calls || summary.unknown) log('info', 'outbox.drained', { ...summary });
      } catch (e) {
        log('error', 'outbox.drain_failed', { error: e instanceof Error ? e.message : String(e) });
      }
    } while (this.again && !this.stopped);
  }
}
