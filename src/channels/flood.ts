/**
 * Per-user flood limit over a sliding minute: past the limit the user gets ONE notice, then silence
 * until the window has room again. In memory on purpose: it protects a running process, and a
 * restart forgiving everyone is harmless.
 */
import type { Clock } from '../core/ports.js';

export type FloodVerdict = 'allow' | 'notice' | 'drop';

const WINDOW_MS = 60_000;
// Forget idle users once the map grows, so a long-running bot does not keep every sender forever.
const SWEEP_ABOVE = 10_000;

export class FloodLimiter {
  private readonly seen = new Map<string, { times: number[]; noticed: boolean }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(perMinute) || perMinute < 1) {
      throw new Error(`floodLimit.perMinute must be a positive integer, got ${perMinute}`);
    }
  }

  check(user: string): FloodVerdict {
    const now = this.clock.now().getTime();
    if (this.seen.size > SWEEP_ABOVE) this.sweep(now);
    const entry = this.seen.get(user) ?? { times: [], noticed: false };
    this.seen.set(user, entry);
    entry.times = entry.times.filter((t) => now - t < WINDOW_MS);
    if (entry.times.length < this.perMinute) {
      entry.times.push(now);
      entry.noticed = false;
      return 'allow';
    }
    if (entry.noticed) return 'drop';
    entry.noticed = true;
    return 'notice';
  }

  private sweep(now: number): void {
    for (const [user, entry] of this.seen) {
      if (entry.times.every((t) => now - t >= WINDOW_MS)) this.seen.delete(user);
    }
  }
}
