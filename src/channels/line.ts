/**
 * The LINE channel: a webhook handler for the one HTTP server, and a ChannelSender. It verifies,
 * translates LINE events into `Incoming`, calls the assistant and renders its replies. No domain
 * logic and no UI strings live here.
 * Webhook reference: https://developers.line.biz/en/reference/messaging-api/#webhooks
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPFetchError, messagingApi, validateSignature } from '@line/bot-sdk';
import type { Incoming } from '../core/assistant.js';
import type { ChannelSender, Storage } from '../core/ports.js';
import type { Reply } from '../core/reply.js';
import { parseWebhookBody, toIncoming, type LineEvent } from './line/events.js';
import { renderForLine, type LineTextMessage } from './line/render.js';
import { classifyFailure, createLineSender, pushOnce, retryKeyFor } from './line/sender.js';
import { readRawBody } from './line/webhook-body.js';
import { createRichMenuLinker } from './line/richmenu.js';

export const LINE_WEBHOOK_PATH = '/line/webhook';
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;
/** LINE promises a reply token for 1 minute after the webhook; nearer the end, push instead. */
const REPLY_TOKEN_TTL_MS = 50_000;
const PUSH_ATTEMPTS = 3;
/** 5–60 in steps of 5; the indicator ends anyway when the answer arrives. */
const LOADING_SECONDS = 20;
/** In-process retries must not hold up shutdown for long; the rest is logged as lost. */
const MAX_PUSH_RETRY_WAIT_MS = 10_000;

type LogFn = (obj: object, msg?: string) => void;
export interface LineLogger {
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  debug: LogFn;
}

export interface LineChannelOptions {
  channelSecret: string;
  channelAccessToken: string;
  /** Defaults to the official Messaging API; tests point it at a loopback fake. */
  apiBaseUrl?: string;
  assistant: { handle(incoming: Incoming): Promise<Reply[]> };
  storage: Storage;
  logger: LineLogger;
  now?: () => Date;
}

export interface LineChannel {
  sender: ChannelSender;
  webhookPath: typeof LINE_WEBHOOK_PATH;
  webhookHandler(req: IncomingMessage, res: ServerResponse): void;
  /** Refuses new webhooks (503, LINE redelivers them) and waits for events already accepted. */
  stop(): Promise<void>;
}

