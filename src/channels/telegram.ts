/**
 * The Telegram channel: a thin grammY adapter. Updates become neutral `Incoming`s handed to the
 * inbox (src/channels/inbox.ts: dedupe, per-chat order, flood limit, retries, the outcome line); the
 * assistant's neutral replies become HTML messages with inline keyboards. No conversation logic
 * lives here.
 *
 * Long polling by default, through @grammyjs/runner: updates are fetched while others are handled,
 * chats run side by side and each chat's updates stay in order (the inbox's queue). With a webhook,
 * `webhookHandler` is mounted on the one HTTP server and acknowledges at once.
 * Every call to send has a timeout; a send that timed out may have been delivered, and Telegram has
 * no idempotency key, so it is reported as unconfirmed and never sent again.
 * Bot API reference: https://core.telegram.org/bots/api
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { autoRetry } from '@grammyjs/auto-retry';
import { run, type RunnerHandle } from '@grammyjs/runner';
import { Api, Bot, GrammyError, HttpError, InputFile } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Incoming } from '../core/assistant.js';
import { COMMAND_DESCRIPTIONS } from '../core/messages.js';
import type { ChannelSender, Clock, DeliveryOutcome, Storage } from '../core/ports.js';
import type { Reply } from '../core/reply.js';
import type { Lang } from '../core/types.js';
import { DEFAULT_STOP_GRACE_MS, Inbox, type HandledEvent, type InboxLogger, type InboxChannel, type ReplyProgress, type ReplyResult } from './inbox.js';
import { CHANNEL, chatIdOf, chatKey, membershipChange, routeUpdate, type Routed } from './telegram/incoming.js';
import { htmlToText, renderReply, type InlineKeyboardMarkup } from './telegram/render.js';
import { readRawBody } from './webhook-body.js';

/** pino-like: (object, message). Chat keys are logged at debug level only (the privacy of the people asking). */
export type { InboxLogger as ChannelLogger } from './inbox.js';

export interface TelegramChannelOptions {
  token: string;
  /** Bot API server root; default https://api.telegram.org. */
  apiRoot?: string;
  /** Webhook mode when set; long polling otherwise. */
  webhook?: { url: string; secret: string };
  assistant: { handle(incoming: Incoming): Promise<Reply[]> };
  storage: Storage;
  logger: InboxLogger;
  /** Skips getMe (tests). */
  botInfo?: UserFromGetMe;
  /** Messages (and button taps) one user may send per minute; default 20. Staff are exempt. */
  floodLimit?: { perMinute: number };
  /** Staff chat keys (ADMIN_IDS). */
  staff?: ReadonlySet<string>;
  /** Seconds a send may take before it counts as unconfirmed (default 12). */
  callTimeoutSeconds?: number;
  /** How long a failed reply keeps being retried (default 60 s). */
  replyRetryMs?: number;
  /** Longest wait for replies in flight at shutdown before they are left to the next start (default 2.5 s). */
  stopGraceMs?: number;
  onHandled?: (event: HandledEvent) => void;
  clock?: Clock;
  /** Long-polling wait in seconds (default 30; tests shorten it). */
  pollingTimeoutSeconds?: number;
  /**
   * Called when long polling stops on its own after it had started (token revoked, another
   * process polling the same bot): the bot is dead, so the service should not go on looking ready.
   */
  onFailure?: (error: Error) => void;
}

export interface TelegramChannel {
  sender: ChannelSender;
  /** Polling: resolves once polling runs. Webhook: registers the webhook (with its secret token). */
  start(): Promise<void>;
  /** Stops taking updates and waits (briefly) for replies in flight. Leaves the webhook registered. */
  stop(): Promise<void>;
  /** Resolves once no update is being handled. */
  idle(): Promise<void>;
  /** Webhook mode only: a plain node:http handler for POST `webhookPath`. */
  webhookHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  webhookPath: string;
}

