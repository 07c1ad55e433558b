/**
 * How ipbot keeps sending when a platform pushes back, shared by interactive replies (the inbox),
 * reminders and broadcasts (the outbox):
 *
 * - a rate limit (429) waits exactly `retry_after` and is not a failure;
 * - a server error or network failure backs off exponentially with full jitter, so retries of many
 *   messages do not arrive together when the platform comes back;
 * - a circuit per channel: after several failures in a row the channel pauses (doubling, capped)
 *   instead of spending every message's retries inside an outage; one probe send closes it again;
 * - a pacer per channel spaces proactive sends at the channel's rate, and a 429 pauses it.
 *
 * Pure: time comes from a Clock, waiting from an injected sleep.
 */
import type { Clock } from './ports.js';

/** Proactive calls per second per channel when none is configured (Telegram: under its ~30/s bulk limit). */
export const DEFAULT_CALL_RATES: Readonly<Record<string, number>> = { telegram: 25, line: 10 };

export interface BackoffPolicy {
  /** First wait (before jitter). */
  baseMs: number;
  /** Largest wait. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

/**
 * Wait before retry number `attempt` (1 = the first retry): a uniformly random time up to
 * base·2^(attempt−1), capped ("full jitter"), but never under a quarter of it.
 */
export function backoffMs(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(ceiling / 4 + random() * ((ceiling * 3) / 4));
}

export interface CircuitPolicy {
  /** Failures in a row that open the circuit. */
  threshold: number;
  /** First pause; doubles on each failed probe, up to `maxOpenMs`. */
  openMs: number;
  maxOpenMs: number;
}

export const DEFAULT_CIRCUIT: CircuitPolicy = { threshold: 5, openMs: 5_000, maxOpenMs: 2 * 60_000 };

/** A channel's health as proactive sends see it. */
export class Circuit {
  private failures = 0;
  private openUntil = 0;
  private pause: number;

  constructor(
    private readonly clock: Clock,
    private readonly policy: CircuitPolicy = DEFAULT_CIRCUIT,
  ) {
    this.pause = policy.openMs;
  }

  /** When sends may go again (0 when closed). */
  blockedUntil(): number {
    return this.openUntil > this.clock.now().getTime() ? this.openUntil : 0;
  }

  get isOpen(): boolean {
    return this.blockedUntil() > 0;
  }

  success(): void {
    this.failures = 0;
    this.openUntil = 0;
    this.pause = this.policy.openMs;
  }

  /** A server error or network failure. Returns true when this failure opened (or re-opened) the circuit. */
  failure(): boolean {
    this.failures++;
    if (this.failures < this.policy.threshold) return false;
    this.openUntil = this.clock.now().getTime() + this.pause;
    this.pause = Math.min(this.policy.maxOpenMs, this.pause * 2);
    return true;
  }
}

/** Spaces sends of one channel `1/rate` apart and honours a platform's request to wait. */
export class Pacer {
  private nextAt = 0;
  private readonly intervalMs: number;

  constructor(
    private readonly clock: Clock,
    ratePerSecond: number,
  ) {
    this.intervalMs = 1000 / ratePerSecond;
  }

  /** How long to wait before the next send may start (0: now). */
  waitMs(): number {
    return Math.max(0, this.nextAt - this.clock.now().getTime());
  }

  /** A send starts now: the next one waits an interval (a late timer does not bank a burst). */
  took(): void {
    const now = this.clock.now().getTime();
    this.nextAt = (this.nextAt ? Math.max(this.nextAt, now - this.intervalMs) : now) + this.intervalMs;
  }

  /** Nothing goes out before `untilMs` (a 429's retry_after, an open circuit). */
  holdUntil(untilMs: number): void {
    this.nextAt = Math.max(this.nextAt, untilMs);
  }
}

/** The pacer and circuit of each channel, shared by everything that sends proactively. */
export class ChannelGates {
  private readonly gates = new Map<string, { pacer: Pacer; circuit: Circuit }>();

  constructor(
    private readonly clock: Clock,
    private readonly rates: Readonly<Record<string, number>>,
    private readonly circuit: CircuitPolicy = DEFAULT_CIRCUIT,
  ) {}

  of(channel: string): { pacer: Pacer; circuit: Circuit } {
    let gate = this.gates.get(channel);
    if (!gate) {
      gate = { pacer: new Pacer(this.clock, this.rates[channel] ?? 1), circuit: new Circuit(this.clock, this.circuit) };
      this.gates.set(channel, gate);
    }
    return gate;
  }
}
