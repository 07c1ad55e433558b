/**
 * Environment → typed, validated configuration. The only reader of environment variables for the
 * service (`npm start`, `ipbot reminders tick`, `ipbot stats`). A bad value stops the start with ONE
 * line naming the variable and what it expects; a secret's value is never echoed in that line.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { PACKAGE_KNOWLEDGE_DIR } from './knowledge/paths.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface TelegramConfig {
  token: string;
  /** Bot API server root (a self-hosted Bot API server, or a fake one in tests). */
  apiRoot: string;
  /** Set when TELEGRAM_WEBHOOK_URL is set; long polling otherwise. */
  webhook?: {
    url: string;
    /** Sent by Telegram in `X-Telegram-Bot-Api-Secret-Token`. */
    secret: string;
    /** True when TELEGRAM_WEBHOOK_SECRET was unset and a random one was made for this run. */
    secretGenerated: boolean;
  };
}

export interface LineConfig {
  channelSecret: string;
  channelAccessToken: string;
  /** Messaging API base URL (a fake one in tests). */
  apiBaseUrl: string;
  /**
   * Where images are uploaded (rich menus): LINE's api-data.line.me, or LINE_API_BASE_URL itself
   * when that points elsewhere (a proxy or a fake serves both).
   */
  dataApiBaseUrl: string;
}

export interface Config {
  telegram?: TelegramConfig;
  line?: LineConfig;
  port: number;
  /** Interface the HTTP server listens on; undefined = all interfaces. */
  host?: string;
  dataDir: string;
  /** `DATA_DIR/ipbot.db`. */
  databaseFile: string;
  knowledgeDir: string;
  eventsFile: string;
  /** Staff chat keys, `telegram:123`, `line:Uabc`. */
  adminIds: string[];
  logLevel: LogLevel;
  logPretty: boolean;
  /** Broadcast messages per second on Telegram (its documented bulk limit is about 30/s). */
  broadcastTelegramRate: number;
  /** Broadcast API calls per second on LINE (each a multicast to up to 500 users). */
  broadcastLineRate: number;
  /** How late a reminder missed during downtime may still go out. */
  reminderGraceMs: number;
  /** How long one platform API call may take before it counts as timed out (unconfirmed). */
  callTimeoutMs: number;
  /** How long a reply that failed on a transient error keeps being retried. */
  replyRetryMs: number;
  /** How long a broadcast keeps retrying what it could not deliver. */
  broadcastDeadlineMs: number;
  /** SQLite busy timeout: how long a write waits for another process's lock before failing. */
  dbBusyTimeoutMs: number;
  /** Where this server is reached from outside (no trailing slash): calendar links use it. */
  publicUrl?: string;
  /** The chat that receives hand-offs ("Ask staff"), `telegram:-100…` or `line:C…`; off when unset. */
  staffChat?: string;
}

/** A missing or malformed variable. `message` is one line, fit to print as is. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly variable: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';
export const DEFAULT_LINE_API_BASE_URL = 'https://api.line.me';
export const DEFAULT_LINE_DATA_API_BASE_URL = 'https://api-data.line.me';
export const DEFAULT_PORT = 8080;
export const DEFAULT_BROADCAST_TELEGRAM_RATE = 25;
export const DEFAULT_BROADCAST_LINE_RATE = 10;
export const DEFAULT_REMINDER_GRACE_HOURS = 6;
export const DEFAULT_PLATFORM_TIMEOUT_SECONDS = 12;
export const DEFAULT_REPLY_RETRY_SECONDS = 60;
export const DEFAULT_BROADCAST_DEADLINE_HOURS = 24;
/**
 * Short on purpose: a write that cannot get the lock fails fast and is retried off the hot path
 * (storage/resilient.ts), instead of freezing every chat behind it.
 */
export const DEFAULT_DB_BUSY_TIMEOUT_MS = 250;

export { PACKAGE_KNOWLEDGE_DIR };

export type Env = Record<string, string | undefined>;

