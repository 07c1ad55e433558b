/**
 * The minute tick (node-cron, Asia/Hong_Kong, never overlapping itself). node-cron keeps no state and
 * does not replay missed runs after a restart; that is fine here because a tick sends whatever is due
 * and unsent according to the database, so the first tick after a restart catches up (within the
 * grace window). A tick also runs at start for the same reason.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock, DomainLog } from './core/ports.js';
import { silentLog, systemClock } from './core/ports.js';

export const TICK_EXPRESSION = '* * * * *';
export const TIME_ZONE = 'Asia/Hong_Kong';

export interface SchedulerOptions {
  /** One tick's work (reminders, digest, waking the outbox drainer). Errors are logged, not thrown. */
  tick: (now: Date) => Promise<unknown>;
  clock?: Clock;
  log?: DomainLog;
}

export class Scheduler {
  private task: ScheduledTask | undefined;
  private current: Promise<void> | undefined;

  constructor(private readonly options: SchedulerOptions) {}

  start(): void {
    if (this.task) return;
    this.task = cron.schedule(TICK_EXPRESSION, () => this.runOnce(), {
      name: 'ipbot-tick',
      timezone: TIME_ZONE,
      noOverlap: true,
    });
    void this.runOnce();
  }

  /** Runs one tick unless one is already running (then waits for it). */
  runOnce(): Promise<void> {
    if (this.current) return this.current;
    const log = this.options.log ?? silentLog;
    const now = (this.options.clock ?? systemClock).now();
    this.current = this.options
      .tick(now)
      .then(
        () => undefined,
        (e: unknown) => log('error', 'tick.failed', { error: e instanceof Error ? e.message : String(e) }),
      )
      .finally(() => {
        this.current = undefined;
      });
    return this.current;
  }

  /** Stops scheduling and waits for a tick in progress to finish. */
  async stop(): Promise<void> {
    const task = this.task;
    this.task = undefined;
    if (task) await task.destroy();
    await this.current;
  }

  nextRun(): Date | null {
    return this.task?.getNextRun() ?? null;
  }
}
