/**
 * Proactive sending on LINE (reminders, broadcasts, the reply-token fallback): push for one chat,
 * multicast for up to 500 users. Every call carries an `X-Line-Retry-Key`, so calling again with the
 * same key after a timeout or a 429 does not deliver twice — LINE answers 409 for a key it already
 * accepted, which counts as sent.
 * https://developers.line.biz/en/reference/messaging-api/#send-push-message
 * https://developers.line.biz/en/reference/messaging-api/#send-multicast-message
 * https://developers.line.biz/en/docs/messaging-api/retrying-api-request/
 */
import { createHash } from 'node:crypto';
import { HTTPFetchError, type messagingApi } from '@line/bot-sdk';
import type { ChannelSender, DeliveryOutcome, DeliveryStatus } from '../../core/ports.js';
import type { Reply } from '../../core/reply.js';
import type { Lang } from '../../core/types.js';
import { renderForLine, type LineTextMessage } from './render.js';

/**
 * Reply language for someone whose profile tells none: LINE withholds the profile language from many
 * users, whose audience here is mostly Hong Kong and Taiwan, so Hong Kong Traditional.
 */
export const LINE_FALLBACK_LANG: Lang = 'zh-Hant';
/** LINE multicast takes 1–500 user ids per call. */
export const MULTICAST_MAX = 500;
/** LINE rarely sends Retry-After; its rate limits are per second, so a few seconds is enough. */
export const DEFAULT_RETRY_AFTER_MS = 5_000;
/** A 429 for the monthly message quota will not clear in seconds. */
const QUOTA_RETRY_AFTER_MS = 60 * 60_000;

export type LineClient = Pick<messagingApi.MessagingApiClient, 'pushMessage' | 'multicast' | 'replyMessage' | 'getProfile' | 'getBotInfo'>;

/** The call took longer than the channel allows; it may still arrive (every send carries a retry key). */
export class LineTimeoutError extends Error {
  constructor(call: string, ms: number) {
    super(`${call} timed out after ${ms} ms`);
    this.name = 'LineTimeoutError';
  }
}

/**
 * The SDK has no timeout of its own (it calls fetch without a signal): each call is raced against
 * one. The abandoned request finishes or fails on its own; its retry key makes a repeat harmless.
 */
export function timedClient(client: LineClient, timeoutMs: number): LineClient {
  const timed =
    <A extends unknown[], R>(call: string, fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new LineTimeoutError(call, timeoutMs)), timeoutMs);
      });
      return Promise.race([fn.apply(client, args), timeout]).finally(() => clearTimeout(timer));
    };
  return {
    pushMessage: timed('push', client.pushMessage),
    multicast: timed('multicast', client.multicast),
    replyMessage: timed('reply', client.replyMessage),
    getProfile: timed('profile', client.getProfile),
    getBotInfo: timed('bot info', client.getBotInfo),
  } as LineClient;
}

export interface CallFailure {
  status: Exclude<DeliveryStatus, 'sent'>;
  retryAfterMs?: number;
  rateLimited?: boolean;
  error: string;
}

/** How a failed LINE call affects its recipients. Error texts carry LINE's message, never our token. */
export function classifyFailure(err: unknown, call: string): CallFailure {
  if (err instanceof HTTPFetchError) {
    const error = `line ${call}: HTTP ${err.status} ${lineMessage(err.body)}`.trim();
    if (err.status === 429) {
      const quota = /monthly limit/i.test(err.body);
      return { status: 'retry', rateLimited: true, retryAfterMs: quota ? QUOTA_RETRY_AFTER_MS : retryAfterMs(err.headers), error };
    }
    if (err.status >= 500) {
      const after = err.headers?.get('retry-after') ? retryAfterMs(err.headers) : undefined;
      return { status: 'retry', ...(after !== undefined ? { retryAfterMs: after } : {}), error };
    }
    // 404: no such user, or one who is not (any longer) a friend of the account.
    if (err.status === 404) return { status: 'blocked', error };
    // 400/401/403: a bad request, token or plan — not the user's doing, so they stay active.
    return { status: 'failed', error };
  }
  // Network failure or timeout: the key makes a later attempt safe.
  const message = err instanceof Error ? err.message : String(err);
  return { status: 'retry', error: `line ${call}: ${message}` };
}

export function isDuplicateRetryKey(err: unknown): boolean {
  return err instanceof HTTPFetchError && err.status === 409;
}

