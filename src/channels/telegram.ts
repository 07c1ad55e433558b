/**
 * The Telegram channel: a thin grammY adapter. Updates become neutral `Incoming`s for the assistant;
 * its neutral replies become HTML messages with inline keyboards. No conversation logic lives here.
 *
 * Long polling by default (`bot.start()`: updates handled one at a time, in order); with a webhook,
 * `webhookHandler` is mounted on the one HTTP server, acknowledges at once and handles the update in
 * the background, one chat at a time.
 * Bot API reference: https://core.telegram.org/bots/api
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot, GrammyError, HttpError, InputFile } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Incoming } from '../core/assistant.js';
import { COMMAND_DESCRIPTIONS, UI, langFromLocale, noLocaleLang } from '../core/messages.js';
import type { ChannelSender, Clock, DeliveryOutcome, Storage } from '../core/ports.js';
import { systemClock } from '../core/ports.js';
import type { Reply } from '../core/reply.js';
import type { Lang } from '../core/types.js';
import { FloodLimiter } from './telegram/flood.js';
import { CHANNEL, chatIdOf, chatKey, membershipChange, routeUpdate, type Routed } from './telegram/incoming.js';
import { htmlToText, renderReply, type InlineKeyboardMarkup } from './telegram/render.js';

type LogFn = (obj: Record<string, unknown>, msg?: string) => void;
/** pino-like: (object, message). Chat keys are logged at debug level only (the privacy of the people asking). */
export interface ChannelLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export interface TelegramChannelOptions {
  token: string;
  /** Bot API server root; default https://api.telegram.org. */
  apiRoot?: string;
  /** Webhook mode when set; long polling otherwise. */
  webhook?: { url: string; secret: string };
  assistant: { handle(incoming: Incoming): Promise<Reply[]> };
  storage: Storage;
  logger: ChannelLogger;
  /** Skips getMe (tests). */
  botInfo?: UserFromGetMe;
  /** Messages (and button taps) one user may send per minute; default 20. */
  floodLimit?: { perMinute: number };
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
  /** Stops taking updates and waits for replies in flight. Leaves the webhook registered. */
  stop(): Promise<void>;
  /** Webhook mode only: a plain node:http handler for POST `webhookPath`. */
  webhookHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  webhookPath: string;
}

export const DEFAULT_WEBHOOK_PATH = '/telegram/webhook';
const DEFAULT_FLOOD_PER_MINUTE = 20;
const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;
// Updates are small; anything bigger is not from Telegram.
const MAX_WEBHOOK_BODY_BYTES = 1_000_000;
const SECRET_TOKEN_HEADER = 'x-telegram-bot-api-secret-token';
const SECRET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;
// A person is waiting: retry a rate-limited reply a few times, never for long (auto-retry's defaults are Infinity).
const INTERACTIVE_RETRY = { maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowHttpErrors: true } as const;

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

function isBlocked(err: unknown): err is GrammyError {
  return err instanceof GrammyError && err.error_code === 403;
}

