/**
 * The LINE channel: a webhook handler for the one HTTP server, and a ChannelSender. It verifies the
 * signature, translates LINE events into `Incoming` and hands them to the inbox (src/channels/inbox.ts:
 * dedupe, per-chat order, flood limit, error reply, retries, the outcome line); it renders the
 * replies. No domain logic and no UI strings live here.
 *
 * Every call has a timeout. A reply uses the event's reply token; when it fails it is retried — with
 * the same token while an earlier attempt may have used it (LINE refuses a spent token, which then
 * means it was delivered), otherwise by push with an `X-Line-Retry-Key` derived from the event, so
 * a repeat is never delivered twice.
 * Webhook reference: https://developers.line.biz/en/reference/messaging-api/#webhooks
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPFetchError, messagingApi, validateSignature } from '@line/bot-sdk';
import type { Incoming } from '../core/assistant.js';
import type { ChannelSender, Clock, Storage } from '../core/ports.js';
import { systemClock } from '../core/ports.js';
import type { Reply } from '../core/reply.js';
import { DEFAULT_STOP_GRACE_MS, Inbox, type HandledEvent, type InboxChannel, type InboxLogger, type ReplyProgress, type ReplyResult } from './inbox.js';
import { parseWebhookBody, toIncoming, type LineEvent } from './line/events.js';
import { renderForLine } from './line/render.js';
import { createRichMenuLinker } from './line/richmenu.js';
import { classifyFailure, createLineSender, LINE_FALLBACK_LANG, pushOnce, retryKeyFor, timedClient, type LineClient } from './line/sender.js';
import { readRawBody } from './webhook-body.js';

export const LINE_WEBHOOK_PATH = '/line/webhook';
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
export const DEFAULT_CALL_TIMEOUT_MS = 12_000;
/** LINE promises a reply token for 1 minute after the webhook; nearer the end, push instead. */
const REPLY_TOKEN_TTL_MS = 50_000;
/** 5–60 in steps of 5; the indicator ends anyway when the answer arrives. */
const LOADING_SECONDS = 20;

export type LineLogger = InboxLogger;

export interface LineChannelOptions {
  channelSecret: string;
  channelAccessToken: string;
  /** Defaults to the official Messaging API; tests point it at a loopback fake. */
  apiBaseUrl?: string;
  assistant: { handle(incoming: Incoming): Promise<Reply[]> };
  storage: Storage;
  logger: LineLogger;
  /** Staff chat keys (ADMIN_IDS): exempt from the flood limit. */
  staff?: ReadonlySet<string>;
  /** Messages one user may send per minute; default 20. */
  floodLimit?: { perMinute: number };
  /** How long one API call may take (default 12 s). */
  callTimeoutMs?: number;
  /** How long a failed reply keeps being retried (default 60 s). */
  replyRetryMs?: number;
  /** Longest wait for replies in flight at shutdown before they are left to the next start (default 2.5 s). */
  stopGraceMs?: number;
  onHandled?: (event: HandledEvent) => void;
  clock?: Clock;
}

export interface LineChannel {
  sender: ChannelSender;
  webhookPath: typeof LINE_WEBHOOK_PATH;
  webhookHandler(req: IncomingMessage, res: ServerResponse): void;
  /** Learns the bot's id (resuming what a previous run left unanswered); never fails the start. */
  start(): Promise<void>;
  /** Refuses new webhooks (503, LINE redelivers them) and waits for events already accepted. */
  stop(): Promise<void>;
}

/** Where the inbox sends a reply on LINE. */
interface LineTarget {
  to: string;
  replyToken?: string;
  receivedAt: number;
  /** Retry keys of the push fallback derive from it. */
  eventId: string;
  /** A push was tried (it may have arrived): no more replies by token for this event. */
  pushed?: boolean;
  /** A reply by token timed out or dropped: a 400 for the same token now means it was delivered. */
  replyUnconfirmed?: boolean;
}

