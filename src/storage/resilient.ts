/**
 * The database must never freeze or silence the service. This wraps the SQLite storage so that:
 *
 * - writes the answer does not depend on (recording the question, creating or re-activating the
 *   chat, the language a question was written in, the follow-up context, the inbox's record) never
 *   fail the answer: when the database cannot
 *   be written (locked by another process, disk full, read-only), they are queued and retried in the
 *   background, and the reply goes out; a question recorded late keeps its time, but its 👍/👎 cannot
 *   be recorded;
 * - a probe writes one row every second, so readiness (`/readyz`) turns 503 once writes have failed
 *   for longer than a limit, with one log line, and back to 200 by itself, with another.
 *
 * Writes the user asked for (subscribe, feedback, broadcasts) still fail, and the user gets the error
 * reply rather than a false confirmation.
 */
import type { ChatRecord, ConversationContext, InboxKey, QuestionInput } from '../core/ports.js';
import type { Lang } from '../core/types.js';
import type { SqliteStorage } from './sqlite.js';

/** SQLite result codes that mean "cannot write now", as better-sqlite3 reports them. */
const UNWRITABLE = /^SQLITE_(BUSY|LOCKED|FULL|READONLY|IOERR|CANTOPEN|PROTOCOL)/;

export function isUnwritable(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && UNWRITABLE.test(code);
}

export interface DatabaseHealthLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface ResilientOptions {
  log: DatabaseHealthLog;
  /** Writes failing for this long make the service not ready (default 3 s). */
  unwritableAfterMs?: number;
  /** Probe and retry interval (default 1 s). */
  probeMs?: number;
  /** Most deferred writes kept (the oldest are dropped beyond it). */
  maxDeferred?: number;
  now?: () => number;
}

export interface ResilientStorage extends SqliteStorage {
  /** False once writes have failed for longer than the limit. */
  writable(): boolean;
  /** Writes waiting to be retried. */
  deferredCount(): number;
}

export function resilientStorage(inner: SqliteStorage, o: ResilientOptions): ResilientStorage {
  const now = o.now ?? Date.now;
  const limitMs = o.unwritableAfterMs ?? 3000;
  const maxDeferred = o.maxDeferred ?? 10_000;
  const deferred: Array<{ what: string; write: () => void }> = [];
  let failingSince: number | undefined;
  let lastError = '';
  let reported = false;

  const failed = (err: unknown) => {
    failingSince ??= now();
    lastError = err instanceof Error ? err.message : String(err);
  };
  const succeeded = () => {
    if (reported) o.log.info({ deferredWrites: deferred.length }, 'database writable again; ready');
    failingSince = undefined;
    reported = false;
  };
  const writable = () => {
    const down = failingSince !== undefined && now() - failingSince >= limitMs;
    if (down && !reported) {
      reported = true;
      o.log.warn(
        { file: inner.file, error: lastError, forMs: now() - failingSince! },
        'database cannot be written (locked by another process, disk full or read-only); /readyz answers 503 until it recovers',
      );
    }
    return !down;
  };

  const defer = (what: string, write: () => void) => {
    if (deferred.length >= maxDeferred) deferred.shift();
    deferred.push({ what, write });
  };

  /**
   * Runs a write the answer does not depend on; when the database cannot take it, retries it later.
   * While writes are known to fail it is not even tried: each try would hold the event loop for the
   * busy timeout. The probe finds out when the database is back, then replays the writes in order.
   */
  function bestEffort<R>(what: string, write: () => R, instead: () => R): R {
    if (failingSince !== undefined) {
      defer(what, write);
      return instead();
    }
    try {
      return write();
    } catch (err) {
      if (!isUnwritable(err)) throw err;
      failed(err);
      defer(what, write);
      return instead();
    }
  }

  function probe(): void {
    try {
      inner.probeWrite(new Date(now()));
      while (deferred.length) {
        deferred[0]!.write();
        deferred.shift();
      }
      succeeded();
    } catch (err) {
      if (!isUnwritable(err)) {
        // A deferred write that can never succeed (the row it needs is gone): drop it, keep the rest.
        deferred.shift();
        return;
      }
      failed(err);
    }
    writable();
  }
  const timer = setInterval(probe, o.probeMs ?? 1000);
  timer.unref();

  const overrides: Partial<ResilientStorage> = {
    writable,
    deferredCount: () => deferred.length,
    ensureChat(key: string, init?: { lang?: Lang }): ChatRecord {
      return bestEffort(
        'ensureChat',
        () => inner.ensureChat(key, init),
        () => inner.getChat(key) ?? { key, lang: init?.lang ?? null, langChosen: false, active: true, digest: false, createdAt: new Date(now()).toISOString() },
      );
    },
    recordQuestion(q: QuestionInput): number {
      // 0: no such question, so a 👍/👎 on it is not recorded (and says so).
      return bestEffort('recordQuestion', () => inner.recordQuestion(q), () => 0);
    },
    setChatLang(key: string, lang: Lang, chosen?: boolean): void {
      bestEffort('setChatLang', () => inner.setChatLang(key, lang, chosen), () => undefined);
    },
    setChatActive(key: string, active: boolean, reason?: string): void {
      bestEffort('setChatActive', () => inner.setChatActive(key, active, reason), () => undefined);
    },
    // The conversation context for follow-ups: without it the next question is read on its own.
    setContext(chat: string, context: ConversationContext): void {
      bestEffort('setContext', () => inner.setContext(chat, context), () => undefined);
    },
    clearContext(chat: string): void {
      bestEffort('clearContext', () => inner.clearContext(chat), () => undefined);
    },
    // The inbox's record: without it an event is still answered (no dedupe, no resume meanwhile).
    acceptInbound(key: InboxKey, payload: string, at: Date): boolean {
      return bestEffort('acceptInbound', () => inner.acceptInbound(key, payload, at), () => true);
    },
    updateInbound(key: InboxKey, state: Parameters<SqliteStorage['updateInbound']>[1], at: Date): void {
      bestEffort('updateInbound', () => inner.updateInbound(key, state, at), () => undefined);
    },
    finishInbound(key: InboxKey, outcome: string, at: Date): void {
      bestEffort('finishInbound', () => inner.finishInbound(key, outcome, at), () => undefined);
    },
    close(): void {
      clearInterval(timer);
      inner.close();
    },
  };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop in overrides) return overrides[prop as keyof ResilientStorage];
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as ResilientStorage;
}