/** Runs tasks one after another per key (a chat), concurrently across keys; remembers what is in flight. */
class PerChatQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();

  push(key: string, task: () => Promise<void>): void {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tracked = next.finally(() => {
      this.inFlight.delete(tracked);
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
    this.tails.set(key, next);
    this.inFlight.add(tracked);
  }

  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

export function createTelegramChannel(options: TelegramChannelOptions): TelegramChannel {
  const { token, assistant, storage, logger } = options;
  const clock = options.clock ?? systemClock;
  const scrub = tokenScrubber(token);
  const pollingTimeoutSeconds = options.pollingTimeoutSeconds ?? 30;
  const client = {
    ...(options.apiRoot ? { apiRoot: options.apiRoot.replace(/\/+$/, '') } : {}),
    // grammY waits 500 s for an answer by default; a hung request should not hold a reply that long.
    // Long polling needs its own wait plus a margin.
    timeoutSeconds: pollingTimeoutSeconds + 30,
  };
  if (options.webhook && !SECRET_TOKEN_PATTERN.test(options.webhook.secret)) {
    throw new Error('telegram: the webhook secret must be 1–256 characters of A–Z, a–z, 0–9, _ and -');
  }
  const webhookPath = options.webhook ? new URL(options.webhook.url).pathname || '/' : DEFAULT_WEBHOOK_PATH;

  // Interactive replies go through bot.api (bounded auto-retry). Reminders and broadcasts use a plain
  // Api: a 429 there is reported back to the outbox as 'retry' instead of holding the drainer.
  const bot = new Bot(token, { client, ...(options.botInfo ? { botInfo: options.botInfo } : {}) });
  bot.api.config.use(autoRetry(INTERACTIVE_RETRY));
  const plainApi = new Api(token, client);
  const flood = new FloodLimiter(options.floodLimit?.perMinute ?? DEFAULT_FLOOD_PER_MINUTE, clock);

  function langOf(chat: string, locale: string | undefined): Lang {
    return storage.getChat(chat)?.lang ?? langFromLocale(locale, noLocaleLang('telegram'));
  }

  function markBlocked(chat: string, err: GrammyError): void {
    try {
      storage.setChatActive(chat, false, err.description.slice(0, 200));
    } catch (storageErr) {
      logger.error(describeError(storageErr, scrub), 'telegram: could not mark chat inactive');
    }
    logger.info({ description: err.description }, 'telegram: chat blocked the bot; marked inactive');
  }

  /** Sends rendered replies in order; the keyboard rides on each reply's last part. */
  async function sendReplies(api: Api, chatId: number, replies: Reply[], replyTo?: number): Promise<void> {
    let quote = replyTo;
    for (const reply of replies) {
      const { parts, keyboard } = renderReply(reply);
      for (const [index, html] of parts.entries()) {
        const markup: InlineKeyboardMarkup | undefined = index === parts.length - 1 ? keyboard : undefined;
        const common = {
          // Answers carry their own citations; a preview card of a link would bury them.
          link_preview_options: { is_disabled: true },
          ...(markup ? { reply_markup: markup } : {}),
          ...(quote !== undefined ? { reply_parameters: { message_id: quote, allow_sending_without_reply: true } } : {}),
        };
        try {
          await api.sendMessage(chatId, html, { parse_mode: 'HTML', ...common });
        } catch (err) {
          if (!(err instanceof GrammyError && err.error_code === 400 && /can't parse entities/i.test(err.description))) throw err;
          // Everything is escaped, so this is a bug; the user still gets the words.
          logger.error(describeError(err, scrub), 'telegram: HTML refused; sent as plain text');
          await api.sendMessage(chatId, htmlToText(html), common);
        }
        quote = undefined;
      }
      if (reply.document) {
        await api.sendDocument(chatId, new InputFile(Buffer.from(reply.document.content, 'utf8'), reply.document.filename));
      }
    }
  }

  async function reply(routed: Routed, replies: Reply[]): Promise<void> {
    try {
      await sendReplies(bot.api, routed.chatId, replies, routed.replyToMessageId);
    } catch (err) {
      if (isBlocked(err)) markBlocked(routed.incoming.chat, err);
      else throw err;
    }
  }

  async function handleRouted(routed: Routed): Promise<void> {
    const { incoming } = routed;
    const verdict = flood.check(incoming.sender);
    if (verdict !== 'allow') {
      logger.info({ verdict }, 'telegram: flood limit reached');
      if (verdict === 'notice') {
        await reply(routed, [{ blocks: [{ type: 'text', text: UI[langOf(incoming.chat, incoming.locale)].floodNotice }] }]);
      }
      return;
    }
    // Typing indicator: best effort, never retried, never awaited by the reply.
    plainApi.sendChatAction(routed.chatId, 'typing').catch(() => undefined);
    const started = Date.now();
    let replies: Reply[];
    try {
      replies = await assistant.handle(incoming);
    } catch (err) {
      logger.error(describeError(err, scrub), 'telegram: assistant failed');
      replies = [{ blocks: [{ type: 'text', text: UI[langOf(incoming.chat, incoming.locale)].somethingWentWrong }] }];
    }
    await reply(routed, replies);
    logger.debug({ chat: incoming.chat, ms: Date.now() - started, replies: replies.length }, 'telegram: replied');
    syncCommandMenu(routed);
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
    // Telegram redelivers after a crash or an unanswered webhook: answer each update once.
    if (!storage.markInboundSeen(CHANNEL, String(update.update_id), clock.now())) {
      logger.debug({ update_id: update.update_id }, 'telegram: duplicate update ignored');
      return;
    }
    const query = update.callback_query;
    if (query) {
      // Always answer a tap, or the user's button spins until Telegram gives up.
      plainApi.answerCallbackQuery(query.id).catch((err) => {
        logger.warn(describeError(err, scrub), 'telegram: answerCallbackQuery failed');
      });
    }
    if (update.my_chat_member) return handleMembership(update);
    const me = bot.botInfo;
    const routed = routeUpdate(update, me);
    if (routed) await handleRouted(routed);
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
    plainApi
      .setMyCommands(COMMAND_DESCRIPTIONS[lang], { scope: { type: 'chat', chat_id: routed.chatId } })
      .catch((err: unknown) => {
        chatMenus.delete(routed.chatId);
        logger.warn({ lang, ...describeError(err, scrub) }, 'telegram: setMyCommands for a chat failed');
      });
  }

  // ---------------------------------------------------------------- running

  let polling: Promise<void> | undefined;
  const webhookQueue = new PerChatQueue();
  let accepting = false;

  async function start(): Promise<void> {
    try {
      await bot.init();
    } catch (err) {
      throw new Error(`telegram: getMe failed (check TELEGRAM_BOT_TOKEN / TELEGRAM_API_ROOT): ${JSON.stringify(describeError(err, scrub))}`);
    }
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
    let running = false;
    await new Promise<void>((resolve, reject) => {
      polling = bot
        .start({
          allowed_updates: [...ALLOWED_UPDATES],
          timeout: pollingTimeoutSeconds,
          onStart: () => {
            running = true;
            resolve();
          },
        })
        .catch((err: unknown) => {
          logger.error(describeError(err, scrub), 'telegram: polling stopped with an error');
          const failure = new Error(`telegram: polling failed: ${JSON.stringify(describeError(err, scrub))}`);
          if (running) options.onFailure?.(failure);
          else reject(failure);
        });
    });
    logger.info({ username: bot.botInfo.username }, 'telegram: long polling');
  }

  async function stop(): Promise<void> {
    accepting = false;
    if (polling) {
      // stop() confirms the offset with one last getUpdates; the loop then finishes its current batch.
      await bot.stop().catch((err: unknown) => logger.warn(describeError(err, scrub), 'telegram: stop failed'));
      await polling;
      polling = undefined;
    }
    await webhookQueue.drain();
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
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WEBHOOK_BODY_BYTES) {
        if (res.headersSent) return;
        // Destroying the socket before the answer is flushed would leave the caller a reset, not a 413.
        answer(413, 'too large', { connection: 'close' });
        res.on('finish', () => req.destroy());
        req.pause();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      if (res.headersSent) return;
      let update: Update;
      try {
        update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
        if (typeof update?.update_id !== 'number') throw new Error('no update_id');
      } catch {
        return answer(400, 'bad update');
      }
      // Acknowledge at once: a reply waiting out a 429 must not make Telegram redeliver.
      answer(200, 'ok');
      const key = String(update.message?.chat.id ?? update.callback_query?.message?.chat.id ?? update.my_chat_member?.chat.id ?? 'other');
      webhookQueue.push(key, async () => {
        try {
          await bot.handleUpdate(update);
        } catch (err) {
          const cause = err instanceof Error && 'error' in err ? (err as { error: unknown }).error : err;
          logger.error({ update_id: update.update_id, ...describeError(cause, scrub) }, 'telegram: update failed');
        }
      });
    });
  };

  // ---------------------------------------------------------------- proactive sending

  const sender: ChannelSender = {
    channel: CHANNEL,
    maxBatch: 1,
    async send(chats: string[], replies: Reply[]): Promise<DeliveryOutcome[]> {
      const outcomes: DeliveryOutcome[] = [];
      for (const chat of chats) {
        const chatId = chatIdOf(chat);
        if (chatId === undefined) {
          outcomes.push({ chat, status: 'failed', error: 'not a telegram chat key' });
          continue;
        }
        try {
          await sendReplies(plainApi, chatId, replies);
          outcomes.push({ chat, status: 'sent' });
        } catch (err) {
          if (isBlocked(err)) {
            markBlocked(chat, err);
            outcomes.push({ chat, status: 'blocked', error: err.description });
          } else if (err instanceof GrammyError && err.error_code === 429) {
            const seconds = err.parameters.retry_after ?? 1;
            outcomes.push({ chat, status: 'retry', retryAfterMs: seconds * 1000, error: err.description });
          } else {
            const described = describeError(err, scrub);
            logger.warn(described, 'telegram: send failed');
            outcomes.push({ chat, status: 'failed', error: String(described.description ?? described.error) });
          }
        }
      }
      return outcomes;
    },
  };

  return {
    sender,
    start,
    stop,
    webhookPath,
    ...(options.webhook ? { webhookHandler } : {}),
  };
}