export function createLineChannel(options: LineChannelOptions): LineChannel {
  const { channelSecret, assistant, storage, logger } = options;
  const now = options.now ?? (() => new Date());
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    ...(options.apiBaseUrl ? { baseURL: options.apiBaseUrl } : {}),
  });
  const inFlight = new Set<Promise<void>>();
  const richMenus = createRichMenuLinker(client, (err) => logger.debug({ err: errorText(err) }, 'line: rich menu not linked'));
  // Events of one chat run in order (subscribe, then "my subscriptions"); chats run side by side.
  const chatQueues = new Map<string, Promise<void>>();
  let stopping = false;

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
    const receivedAt = now().getTime();
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
      logger.error({ err: errorText(err) }, 'line webhook: request failed');
      respond(res, 500, { error: 'internal error' });
    });
  }

  function dispatch(event: LineEvent, receivedAt: number): void {
    const eventId = event.webhookEventId;
    if (eventId) {
      let fresh = true;
      try {
        fresh = storage.markInboundSeen('line', eventId, now());
      } catch (err) {
        // Answering twice is better than not answering: go on without the dedupe.
        logger.error({ eventId, err: errorText(err) }, 'line webhook: could not record event id');
      }
      if (!fresh) {
        logger.info({ eventId, isRedelivery: event.isRedelivery }, 'line webhook: event already handled, skipped');
        return;
      }
    }
    if (event.isRedelivery) logger.info({ eventId, type: event.type }, 'line webhook: redelivered event');
    if (event.mode === 'standby') {
      logger.debug({ eventId, type: event.type }, 'line webhook: standby event, another channel answers');
      return;
    }
    const queueKey = event.chatId ?? '';
    const previous = chatQueues.get(queueKey) ?? Promise.resolve();
    const job = previous
      .then(() => processEvent(event, receivedAt))
      .catch((err: unknown) => logger.error({ eventId, type: event.type, err: errorText(err) }, 'line webhook: event failed'));
    chatQueues.set(queueKey, job);
    inFlight.add(job);
    void job.finally(() => {
      inFlight.delete(job);
      if (chatQueues.get(queueKey) === job) chatQueues.delete(queueKey);
    });
  }

  async function processEvent(event: LineEvent, receivedAt: number): Promise<void> {
    const locale = event.type === 'follow' && event.userId ? await profileLanguage(event.userId) : undefined;
    const incoming = toIncoming(event, locale);
    if (!incoming) {
      logger.debug({ eventId: event.webhookEventId, type: event.type }, 'line webhook: event not for the assistant');
      return;
    }
    const oneToOne = event.sourceType === 'user' && event.userId && incoming.event.type !== 'unfollow' ? event.userId : undefined;
    if (oneToOne) showLoading(oneToOne);
    const langBefore = oneToOne ? storage.getChat(incoming.chat)?.lang : undefined;
    const replies = await assistant.handle(incoming);
    const langAfter = oneToOne ? storage.getChat(incoming.chat)?.lang : undefined;
    if (oneToOne && langAfter && langAfter !== langBefore) richMenus.link(oneToOne, langAfter);
    // Nobody can be reached after an unfollow or leave.
    if (incoming.event.type === 'unfollow' || !event.chatId) return;
    await deliver(event, event.chatId, replies, receivedAt);
  }

  /**
   * The "…" LINE shows while an answer is made (one-to-one chats only; LINE ends it when our message
   * arrives). Never awaited and never retried: the answer must not wait for it or fail with it.
   * https://developers.line.biz/en/reference/messaging-api/#display-a-loading-indicator
   */
  function showLoading(userId: string): void {
    client.showLoadingAnimation({ chatId: userId, loadingSeconds: LOADING_SECONDS }).catch((err: unknown) => {
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
      logger.debug({ err: errorText(err) }, 'line: profile unavailable, default language used');
      return undefined;
    }
  }

  async function deliver(event: LineEvent, to: string, replies: Reply[], receivedAt: number): Promise<void> {
    const { calls, droppedButtons } = renderForLine(replies);
    if (droppedButtons > 0) logger.warn({ droppedButtons }, 'line: buttons beyond LINE quick-reply limits left out');
    if (calls.length === 0) return;
    let next = 0;
    const tokenFresh = now().getTime() - receivedAt < REPLY_TOKEN_TTL_MS;
    if (event.replyToken && tokenFresh) {
      try {
        // https://developers.line.biz/en/reference/messaging-api/#send-reply-message
        await client.replyMessage({ replyToken: event.replyToken, messages: calls[0]! });
        next = 1;
      } catch (err) {
        const status = err instanceof HTTPFetchError ? err.status : undefined;
        logger.warn({ eventId: event.webhookEventId, status }, 'line: reply failed (token expired or used?), pushing instead');
      }
    }
    // Keys derived from the event id: a repeated push of the same answer is dropped by LINE.
    const baseKey = event.webhookEventId ?? randomUUID();
    for (let i = next; i < calls.length; i++) {
      await pushWithRetry(to, calls[i]!, retryKeyFor(baseKey, 'answer', String(i)), event.webhookEventId);
    }
  }

  async function pushWithRetry(to: string, messages: LineTextMessage[], retryKey: string, eventId?: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await pushOnce(client, to, messages, retryKey);
        return;
      } catch (err) {
        const failure = classifyFailure(err, 'push');
        if (failure.status !== 'retry' || attempt >= PUSH_ATTEMPTS) {
          logger.error({ eventId, status: failure.status, error: failure.error }, 'line: push failed, answer not delivered');
          return;
        }
        await sleep(Math.min(failure.retryAfterMs ?? 0, MAX_PUSH_RETRY_WAIT_MS));
      }
    }
  }

  return {
    sender: createLineSender(client),
    webhookPath: LINE_WEBHOOK_PATH,
    webhookHandler,
    async stop() {
      stopping = true;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