function retryAfterMs(headers: Headers | undefined): number {
  const value = headers?.get('retry-after');
  if (value) {
    const seconds = Number(value);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
    const date = Date.parse(value);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  return DEFAULT_RETRY_AFTER_MS;
}

function lineMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message.slice(0, 200);
  } catch {
    // not JSON: fall through
  }
  return body.slice(0, 200);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * LINE wants a UUID per call. One logical send may take several calls (more than 5 messages, more
 * than 500 users), so each call's key is derived from the caller's key and the call's identity:
 * the same logical send retried gives the same keys.
 */
export function retryKeyFor(baseKey: string, ...parts: string[]): string {
  const hash = createHash('sha256').update([baseKey, ...parts].join('\u0000')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5 (name-based)
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** One push call; 409 (key already accepted) counts as success. Throws other failures. */
export async function pushOnce(client: LineClient, to: string, messages: LineTextMessage[], retryKey: string): Promise<void> {
  try {
    await client.pushMessage({ to, messages }, retryKey);
  } catch (err) {
    if (!isDuplicateRetryKey(err)) throw err;
  }
}

async function multicastOnce(client: LineClient, to: string[], messages: LineTextMessage[], retryKey: string): Promise<void> {
  try {
    await client.multicast({ to, messages }, retryKey);
  } catch (err) {
    if (!isDuplicateRetryKey(err)) throw err;
  }
}

export function createLineSender(client: LineClient): ChannelSender {
  return {
    channel: 'line',
    maxBatch: MULTICAST_MAX,
    // Every call carries an X-Line-Retry-Key: sending again never delivers twice.
    idempotent: true,
    fallbackLang: LINE_FALLBACK_LANG,
    async send(chats: string[], replies: Reply[], options: { retryKey: string }): Promise<DeliveryOutcome[]> {
      const { calls } = renderForLine(replies);
      const outcomes = new Map<string, DeliveryOutcome>();
      const ids = new Map<string, string>(); // LINE id → chat key
      for (const chat of chats) {
        const id = chat.startsWith('line:') ? chat.slice('line:'.length) : '';
        if (!id) outcomes.set(chat, { chat, status: 'failed', error: `line sender: not a LINE chat key: ${chat}` });
        else if (calls.length === 0) outcomes.set(chat, { chat, status: 'failed', error: 'line sender: nothing to send' });
        else ids.set(id, chat);
      }
      const keyFor = (target: string, callIndex: number) =>
        single ? options.retryKey : retryKeyFor(options.retryKey, target, String(callIndex));
      const record = (id: string, failure?: CallFailure) => {
        const chat = ids.get(id)!;
        outcomes.set(chat, failure ? { chat, ...failure } : { chat, status: 'sent' });
      };

      const pushTo = async (id: string) => {
        try {
          for (const [i, messages] of calls.entries()) await pushOnce(client, id, messages, keyFor(id, i));
          record(id);
        } catch (err) {
          record(id, classifyFailure(err, 'push'));
        }
      };

      // Multicast reaches users only; groups and rooms (ids C…/R…) need a push each.
      const users = [...ids.keys()].filter((id) => id.startsWith('U'));
      const others = [...ids.keys()].filter((id) => !id.startsWith('U'));
      // The caller's key goes to LINE unchanged when this send is a single API call.
      const apiCalls = calls.length * (Math.ceil(users.length / MULTICAST_MAX) + others.length);
      const single = apiCalls === 1 && UUID.test(options.retryKey);
      for (let start = 0; start < users.length; start += MULTICAST_MAX) {
        const group = users.slice(start, start + MULTICAST_MAX);
        if (group.length === 1) {
          await pushTo(group[0]!);
          continue;
        }
        const target = `multicast:${[...group].sort().join(',')}`;
        let sentCalls = 0;
        try {
          for (const [i, messages] of calls.entries()) {
            await multicastOnce(client, group, messages, keyFor(target, i));
            sentCalls++;
          }
          for (const id of group) record(id);
        } catch (err) {
          const failure = classifyFailure(err, 'multicast');
          if (failure.status === 'failed' && sentCalls === 0) {
            // One bad id fails the whole multicast; one push each finds out who it was.
            for (const id of group) await pushTo(id);
          } else {
            for (const id of group) record(id, failure);
          }
        }
      }
      for (const id of others) await pushTo(id);
      return chats.map((chat) => outcomes.get(chat)!);
    },
  };
}