export function createLineChannel(options: LineChannelOptions): LineChannel {
  const { channelSecret, storage, logger } = options;
  const clock = options.clock ?? systemClock;
  const raw = new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    ...(options.apiBaseUrl ? { baseURL: options.apiBaseUrl } : {}),
  });
  const client: LineClient = timedClient(raw, options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS);
  // Best effort, never awaited by an answer: the loading indicator and rich menu links.
  const richMenus = createRichMenuLinker(raw, (err) => logger.debug({ err: errorText(err) }, 'line: rich menu not linked'));
  let stopping = false;

  const inboxChannel: InboxChannel<LineTarget> = {
    name: 'line',
    idempotent: true,
    fallbackLang: LINE_FALLBACK_LANG,
    deliver,
    enrich: async (incoming) => {
      // Welcome a new friend in their app's language, when the profile tells it.
      if (incoming.event.type !== 'follow' || incoming.locale || !incoming.sender.startsWith('line:U')) return incoming;
      const locale = await profileLanguage(incoming.sender.slice('line:'.length));
      return locale ? { ...incoming, locale } : incoming;
    },
  };
  const inbox = new Inbox<LineTarget>({
    channel: inboxChannel,
    assistant: { handle },
    storage: options.storage,
    logger,
    ...(options.staff ? { staff: options.staff } : {}),
    ...(options.floodLimit ? { floodPerMinute: options.floodLimit.perMinute } : {}),
    ...(options.replyRetryMs !== undefined ? { replyRetryMs: options.replyRetryMs } : {}),
    clock,
    ...(options.onHandled ? { onHandled: options.onHandled } : {}),
  });

  function webhookHandler(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') {
      respond(res, 405, { error: 'method not allowed' }, { allow: 'POST' });
      req.resume();
      return;
    }
    if (stopping) {
      respond(res, 503, { error: 'shutting down' });
      req.resume();
      return;
    }
    const receivedAt = clock.now().getTime();
    void readRawBody(req, MAX_WEBHOOK_BODY_BYTES).then((result) => {
      if (!result.ok) {
        if (result.reason === 'too-large') {
          logger.warn({ limitBytes: MAX_WEBHOOK_BODY_BYTES }, 'line webhook: body too large, refused');
          // Closing the connection is what stops the rest of the body from being read.
          respond(res, 413, { error: 'payload too large' }, { connection: 'close' });
          res.on('finish', () => req.destroy());
        }
        return;
      }
      const signature = req.headers['x-line-signature'];
      if (typeof signature !== 'string' || signature === '' || !validateSignature(result.body, channelSecret, signature)) {
        logger.warn({ signature: typeof signature === 'string' && signature !== '' ? 'wrong' : 'missing' }, 'line webhook: signature check failed');
        respond(res, 401, { error: 'bad signature' });
        return;
      }
      const events = parseWebhookBody(result.body);
      if (!events) {
        logger.warn({ bytes: result.body.length }, 'line webhook: signed body is not a webhook payload');
        respond(res, 400, { error: 'malformed body' });
        return;
      }
      if (stopping) {
        // stop() may already have returned: nothing new may start. LINE redelivers after a 503.
        respond(res, 503, { error: 'shutting down' });
        return;
      }
      // LINE waits only a few seconds: acknowledge now, work afterwards.
      respond(res, 200, {});
      for (const event of events) dispatch(event, receivedAt);
    }).catch((err: unknown) => {
      logger.error({ error: errorText(err) }, 'line webhook: request failed');
      respond(res, 500, { error: 'internal error' });
    });
  }

  function dispatch(event: LineEvent, receivedAt: number): void {
    if (!inbox.isOpen) inbox.open(event.destination ? `line:${event.destination}` : 'line');
    if (event.isRedelivery) logger.info({ eventId: event.webhookEventId, type: event.type }, 'line webhook: redelivered event');
    if (event.mode === 'standby') {
      logger.debug({ eventId: event.webhookEventId, type: event.type }, 'line webhook: standby event, another channel answers');
      return;
    }
    const incoming = toIncoming(event);
    if (!incoming || !event.chatId) {
      logger.debug({ eventId: event.webhookEventId, type: event.type }, 'line webhook: event not for the assistant');
      return;
    }
    // Hand-made payloads (LINE's own always carry one) get an id from their reply token or arrival.
    const eventId = event.webhookEventId ?? event.replyToken ?? `${receivedAt}:${Math.random()}`;
    const { accepted } = inbox.receive({
      id: eventId,
      incoming,
      target: { to: event.chatId, ...(event.replyToken ? { replyToken: event.replyToken } : {}), receivedAt, eventId },
    });
    if (!accepted && !stopping) logger.info({ eventId, isRedelivery: event.isRedelivery }, 'line webhook: event already handled, skipped');
  }

  /**
   * The assistant as this channel uses it: in a one-to-one chat the loading indicator shows while
   * the answer is made, and a change of language links the user to that language's rich menu.
   */
  async function handle(incoming: Incoming): Promise<Reply[]> {
    const userId = incoming.chat === incoming.sender && incoming.chat.startsWith('line:U') && incoming.event.type !== 'unfollow'
      ? incoming.chat.slice('line:'.length)
      : undefined;
    if (!userId) return options.assistant.handle(incoming);
    showLoading(userId);
    const langBefore = storage.getChat(incoming.chat)?.lang;
    const replies = await options.assistant.handle(incoming);
    const langAfter = storage.getChat(incoming.chat)?.lang;
    if (langAfter && langAfter !== langBefore) richMenus.link(userId, langAfter);
    return replies;
  }

  /**
   * The "…" LINE shows while an answer is made (one-to-one chats only; LINE ends it when our message
   * arrives). Never awaited and never retried: the answer must not wait for it or fail with it.
   * https://developers.line.biz/en/reference/messaging-api/#display-a-loading-indicator
   */
  function showLoading(userId: string): void {
    raw.showLoadingAnimation({ chatId: userId, loadingSeconds: LOADING_SECONDS }).catch((err: unknown) => {
      logger.debug({ err: errorText(err) }, 'line: loading indicator not shown');
    });
  }

  /** The profile's language (BCP 47, e.g. `zh-Hant`), when the user shares it. */
  async function profileLanguage(userId: string): Promise<string | undefined> {
    try {
      // https://developers.line.biz/en/reference/messaging-api/#get-profile
      const profile = await client.getProfile(userId);
      return profile.language || undefined;
    } catch (err) {
      logger.debug({ error: errorText(err) }, 'line: profile unavailable, default language used');
      return undefined;
    }
  }

  /**
   * Sends calls from `progress.sent` on: the first by reply token while it is fresh and no push was
   * tried for it, the rest by push. Once a push was tried (and may have arrived), the message is
   * only ever sent again by push with the same retry key.
   */
  async function deliver(target: LineTarget, replies: Reply[], progress: ReplyProgress): Promise<ReplyResult> {
    const { calls, droppedButtons } = renderForLine(replies);
    if (droppedButtons > 0 && progress.attempt === 1) logger.warn({ droppedButtons }, 'line: buttons beyond LINE quick-reply limits left out');
    for (let i = progress.sent; i < calls.length; i++) {
      const messages = calls[i]!;
      const tokenFresh = clock.now().getTime() - target.receivedAt < REPLY_TOKEN_TTL_MS;
      let delivered = false;
      if (i === 0 && target.replyToken && tokenFresh && !target.pushed) {
        try {
          // https://developers.line.biz/en/reference/messaging-api/#send-reply-message
          await client.replyMessage({ replyToken: target.replyToken, messages });
          delivered = true;
        } catch (err) {
          const status = err instanceof HTTPFetchError ? err.status : undefined;
          if (status === 400 && (target.replyUnconfirmed || progress.resumed)) {
            // The token was spent by an earlier attempt whose answer never came back: it was delivered.
            delivered = true;
          } else if (status === undefined) {
            // Timed out or dropped: it may have been delivered. The same token, tried again, will tell.
            target.replyUnconfirmed = true;
            return { status: 'unconfirmed', error: `line reply: ${errorText(err)}` };
          } else {
            logger.warn({ eventId: target.eventId, status }, 'line: reply failed (token expired, used or refused); pushing instead');
          }
        }
      }
      if (!delivered) {
        target.pushed = true;
        try {
          // Keys derived from the event id: a repeated push of the same answer is dropped by LINE.
          await pushOnce(client, target.to, messages, retryKeyFor(target.eventId, 'answer', String(i)));
        } catch (err) {
          return classifyFailure(err, 'push');
        }
      }
      progress.sent = i + 1;
    }
    return { status: 'sent' };
  }

  return {
    sender: createLineSender(client),
    webhookPath: LINE_WEBHOOK_PATH,
    webhookHandler,
    async start() {
      try {
        // https://developers.line.biz/en/reference/messaging-api/#get-bot-info
        const info = await client.getBotInfo();
        inbox.open(`line:${info.userId}`);
      } catch (err) {
        // The first webhook names the bot (its `destination`); unfinished replies resume then.
        logger.warn({ error: errorText(err) }, 'line: bot info unavailable; the inbox opens with the first webhook');
      }
    },
    async stop() {
      stopping = true;
      await inbox.stop(options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
    },
  };
}

function respond(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

function errorText(err: unknown): string {
  if (err instanceof HTTPFetchError) return `HTTP ${err.status} ${err.body.slice(0, 200)}`;
  return err instanceof Error ? err.message : String(err);
}
