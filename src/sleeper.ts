/**
 * Waits that a stop can cut short: the inbox's retry backoff, the reminder tick's pacing and the
 * outbox drainer's pacing all sleep through one of these, so shutdown never waits out a timer.
 */
export class Sleeper {
  private readonly wakers = new Set<() => void>();

  /** Resolves true after `ms`, or false as soon as `wakeAll` is called. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.wakers.delete(wake);
        resolve(true);
      }, ms);
      this.wakers.add(wake);
    });
  }

  /** Ends every sleep in progress. */
  wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
}