export interface LoadConfigOptions {
  /**
   * A `.env` file to read (values already in `env` win). Default: `ENV_FILE` from `env`, else `.env`
   * in the working directory when `env` is `process.env` (and only if it exists). A file named
   * explicitly must exist.
   */
  envFile?: string;
  /** Working directory for relative paths (default `process.cwd()`). */
  cwd?: string;
}

// ---------------------------------------------------------------- value schemas

const portSchema = z.coerce.number().int().min(0).max(65535);
const positiveNumber = z.coerce.number().positive().finite();
// At least an hour: a minute tick may run seconds late, and the Monday digest shares this window.
const graceHours = z.coerce.number().min(1).max(24 * 30);
const httpUrl = z.url({ protocol: /^https?$/ });
const telegramToken = z.string().regex(/^\d+:[A-Za-z0-9_-]+$/);
// Telegram allows 1–256 characters A–Z, a–z, 0–9, _ and - in secret_token.
const telegramSecret = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/);
const boolSchema = z
  .string()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off']))
  .transform((s) => ['1', 'true', 'yes', 'on'].includes(s));
/** One Telegram or LINE chat. */
const chatId = z.string().regex(/^(telegram:-?\d+|line:[A-Za-z0-9]+)$/);
// cli:local is the terminal (`ipbot chat`), so staff can practise their commands there.
const adminId = z.union([chatId, z.literal('cli:local')]);
// Links are built by appending paths, so a query or fragment would end up in the middle of them.
const publicUrlSchema = httpUrl.refine((u) => !/[?#]/.test(u));

/** Secrets are described, never echoed, in error lines. */
const SECRET_VARIABLES = new Set([
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'LINE_CHANNEL_SECRET',
  'LINE_CHANNEL_ACCESS_TOKEN',
]);

function shown(name: string, raw: string): string {
  return SECRET_VARIABLES.has(name) ? `a value of ${raw.length} characters` : JSON.stringify(raw);
}

class Reader {
  constructor(private readonly env: Env) {}

  /** The trimmed value, or undefined when unset or blank (a copied `.env.example` line `FOO=`). */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  parse<T>(name: string, schema: z.ZodType<T>, expects: string): T | undefined {
    const raw = this.raw(name);
    if (raw === undefined) return undefined;
    const result = schema.safeParse(raw);
    if (!result.success) throw new ConfigError(`${name} must be ${expects}, got ${shown(name, raw)}`, name);
    return result.data;
  }
}

// ---------------------------------------------------------------- loading

export function loadConfig(env: Env = process.env, options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const merged = { ...readEnvFile(env, options, cwd), ...env };
  const read = new Reader(merged);
  const path = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));

  const port = read.parse('PORT', portSchema, 'a port number') ?? DEFAULT_PORT;
  const host = read.raw('HOST');
  const dataDir = path(read.raw('DATA_DIR') ?? './data');
  const knowledgeDir = path(read.raw('KNOWLEDGE_DIR') ?? PACKAGE_KNOWLEDGE_DIR);
  const eventsFile = path(read.raw('EVENTS_FILE') ?? join(knowledgeDir, 'events.yaml'));

  const adminIds = (read.raw('ADMIN_IDS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of adminIds) {
    if (!adminId.safeParse(id).success) {
      throw new ConfigError(
        `ADMIN_IDS must be a comma-separated list of channel:id (telegram:<number>, line:<userId> or cli:local), got ${JSON.stringify(id)}`,
        'ADMIN_IDS',
      );
    }
  }

  const logLevel = read.parse('LOG_LEVEL', z.enum(LOG_LEVELS), `one of ${LOG_LEVELS.join(', ')}`) ?? 'info';
  const logPretty = read.parse('LOG_PRETTY', boolSchema, 'on or off (true/false, 1/0, yes/no)') ?? false;
  const broadcastTelegramRate =
    read.parse('BROADCAST_TELEGRAM_RATE', positiveNumber, 'a positive number of messages per second') ??
    DEFAULT_BROADCAST_TELEGRAM_RATE;
  const broadcastLineRate =
    read.parse('BROADCAST_LINE_RATE', positiveNumber, 'a positive number of API calls per second') ?? DEFAULT_BROADCAST_LINE_RATE;
  const reminderGraceHours =
    read.parse('REMINDER_GRACE_HOURS', graceHours, 'a number of hours from 1 to 720') ?? DEFAULT_REMINDER_GRACE_HOURS;
  const platformTimeoutSeconds =
    read.parse('PLATFORM_TIMEOUT_SECONDS', z.coerce.number().min(0.1).max(120), 'a number of seconds from 0.1 to 120') ??
    DEFAULT_PLATFORM_TIMEOUT_SECONDS;
  const replyRetrySeconds =
    read.parse('REPLY_RETRY_SECONDS', z.coerce.number().min(0).max(600), 'a number of seconds from 0 to 600') ?? DEFAULT_REPLY_RETRY_SECONDS;
  const broadcastDeadlineHours =
    read.parse('BROADCAST_DEADLINE_HOURS', z.coerce.number().min(0.001).max(24 * 14), 'a number of hours from 0.001 to 336') ??
    DEFAULT_BROADCAST_DEADLINE_HOURS;
  const dbBusyTimeoutMs =
    read.parse('DB_BUSY_TIMEOUT_MS', z.coerce.number().int().min(0).max(60_000), 'a whole number of milliseconds from 0 to 60000') ??
    DEFAULT_DB_BUSY_TIMEOUT_MS;

  const publicUrl = read.parse('PUBLIC_URL', publicUrlSchema, 'an http(s) URL without query or fragment, e.g. https://bot.example.org');
  const staffChat = read.parse('STAFF_CHAT', chatId, 'one chat as channel:id (telegram:<number>, e.g. a group telegram:-100123, or line:<id>)');

  const telegram = telegramConfig(read);
  const line = lineConfig(read);
  // Hand-offs would wait forever for a channel that cannot send.
  if (staffChat?.startsWith('telegram:') && !telegram) {
    throw new ConfigError('STAFF_CHAT is a Telegram chat but TELEGRAM_BOT_TOKEN is not set; set it or use a line: chat', 'STAFF_CHAT');
  }
  if (staffChat?.startsWith('line:') && !line) {
    throw new ConfigError('STAFF_CHAT is a LINE chat but LINE is not configured (LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN); set them or use a telegram: chat', 'STAFF_CHAT');
  }

  return {
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
    ...(staffChat ? { staffChat } : {}),
    telegram,
    line,
    port,
    ...(host ? { host } : {}),
    dataDir,
    databaseFile: join(dataDir, 'ipbot.db'),
    knowledgeDir,
    eventsFile,
    adminIds,
    logLevel,
    logPretty,
    broadcastTelegramRate,
    broadcastLineRate,
    reminderGraceMs: Math.round(reminderGraceHours * 3_600_000),
    callTimeoutMs: Math.round(platformTimeoutSeconds * 1000),
    replyRetryMs: Math.round(replyRetrySeconds * 1000),
    broadcastDeadlineMs: Math.round(broadcastDeadlineHours * 3_600_000),
    dbBusyTimeoutMs,
  };
}

/** Paths of the one HTTP server that a Telegram webhook URL cannot take. */
const RESERVED_PATHS = ['/healthz', '/readyz', '/line/webhook'];

function telegramConfig(read: Reader): TelegramConfig | undefined {
  const token = read.parse('TELEGRAM_BOT_TOKEN', telegramToken, 'a bot token from @BotFather (<digits>:<letters>)');
  const apiRoot = read.parse('TELEGRAM_API_ROOT', httpUrl, 'an http(s) URL') ?? DEFAULT_TELEGRAM_API_ROOT;
  const webhookUrl = read.parse('TELEGRAM_WEBHOOK_URL', httpUrl, 'an http(s) URL');
  const secret = read.parse(
    'TELEGRAM_WEBHOOK_SECRET',
    telegramSecret,
    '1–256 characters from A–Z, a–z, 0–9, _ and -',
  );
  if (!token) {
    if (webhookUrl) throw new ConfigError('TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not; set both', 'TELEGRAM_BOT_TOKEN');
    return undefined;
  }
  // The webhook is served on its URL's path on the one HTTP server: two webhooks on one path would
  // send one platform's updates to the other's handler, and health probes would hit the webhook.
  const webhookPath = webhookUrl ? new URL(webhookUrl).pathname : undefined;
  if (webhookPath && RESERVED_PATHS.includes(webhookPath)) {
    throw new ConfigError(
      `TELEGRAM_WEBHOOK_URL must not use the path ${webhookPath} (taken by ${RESERVED_PATHS.join(', ')}); e.g. https://bot.example.org/telegram/webhook`,
      'TELEGRAM_WEBHOOK_URL',
    );
  }
  return {
    token,
    apiRoot: apiRoot.replace(/\/+$/, ''),
    ...(webhookUrl
      ? {
          webhook: {
            url: webhookUrl,
            secret: secret ?? randomBytes(32).toString('hex'),
            secretGenerated: secret === undefined,
          },
        }
      : {}),
  };
}

function lineConfig(read: Reader): LineConfig | undefined {
  const channelSecret = read.raw('LINE_CHANNEL_SECRET');
  const channelAccessToken = read.raw('LINE_CHANNEL_ACCESS_TOKEN');
  const apiBaseUrl = read.parse('LINE_API_BASE_URL', httpUrl, 'an http(s) URL') ?? DEFAULT_LINE_API_BASE_URL;
  if (!channelSecret && !channelAccessToken) return undefined;
  if (!channelSecret) {
    throw new ConfigError(
      'LINE_CHANNEL_SECRET must be set when LINE_CHANNEL_ACCESS_TOKEN is (LINE needs both; set both or neither)',
      'LINE_CHANNEL_SECRET',
    );
  }
  if (!channelAccessToken) {
    throw new ConfigError(
      'LINE_CHANNEL_ACCESS_TOKEN must be set when LINE_CHANNEL_SECRET is (LINE needs both; set both or neither)',
      'LINE_CHANNEL_ACCESS_TOKEN',
    );
  }
  const base = apiBaseUrl.replace(/\/+$/, '');
  return { channelSecret, channelAccessToken, apiBaseUrl: base, dataApiBaseUrl: base === DEFAULT_LINE_API_BASE_URL ? DEFAULT_LINE_DATA_API_BASE_URL : base };
}

function readEnvFile(env: Env, options: LoadConfigOptions, cwd: string): Env {
  const named = options.envFile ?? env.ENV_FILE?.trim();
  if (named) {
    const file = isAbsolute(named) ? named : resolve(cwd, named);
    if (!existsSync(file)) throw new ConfigError(`ENV_FILE must name an existing file, got ${JSON.stringify(named)}`, 'ENV_FILE');
    return parseEnvFile(file);
  }
  // Only the real process environment picks up ./.env implicitly, so tests passing their own env stay hermetic.
  const implicit = resolve(cwd, '.env');
  return env === process.env && existsSync(implicit) ? parseEnvFile(implicit) : {};
}

function parseEnvFile(file: string): Env {
  try {
    return parseEnv(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`ENV_FILE ${file} could not be read: ${(err as Error).message}`, 'ENV_FILE');
  }
}

/** Every secret value in the configuration, for the logger to scrub from any string. */
export function configSecrets(config: Config): string[] {
  const secrets: string[] = [];
  if (config.telegram) {
    secrets.push(config.telegram.token);
    // The part after the colon is the secret itself; some messages may show it alone.
    const tail = config.telegram.token.split(':')[1];
    if (tail) secrets.push(tail);
    if (config.telegram.webhook) secrets.push(config.telegram.webhook.secret);
  }
  if (config.line) secrets.push(config.line.channelSecret, config.line.channelAccessToken);
  return secrets;
}

/** Channels whose credentials are set. */
export function configuredChannels(config: Config): Array<'telegram' | 'line'> {
  return [...(config.telegram ? (['telegram'] as const) : []), ...(config.line ? (['line'] as const) : [])];
}
