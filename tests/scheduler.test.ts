import { describe, expect, it } from 'vitest';
import { Scheduler } from '../src/scheduler.js';

describe('Scheduler', () => {
  it('ticks once at start (catching up after a restart), schedules the next minute and stops cleanly', async () => {
    const ticks: Date[] = [];
    const now = new Date('2026-11-23T02:00:30Z');
    let release!: () => void;
    const scheduler = new Scheduler({
      clock: { now: () => now },
      tick: (at) => {
        ticks.push(at);
        return new Promise<void>((r) => (release = r));
      },
    });
    scheduler.start();
    expect(ticks).toEqual([now]);
    // A second request while the first is running does not overlap it.
    const again = scheduler.runOnce();
    expect(ticks).toHaveLength(1);
    const next = scheduler.nextRun()!;
    expect(next.getUTCSeconds()).toBe(0);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const stopped = scheduler.stop();
    release();
    await Promise.all([again, stopped]);
    expect(scheduler.nextRun()).toBeNull();
  });

  it('logs a failing tick instead of crashing', async () => {
    const log: string[] = [];
    const scheduler = new Scheduler({ tick: async () => Promise.reject(new Error('boom')), log: (l, e, f) => log.push(`${l} ${e} ${f?.error}`) });
    await scheduler.runOnce();
    expect(log).toEqual(['error tick.failed boom']);
  });
});