export const DEFAULT_WEBHOOK_PATH = '/telegram/webhook';
export const DEFAULT_CALL_TIMEOUT_SECONDS = 12;
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
// Updates are small; anything bigger is not from Telegram.
const MAX_WEBHOOK_BODY_BYTES = 1_000_000;
const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';
const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;
// Start-up calls (getMe, setWebhook) wait out a platform hiccup a little; sends never do (the inbox and outbox retry).
const STARTUP_RETRY = { maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowHttpErrors: true } as const;
/** Telegram's answer when no language is known: "anything else → English". */
const FALLBACK_LANG: Lang = 'en';
/** Network errors where the request never reached Telegram, so sending again cannot duplicate. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** grammY's errors may carry request URLs, which contain the token: take out what we log. */
export function tokenScrubber(token: string): (text: string) => string {
  const tail = token.split(':')[1] ?? token;
  return (text) =>
    text
      .split(token)
      .join('[REDACTED]')
      .split(tail)
      .join('[REDACTED]')
      .replace(/bot\d+:[A-Za-z0-9_-]{20,}/g, 'bot[REDACTED]');
}

function describeError(err: unknown, scrub: (s: string) => string): Record<string, unknown> {
  if (err instanceof GrammyError) {
    return { method: err.method, code: err.error_code, description: scrub(err.description) };
  }
  if (err instanceof HttpError) {
    return { method: (err.message.match(/'(\w+)'/) ?? [])[1], error: scrub(`${err.message}: ${String(err.error)}`) };
  }
  if (err instanceof Error) return { error: scrub(`${err.name}: ${err.message}`) };
  return { error: scrub(String(err)) };
}

/**
 * What a failed send means for its message: refused for good, blocked, certainly not delivered
 * (retry: 429, 5xx, a connection that never opened) or unconfirmed (timed out or dropped after the
 * request went out: Telegram may have delivered it).
 */
export function classifyTelegramFailure(err: unknown, scrub: (s: string) => string): ReplyResult {
  const described = describeError(err, scrub);
  const error = described.code ? `${described.code} ${described.description}` : String(described.description ?? described.error);
  if (err instanceof GrammyError) {
    if (err.error_code === 403) return { status: 'blocked', error };
    if (err.error_code === 429) return { status: 'retry', rateLimited: true, retryAfterMs: (err.parameters.retry_after ?? 1) * 1000, error };
    if (err.error_code >= 500) return { status: 'retry', ...(err.parameters.retry_after ? { retryAfterMs: err.parameters.retry_after * 1000 } : {}), error };
    return { status: 'failed', error };
  }
  const cause = err instanceof HttpError ? err.error : err;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code && NOT_SENT_CODES.has(code)) return { status: 'retry', error };
  // A proxy's 502 page is not JSON: grammY reports it as an HttpError with the status in the message.
  if (err instanceof HttpError && /\((5\d\d):/.test(err.message)) return { status: 'retry', error };
  return { status: 'unconfirmed', error };
}

/** One Telegram message of a rendered reply: HTML text, or a file (an .ics calendar). */
type Part = { html: string; markup?: InlineKeyboardMarkup } | { document: { filename: string; content: string } };

/** The rendered messages of `replies`, in order; each reply's keyboard rides on its last text part, its file follows. */
function partsOf(replies: Reply[]): Part[] {
  return replies.flatMap((reply): Part[] => {
    const { parts, keyboard } = renderReply(reply);
    const texts: Part[] = parts.map((html, index) => ({ html, ...(index === parts.length - 1 && keyboard ? { markup: keyboard } : {}) }));
    return reply.document ? [...texts, { document: reply.document }] : texts;
  });
}

