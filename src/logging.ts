/**
 * The service logger: pino, JSON lines on standard output (pretty only when LOG_PRETTY asks).
 *
 * Secrets are kept out twice over:
 *  - by path: fields named like a credential (`token`, `channelSecret`, `authorization`, signature
 *    headers…) are replaced wherever they sit in a logged object;
 *  - by value: pino's redaction does not look inside strings, and grammY's errors carry the bot
 *    token in the request URL (`/bot<TOKEN>/sendMessage`), so every finished line is scrubbed of
 *    the known secret values (raw, JSON-escaped and URL-encoded) just before it is written. Doing it
 *    on the finished line covers messages, `err.message`, `err.stack`, URLs and nested objects alike.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.js';

export type { Logger } from 'pino';

export const REDACTED = '[REDACTED]';

const SECRET_KEYS = [
  'token',
  'botToken',
  'secret',
  'secretToken',
  'webhookSecret',
  'channelSecret',
  'channelAccessToken',
  'accessToken',
  'password',
  'authorization',
  'Authorization',
  '["x-line-signature"]',
  '["x-telegram-bot-api-secret-token"]',
  '["X-Telegram-Bot-Api-Secret-Token"]',
];

/** Each key at the top level, one and two levels down, and in request/response headers. */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const dotted = key.startsWith('[') ? key : `.${key}`;
  return [
    key.startsWith('[') ? key.slice(2, -2) : key,
    `*${dotted}`,
    `*.*${dotted}`,
    `req.headers${dotted}`,
    `headers${dotted}`,
    `config.headers${dotted}`,
  ];
});

// Shorter values would scrub ordinary words; real tokens and secrets are far longer.
const MIN_SECRET_LENGTH = 6;

/** A function replacing every occurrence of the given secret values (in their usual encodings). */
export function secretScrubber(secrets: readonly string[]): (s: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  if (forms.size === 0) return (s) => s;
  // Longest first so a token is replaced whole before any part of it.
  const pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
    'g',
  );
  return (s) => s.replace(pattern, REDACTED);
}

export interface LoggerOptions {
  /** Where JSON lines go (default standard output). Tests pass a collecting stream. */
  destination?: DestinationStream;
}

export function createLogger(
  config: Pick<Config, 'logLevel' | 'logPretty'>,
  secrets: readonly string[] = [],
  options: LoggerOptions = {},
): Logger {
  const scrub = secretScrubber(secrets);
  const destination =
    options.destination ??
    (config.logPretty
      ? // In-process and synchronous (not a worker transport) so the last lines survive a quick exit.
        pretty({ sync: true, translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l', ignore: 'pid,hostname' })
      : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: config.logLevel,
      base: undefined,
      // Readable in `docker logs` without conversion; still sortable.
      timestamp: pino.stdTimeFunctions.isoTime,
      // `"level":"warn"` rather than 40 in JSON lines; pino-pretty wants the number.
      ...(config.logPretty && !options.destination ? {} : { formatters: { level: (label: string) => ({ level: label }) } }),
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: scrub },
    },
    destination,
  );
}

export interface HandledMessage {
  channel: string;
  /** Time from receiving the update to the last reply sent. */
  ms: number;
  /** False when the documents did not cover the question (or the handling failed). */
  answered: boolean;
  /** What kind of message it was: `question`, `command`, `action:…`, `follow`… */
  kind: string;
  /** How it ended: replied, retried (late, after a hiccup), unconfirmed, failed, blocked, flood, error, silent. */
  outcome?: string;
  /** The user's text: logged at debug level only (the privacy of the people asking). */
  text?: string;
  /** The chat key: debug level only, for the same reason. */
  chat?: string;
}

/** One line per handled message: channel, latency, answered or not — never the text at info level. */
export function logHandled(logger: Logger, handled: HandledMessage): void {
  const line = { channel: handled.channel, ms: Math.round(handled.ms), answered: handled.answered, kind: handled.kind, ...(handled.outcome ? { outcome: handled.outcome } : {}) };
  if (logger.isLevelEnabled('debug')) {
    logger.debug({ ...line, chat: handled.chat, text: handled.text }, 'handled message');
  } else {
    logger.info(line, 'handled message');
  }
}