/** Where the inbox sends a reply on Telegram. */
interface TelegramTarget {
  chatId: number;
  /** In groups, the first message quotes the one it answers. */
  replyTo?: number;
}

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  const { token, assistant, storage, logger } = options;
  const scrub = tokenScrubber(token);
  const pollingTimeoutSeconds = options.pollingTimeoutSeconds ?? 30;
  const apiRoot = options.apiRoot ? { apiRoot: options.apiRoot.replace(/\/+$/, '') } : {};
  if (options.webhook && !SECRET_TOKEN_PATTERN.test(options.webhook.secret)) {
    throw new Error('telegram: the webhook secret must be 1–256 characters of A–Z, a–z, 0–9, _ and -');
  }
  const webhookPath = options.webhook ? new URL(options.webhook.url).pathname || '/' : DEFAULT_WEBHOOK_PATH;

  // bot.api: long polling (its own wait plus a margin) and start-up calls. sendApi: every message,
  // with a short timeout and no retries of its own (the inbox and the outbox decide what to retry).
  const bot = new Bot(token, { client: { ...apiRoot, timeoutSeconds: pollingTimeoutSeconds + 30 }, ...(options.botInfo ? { botInfo: options.botInfo } : {}) });
  bot.api.config.use(autoRetry(STARTUP_RETRY));
  // The runner retries a failing getUpdates on its own, silently (`silent: true` keeps its unscrubbed
  // console output away): say so here, once per failure, scrubbed.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (err) {
      if (method === 'getUpdates' && !signal?.aborted) logger.warn(describeError(err, scrub), 'telegram: fetching updates failed; retrying');
      throw err;
    }
  });
  const sendApi = new Api(token, { ...apiRoot, timeoutSeconds: options.callTimeoutSeconds ?? DEFAULT_CALL_TIMEOUT_SECONDS });

  /**
   * One text message. HTML that Telegram refuses is a bug (everything is escaped), but the user still
   * gets the words: sent again as plain text.
   */
  async function sendText(chatId: number, part: { html: string; markup?: InlineKeyboardMarkup }, replyTo: number | undefined): Promise<void> {
    const common = {
      // Answers carry their own citations; a preview card of a link would bury them.
      link_preview_options: { is_disabled: true },
      ...(part.markup ? { reply_markup: part.markup } : {}),
      ...(replyTo !== undefined ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
    };
    try {
      await sendApi.sendMessage(chatId, part.html, { parse_mode: 'HTML', ...common });
    } catch (err) {
      if (!(err instanceof GrammyError && err.error_code === 400 && /can't parse entities/i.test(err.description))) throw err;
      logger.error(describeError(err, scrub), 'telegram: HTML refused; sent as plain text');
      await sendApi.sendMessage(chatId, htmlToText(part.html), common);
    }
  }

  /** Sends parts from `progress.sent` on, counting each confirmed one. */
  async function sendParts(chatId: number, parts: Part[], progress: { sent: number }, replyTo?: number): Promise<ReplyResult> {
    for (let i = progress.sent; i < parts.length; i++) {
      const part = parts[i]!;
      try {
        if ('document' in part) {
          await sendApi.sendDocument(chatId, new InputFile(Buffer.from(part.document.content, 'utf8'), part.document.filename));
        } else {
          await sendText(chatId, part, i === 0 ? replyTo : undefined);
        }
      } catch (err) {
        return classifyTelegramFailure(err, scrub);
      }
      progress.sent = i + 1;
    }
    return { status: 'sent' };
  }

  const inboxChannel: InboxChannel<TelegramTarget> = {
    name: CHANNEL,
    idempotent: false,
    fallbackLang: FALLBACK_LANG,
    deliver: (target, replies, progress: ReplyProgress) => sendParts(target.chatId, partsOf(replies), progress, target.replyTo),
  };
  const inbox = new Inbox<TelegramTarget>({
    channel: inboxChannel,
    assistant,
    storage,
    logger,
    ...(options.staff ? { staff: options.staff } : {}),
    ...(options.floodLimit ? { floodPerMinute: options.floodLimit.perMinute } : {}),
    ...(options.replyRetryMs !== undefined ? { replyRetryMs: options.replyRetryMs } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onHandled ? { onHandled: options.onHandled } : {}),
  });

  /** Takes a message or a tap for the assistant: resolves once it is answered. */
  function receive(update: Update, routed: Routed): Promise<void> {
    const { accepted, done } = inbox.receive({
      id: String(update.update_id),
      incoming: routed.incoming,
      target: { chatId: routed.chatId, ...(routed.replyToMessageId !== undefined ? { replyTo: routed.replyToMessageId } : {}) },
    });
    if (!accepted) return done;
    // Typing indicator: best effort, never retried, never awaited by the reply.
    sendApi.sendChatAction(routed.chatId, 'typing').catch(() => undefined);
    return done.then(() => syncCommandMenu(routed));
  }

  async function handleMembership(update: Update): Promise<void> {
    const change = membershipChange(update);
    if (!change) return;
    const chat = chatKey(change.chatId);
    logger.info({ status: change.status, private: change.isPrivate }, 'telegram: membership changed');
    if (!change.active) {
      await assistant.handle({ channel: CHANNEL, chat, sender: chatKey(update.my_chat_member!.from.id), event: { type: 'unfollow' } });
      return;
    }
    // Unblocked (or added to a group): reminders may go there again. No message: Telegram shows
    // the user a Start button, and /start is the assistant's.
    storage.ensureChat(chat);
    storage.setChatActive(chat, true, `my_chat_member:${change.status}`);
  }

  async function handleUpdate(update: Update): Promise<void> {
    const query = update.callback_query;
    if (query) {
      // Always answer a tap, or the user's button spins until Telegram gives up.
      sendApi.answerCallbackQuery(query.id).catch((err) => {
        logger.warn(describeError(err, scrub), 'telegram: answerCallbackQuery failed');
      });
    }
    if (update.my_chat_member) return handleMembership(update);
    const routed = routeUpdate(update, bot.botInfo);
    if (routed) await receive(update, routed);
  }

  bot.on([...ALLOWED_UPDATES], async (ctx) => handleUpdate(ctx.update));
  // One failing update never stops polling.
  bot.catch((err) => {
    logger.error({ update_id: err.ctx.update.update_id, ...describeError(err.error, scrub) }, 'telegram: update failed');
  });

  // ---------------------------------------------------------------- commands menu

  /** Which of the registered menus a Telegram language_code sees (see registerCommands). */
  function menuLangFor(locale: string | undefined): Lang {
    return locale?.toLowerCase().startsWith('zh') ? 'zh-Hant' : 'en';
  }

  /**
   * setMyCommands takes two-letter ISO 639-1 codes only, so Chinese gets ONE list: 'zh' → Hong Kong
   * Traditional (the documents' own script and most of the audience); everyone else sees English.
   * Chats whose chosen language differs get a per-chat menu (syncCommandMenu).
   */
  async function registerCommands(): Promise<void> {
    const lists: Array<[Lang, 'zh' | undefined]> = [
      ['en', undefined],
      ['zh-Hant', 'zh'],
    ];
    for (const [lang, language_code] of lists) {
      try {
        await bot.api.setMyCommands(COMMAND_DESCRIPTIONS[lang], language_code ? { language_code } : undefined);
      } catch (err) {
        logger.warn({ lang, ...describeError(err, scrub) }, 'telegram: setMyCommands failed');
      }
    }
  }

  /** The menu language each private chat sees, where we set one for that chat (this process). */
  const chatMenus = new Map<number, Lang>();

  /**
   * The language-wide menus cannot tell Simplified from Traditional, so once a private chat's
   * language is known and differs from what its Telegram language shows, that chat gets its own
   * menu (scope 'chat'). One call per chat and change; best effort.
   */
  function syncCommandMenu(routed: Routed): void {
    if (!routed.isPrivate) return;
    const lang = storage.getChat(routed.incoming.chat)?.lang;
    if (!lang) return;
    const shown = chatMenus.get(routed.chatId) ?? menuLangFor(routed.incoming.locale);
    if (lang === shown) return;
    if (chatMenus.size > 50_000) chatMenus.clear();
    chatMenus.set(routed.chatId, lang);
    sendApi
      .setMyCommands(COMMAND_DESCRIPTIONS[lang], { scope: { type: 'chat', chat_id: routed.chatId } })
      .catch((err: unknown) => {
        chatMenus.delete(routed.chatId);
        logger.warn({ lang, ...describeError(err, scrub) }, 'telegram: setMyCommands for a chat failed');
      });
  }

  // ---------------------------------------------------------------- running

  let runner: RunnerHandle | undefined;
  let accepting = false;

  async function start(): Promise<void> {
    try {
      await bot.init();
    } catch (err) {
      throw new Error(`telegram: getMe failed (check TELEGRAM_BOT_TOKEN / TELEGRAM_API_ROOT): ${JSON.stringify(describeError(err, scrub))}`);
    }
    // Keyed by the bot's id, not its token: a new token for the same bot keeps the history.
    inbox.open(chatKey(bot.botInfo.id));
    await registerCommands();
    if (options.webhook) {
      await bot.api.setWebhook(options.webhook.url, {
        secret_token: options.webhook.secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      accepting = true;
      logger.info({ path: webhookPath, username: bot.botInfo.username }, 'telegram: webhook registered');
      return;
    }
    // getUpdates refuses to run while a webhook is registered.
    await bot.api.deleteWebhook();
    accepting = true;
    runner = run(bot, {
      runner: { fetch: { timeout: pollingTimeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] }, silent: true },
    });
    const task = runner.task();
    void task?.catch((err: unknown) => {
      logger.error(describeError(err, scrub), 'telegram: polling stopped with an error');
      if (accepting) options.onFailure?.(new Error(`telegram: polling failed: ${JSON.stringify(describeError(err, scrub))}`));
    });
    logger.info({ username: bot.botInfo.username }, 'telegram: long polling');
  }

  async function stop(): Promise<void> {
    accepting = false;
    const graceMs = options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS;
    if (runner?.isRunning()) {
      // Stops fetching at once; updates fetched but unanswered are in the inbox (resumed next start)
      // or are delivered again by Telegram (the offset was not confirmed) and recognised.
      void runner.stop().catch((err: unknown) => logger.warn(describeError(err, scrub), 'telegram: stop failed'));
    }
    runner = undefined;
    await inbox.stop(graceMs);
  }

  const webhookHandler = (req: IncomingMessage, res: ServerResponse): void => {
    const answer = (status: number, body: string, headers: Record<string, string> = {}) => {
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(body);
    };
    const presented = req.headers[SECRET_TOKEN_HEADER];
    const expected = Buffer.from(options.webhook!.secret);
    const given = Buffer.from(typeof presented === 'string' ? presented : '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      logger.warn({ path: webhookPath }, 'telegram: webhook call with a wrong or missing secret token');
      req.resume();
      answer(401, 'unauthorized');
      return;
    }
    if (req.method !== 'POST') return answer(405, 'method not allowed');
    if (!accepting) {
      // Telegram retries later; the next process start takes it.
      req.resume();
      return answer(503, 'stopping');
    }
    void readRawBody(req, MAX_WEBHOOK_BODY_BYTES).then((result) => {
      if (!result.ok) {
        if (result.reason === 'too-large') {
          // Closing the connection is what stops the rest of the body from being read.
          answer(413, 'too large', { connection: 'close' });
          res.on('finish', () => req.destroy());
        }
        return;
      }
      let update: Update;
      try {
        update = JSON.parse(result.body.toString('utf8')) as Update;
        if (typeof update?.update_id !== 'number') throw new Error('no update_id');
      } catch {
        return answer(400, 'bad update');
      }
      if (!accepting) return answer(503, 'stopping');
      // Acknowledge at once: a reply waiting out a 429 must not make Telegram redeliver.
      answer(200, 'ok');
      bot.handleUpdate(update).catch((err: unknown) => {
        const cause = err instanceof Error && 'error' in err ? (err as { error: unknown }).error : err;
        logger.error({ update_id: update.update_id, ...describeError(cause, scrub) }, 'telegram: update failed');
      });
    });
  };

  // ---------------------------------------------------------------- proactive sending

  const sender: ChannelSender = {
    channel: CHANNEL,
    maxBatch: 1,
    idempotent: false,
    fallbackLang: FALLBACK_LANG,
    async send(chats: string[], replies: Reply[]): Promise<DeliveryOutcome[]> {
      const parts = partsOf(replies);
      const outcomes: DeliveryOutcome[] = [];
      for (const chat of chats) {
        const chatId = chatIdOf(chat);
        if (chatId === undefined) {
          outcomes.push({ chat, status: 'failed', error: 'not a telegram chat key' });
          continue;
        }
        const result = await sendParts(chatId, parts, { sent: 0 });
        if (result.status !== 'sent' && !result.rateLimited) logger.warn({ status: result.status, error: result.error }, 'telegram: send failed');
        outcomes.push({ chat, ...result });
      }
      return outcomes;
    },
  };

  return {
    sender,
    start,
    stop,
    idle: () => inbox.idle(),
    webhookPath,
    ...(options.webhook ? { webhookHandler } : {}),
  };
}
