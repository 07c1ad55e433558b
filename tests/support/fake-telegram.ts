/**
 * A small fake Telegram Bot API server on 127.0.0.1 for channel tests. It answers
 * `POST /bot<token>/<method>` with JSON like the real one, records every call, long-polls
 * `getUpdates` on a queue the test pushes into, delivers updates to a registered webhook, and
 * checks what a real server would refuse: message length, HTML parse-mode markup and entities,
 * callback_data size, command names.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UserFromGetMe } from 'grammy/types';

export const FAKE_TOKEN = '123456789:AAFakeTokenForTestsOnly_abcdefghijklmno';

export const FAKE_BOT: UserFromGetMe = {
  id: 123456789,
  is_bot: true,
  first_name: 'ipbot',
  username: 'ipbot_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export interface RecordedCall {
  method: string;
  payload: Record<string, any>;
  /** Date.now() when the call arrived. */
  at: number;
}

export interface SentMessage {
  chatId: number;
  messageId: number;
  /** The HTML as sent. */
  html: string;
  /** The text a user sees (tags removed, entities decoded). */
  text: string;
  parseMode?: string;
  replyMarkup?: { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
  replyTo?: number;
}

interface Failure {
  method: string;
  chatId?: number;
  times: number;
  status: number;
  body: Record<string, unknown>;
}

type Waiter = { resolve: () => void };

/**
 * Misbehaviour on demand, checked before the normal answer:
 * - error: answer `status`/`body` (a 429 with retry_after, a 502…);
 * - hang: never answer (with `deliver`, after taking the message: the worst case for a retry);
 * - drop: close the connection without an answer (with `deliver`, after taking the message).
 * `when` limits it to a window (e.g. an outage on an injected clock); `times` to a number of calls.
 */
export interface Fault {
  method: string;
  chatId?: number;
  kind: 'error' | 'hang' | 'drop';
  status?: number;
  body?: Record<string, unknown>;
  deliver?: boolean;
  times?: number;
  when?: () => boolean;
}

const HTML_TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'blockquote', 'tg-spoiler', 'span', 'tg-emoji',
]);

/**
 * Parses Telegram's HTML parse mode as strictly as the server: only known tags, balanced; only
 * `&lt; &gt; &amp; &quot;` and numeric entities. Returns the visible text, or an error description.
 */
export function parseTelegramHtml(html: string): { text: string } | { error: string } {
  let text = '';
  const stack: string[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const close = html.indexOf('>', i);
      if (close < 0) return { error: `Bad Request: can't parse entities: unclosed start tag at byte offset ${i}` };
      const inner = html.slice(i + 1, close);
      const m = /^(\/?)([a-z-]+)(\s[^]*)?$/.exec(inner);
      if (!m || !HTML_TAGS.has(m[2]!)) {
        return { error: `Bad Request: can't parse entities: unsupported start tag "${inner.slice(0, 20)}" at byte offset ${i}` };
      }
      if (m[1]) {
        if (stack.pop() !== m[2]) return { error: `Bad Request: can't parse entities: unmatched end tag at byte offset ${i}` };
      } else {
        if (m[2] === 'a' && !/^\s+href="[^"<>]*"$/.test(m[3] ?? '')) {
          return { error: `Bad Request: can't parse entities: bad a tag at byte offset ${i}` };
        }
        stack.push(m[2]!);
      }
      i = close + 1;
      continue;
    }
    if (ch === '>') return { error: `Bad Request: can't parse entities: unexpected > at byte offset ${i}` };
    if (ch === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(html.slice(i, i + 12));
      if (!m) return { error: `Bad Request: can't parse entities: unsupported entity at byte offset ${i}` };
      const name = m[1]!.toLowerCase();
      text +=
        name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'amp' ? '&' : name === 'quot' ? '"'
          : String.fromCodePoint(name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10));
      i += m[0].length;
      continue;
    }
    text += ch;
    i += 1;
  }
  if (stack.length > 0) return { error: "Bad Request: can't parse entities: unclosed tag" };
  return { text };
}

export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  readonly sent: SentMessage[] = [];
  /** Files sent with sendDocument (multipart uploads), content as UTF-8 text. */
  readonly documents: Array<{ chatId: number; filename: string; content: string; caption?: string }> = [];
  webhook: { url: string; secret?: string } | undefined;
  private server!: Server;
  private port = 0;
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private queue: Array<Record<string, any>> = [];
  private pollers: Waiter[] = [];
  private listeners: Array<() => void> = [];
  private failures: Failure[] = [];
  private faults: Fault[] = [];
  private blocked = new Set<number>();
  private sentTimes: number[] = [];
  private rateLimit: { perSecond: number; retryAfter: number; now: () => number } | undefined;
  /** Added before every answer except getUpdates (a slow Bot API). */
  latencyMs = 0;

  private constructor(
    readonly token: string,
    readonly bot: UserFromGetMe,
  ) {}

  /** A Bot API for `bot` (getMe), reached with `token`. */
  static async start(token = FAKE_TOKEN, bot: UserFromGetMe = FAKE_BOT): Promise<FakeTelegram> {
    const fake = new FakeTelegram(token, bot);
    fake.server = createServer((req, res) => fake.route(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const poller of this.pollers.splice(0)) poller.resolve();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ------------------------------------------------------------ driving it

  /** Queues an update for getUpdates; gives it the next update_id, or `updateId` (a redelivery). */
  push(update: Record<string, any>, updateId?: number): number {
    const update_id = updateId ?? this.nextUpdateId++;
    this.queue.push({ update_id, ...update });
    for (const poller of this.pollers.splice(0)) poller.resolve();
    return update_id;
  }

  /** Posts an update to the registered webhook as Telegram would; returns the HTTP status. */
  async deliver(update: Record<string, any>, secret: string | null | undefined = this.webhook?.secret): Promise<number> {
    if (!this.webhook) throw new Error('fake-telegram: no webhook registered');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== null && secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
    const response = await fetch(this.webhook.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ update_id: this.nextUpdateId++, ...update }),
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** The next `times` calls of `method` (to `chatId`, if given) fail with this error. */
  fail(method: string, error: { error_code: number; description: string; retry_after?: number }, options: { times?: number; chatId?: number } = {}): void {
    const body: Record<string, unknown> = { ok: false, error_code: error.error_code, description: error.description };
    if (error.retry_after !== undefined) body.parameters = { retry_after: error.retry_after };
    this.failures.push({ method, chatId: options.chatId, times: options.times ?? 1, status: error.error_code, body });
  }

  /** Adds a fault (see `Fault`); returns it, so a test can end it (`times = 0`). */
  inject(fault: Fault): Fault {
    this.faults.push(fault);
    return fault;
  }

  /** Every `method` call fails with a 5xx (default 502 Bad Gateway) while `when()` holds. */
  outage(method: string, when: () => boolean, status = 502): Fault {
    return this.inject({ method, kind: 'error', status, body: { ok: false, error_code: status, description: status === 502 ? 'Bad Gateway' : 'Internal Server Error' }, when });
  }

  /** Like Telegram's bulk limit: more than `perSecond` sendMessage calls in a second get 429 retry_after. */
  limitRate(perSecond: number, retryAfter = 1, now: () => number = Date.now): void {
    this.rateLimit = { perSecond, retryAfter, now };
  }

  /** Every sendMessage to this chat answers 403 "bot was blocked by the user". */
  block(chatId: number): void {
    this.blocked.add(chatId);
  }

  unblock(chatId: number): void {
    this.blocked.delete(chatId);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  messagesTo(chatId: number): SentMessage[] {
    return this.sent.filter((m) => m.chatId === chatId);
  }

  /** Resolves once `predicate` holds (checked after every call); rejects after `timeoutMs`. */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = predicate();
        if (value) {
          clearTimeout(timer);
          this.listeners = this.listeners.filter((l) => l !== check);
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== check);
        reject(new Error(`fake-telegram: timed out waiting for ${what}; calls: ${this.calls.map((c) => c.method).join(', ')}`));
      }, timeoutMs);
      this.listeners.push(check);
      check();
    });
  }

  /** Waits for `count` messages to this chat in total. */
  waitForMessages(chatId: number, count: number, timeoutMs?: number): Promise<SentMessage[]> {
    return this.waitFor(() => {
      const messages = this.messagesTo(chatId);
      return messages.length >= count ? messages : undefined;
    }, timeoutMs, `${count} message(s) to chat ${chatId}`);
  }

  // ------------------------------------------------------------ serving

  private route(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
      if (!match) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const [, token, method] = match as unknown as [string, string, string];
      if (token !== this.token) return this.reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      let payload: Record<string, any> = {};
      const raw = Buffer.concat(chunks).toString('utf8');
      const type = req.headers['content-type'] ?? '';
      if (type.startsWith('multipart/form-data')) {
        // Files (sendDocument) come as multipart form data: fields and file parts.
        const fields = parseMultipart(Buffer.concat(chunks), type);
        if (!fields) return this.reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: bad multipart body' });
        this.calls.push({ method, payload: fields, at: Date.now() });
        void this.answer(method, fields, req, res).finally(() => this.notify());
        return;
      }
      if (raw) {
        try {
          payload = JSON.parse(raw);
        } catch {
          return this.reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
        }
      }
      this.calls.push({ method, payload, at: Date.now() });
      void this.answer(method, payload, req, res).finally(() => this.notify());
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  }

  private ok(res: ServerResponse, result: unknown): void {
    this.reply(res, 200, { ok: true, result });
  }

  private bad(res: ServerResponse, description: string): void {
    this.reply(res, 400, { ok: false, error_code: 400, description });
  }

  private async answer(method: string, payload: Record<string, any>, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chatId = typeof payload.chat_id === 'number' ? payload.chat_id : Number(payload.chat_id);
    if (this.latencyMs && method !== 'getUpdates') await new Promise((r) => setTimeout(r, this.latencyMs));
    const fault = this.faults.find(
      (f) => f.method === method && (f.times === undefined || f.times > 0) && (f.chatId === undefined || f.chatId === chatId) && (f.when?.() ?? true),
    );
    if (fault) {
      if (fault.times !== undefined) fault.times -= 1;
      if (fault.kind === 'error') return this.reply(res, fault.status ?? 500, fault.body ?? { ok: false, error_code: fault.status ?? 500, description: 'Internal Server Error' });
      if (fault.deliver && method === 'sendMessage') this.sendMessage(method, chatId, payload, discardResponse());
      if (fault.kind === 'drop') req.socket.destroy();
      // hang: never answer; close() ends the connection.
      return;
    }
    if (this.rateLimit && method === 'sendMessage') {
      const now = this.rateLimit.now();
      this.sentTimes = this.sentTimes.filter((t) => now - t < 1000);
      if (this.sentTimes.length >= this.rateLimit.perSecond) {
        const { retryAfter } = this.rateLimit;
        return this.reply(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } });
      }
      this.sentTimes.push(now);
    }
    const failure = this.failures.find((f) => f.method === method && f.times > 0 && (f.chatId === undefined || f.chatId === chatId));
    if (failure) {
      failure.times -= 1;
      return this.reply(res, failure.status, failure.body);
    }
    switch (method) {
      case 'getMe':
        return this.ok(res, this.bot);
      case 'getUpdates':
        return this.getUpdates(payload, req, res);
      case 'setWebhook':
        if (typeof payload.url !== 'string' || !payload.url) return this.bad(res, 'Bad Request: bad webhook: URL is empty');
        if (payload.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(payload.secret_token)) {
          return this.bad(res, 'Bad Request: secret token contains unallowed characters');
        }
        this.webhook = { url: payload.url, secret: payload.secret_token };
        return this.ok(res, true);
      case 'deleteWebhook':
        this.webhook = undefined;
        return this.ok(res, true);
      case 'getWebhookInfo':
        return this.ok(res, { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.queue.length });
      case 'setMyCommands': {
        const commands = payload.commands;
        if (!Array.isArray(commands)) return this.bad(res, 'Bad Request: commands must be an array');
        for (const c of commands) {
          if (!/^[a-z0-9_]{1,32}$/.test(c.command)) return this.bad(res, 'Bad Request: BOT_COMMAND_INVALID');
          if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
            return this.bad(res, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
          }
        }
        if (payload.language_code !== undefined && !/^[a-z]{2}$/.test(payload.language_code)) {
          return this.bad(res, 'Bad Request: LANG_CODE_INVALID');
        }
        return this.ok(res, true);
      }
      case 'sendMessage':
      case 'editMessageText':
        return this.sendMessage(method, chatId, payload, res);
      case 'sendDocument': {
        if (!Number.isFinite(chatId)) return this.bad(res, 'Bad Request: chat not found');
        // A file given by reference (attach://…) must have arrived as a part of the same request.
        const document = typeof payload.document === 'string' && payload.document.startsWith('attach://') ? payload[payload.document.slice(9)] : payload.document;
        if (!document || typeof document !== 'object' || !document.filename) return this.bad(res, 'Bad Request: there is no document in the request');
        this.documents.push({ chatId, filename: document.filename, content: document.content, caption: payload.caption });
        return this.ok(res, { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, document: { file_name: document.filename } });
      }
      default:
        // answerCallbackQuery, sendChatAction, deleteMyCommands…
        return this.ok(res, true);
    }
  }

  private getUpdates(payload: Record<string, any>, req: IncomingMessage, res: ServerResponse): void {
    if (this.webhook) {
      return this.reply(res, 409, {
        ok: false,
        error_code: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    }
    const offset = Number(payload.offset ?? 0);
    // Telegram forgets updates once a higher offset confirms them.
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    const limit = Math.min(Number(payload.limit ?? 100) || 100, 100);
    const respond = () => this.ok(res, this.queue.slice(0, limit));
    if (this.queue.length > 0) return respond();
    // Long poll: wait for a push, at most the requested timeout (capped so a test never hangs).
    const waitMs = Math.min(Number(payload.timeout ?? 0), 5) * 1000;
    if (waitMs === 0) return respond();
    const waiter: Waiter = {
      resolve: () => {
        clearTimeout(timer);
        respond();
      },
    };
    const timer = setTimeout(() => {
      this.pollers = this.pollers.filter((p) => p !== waiter);
      respond();
    }, waitMs);
    this.pollers.push(waiter);
    res.on('close', () => {
      clearTimeout(timer);
      this.pollers = this.pollers.filter((p) => p !== waiter);
    });
  }

  private sendMessage(method: string, chatId: number, payload: Record<string, any>, res: ServerResponse): void {
    if (!Number.isFinite(chatId)) return this.bad(res, 'Bad Request: chat not found');
    if (this.blocked.has(chatId)) {
      return this.reply(res, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    const html = String(payload.text ?? '');
    const labels = (payload.reply_markup?.inline_keyboard ?? []).flat().map((b: { text?: unknown }) => String(b.text ?? ''));
    // Half an emoji (a lone surrogate escaped in the JSON) is not UTF-8: Telegram refuses the message.
    if (![html, ...labels].every(isWellFormed)) return this.bad(res, 'Bad Request: strings must be encoded in UTF-8');
    let text = html;
    if (payload.parse_mode === 'HTML') {
      const parsed = parseTelegramHtml(html);
      if ('error' in parsed) return this.bad(res, parsed.error);
      text = parsed.text;
    }
    if (text.trim().length === 0) return this.bad(res, 'Bad Request: message text is empty');
    if (text.length > 4096) return this.bad(res, 'Bad Request: message is too long');
    const keyboard = payload.reply_markup?.inline_keyboard;
    if (keyboard !== undefined) {
      for (const button of keyboard.flat()) {
        const bytes = Buffer.byteLength(String(button.callback_data ?? ''), 'utf8');
        if (bytes < 1 || bytes > 64) return this.bad(res, 'Bad Request: BUTTON_DATA_INVALID');
      }
    }
    const messageId = method === 'editMessageText' ? Number(payload.message_id) : this.nextMessageId++;
    if (method === 'sendMessage') {
      this.sent.push({
        chatId,
        messageId,
        html,
        text,
        parseMode: payload.parse_mode,
        replyMarkup: payload.reply_markup,
        replyTo: payload.reply_parameters?.message_id,
      });
    }
    this.ok(res, {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId < 0 ? 'group' : 'private' },
      text,
    });
  }
}

// ------------------------------------------------------------ update builders

let nextIncomingMessageId = 1;

export interface UserSpec {
  id: number;
  language_code?: string;
  first_name?: string;
}

/** A private message; commands get their bot_command entity like real clients send. */
export function textUpdate(user: UserSpec, text: string, extra: { chat?: { id: number; type: string; title?: string }; reply_to_message?: any; entities?: any[] } = {}): Record<string, any> {
  const from = { id: user.id, is_bot: false, first_name: user.first_name ?? 'Test', ...(user.language_code ? { language_code: user.language_code } : {}) };
  const chat = extra.chat ?? { id: user.id, type: 'private', first_name: from.first_name };
  const entities = [...(extra.entities ?? [])];
  const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
  if (command) entities.unshift({ type: 'bot_command', offset: 0, length: command[0].length });
  return {
    message: {
      message_id: nextIncomingMessageId++,
      date: Math.floor(Date.now() / 1000),
      from,
      chat,
      text,
      ...(entities.length ? { entities } : {}),
      ...(extra.reply_to_message ? { reply_to_message: extra.reply_to_message } : {}),
    },
  };
}

/** A tap on an inline button under a message the bot sent to this user. */
export function callbackUpdate(user: UserSpec, data: string, chat: { id: number; type: string } = { id: user.id, type: 'private' }): Record<string, any> {
  const from = { id: user.id, is_bot: false, first_name: user.first_name ?? 'Test', ...(user.language_code ? { language_code: user.language_code } : {}) };
  return {
    callback_query: {
      id: `cq${nextIncomingMessageId++}`,
      from,
      chat_instance: 'ci',
      data,
      message: { message_id: nextIncomingMessageId++, date: Math.floor(Date.now() / 1000), chat, from: FAKE_BOT, text: '…' },
    },
  };
}

/** my_chat_member for a private chat: 'kicked' = the user blocked the bot, 'member' = unblocked. */
export function memberUpdate(user: UserSpec, status: 'kicked' | 'member'): Record<string, any> {
  const from = { id: user.id, is_bot: false, first_name: user.first_name ?? 'Test' };
  return {
    my_chat_member: {
      chat: { id: user.id, type: 'private', first_name: from.first_name },
      from,
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { user: FAKE_BOT, status: status === 'kicked' ? 'member' : 'kicked', ...(status === 'kicked' ? {} : { until_date: 0 }) },
      new_chat_member: { user: FAKE_BOT, status, ...(status === 'kicked' ? { until_date: 0 } : {}) },
    },
  };
}

/** A response nobody reads: a message taken by a call that will hang or drop. */
function discardResponse(): ServerResponse {
  return { writableEnded: false, writeHead() {}, end() {} } as unknown as ServerResponse;
}

/**
 * multipart/form-data as grammY sends it (parameters unquoted, e.g. `filename=a.ics`, which the
 * stricter WHATWG parser refuses while Telegram accepts it): text fields as strings, files as
 * `{ filename, content }` (UTF-8 text). Undefined when the body is not multipart at all.
 */
function parseMultipart(body: Buffer, contentType: string): Record<string, any> | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return undefined;
  const text = body.toString('latin1');
  const parts = text.split(`--${boundary[1] ?? boundary[2]}`).slice(1, -1);
  if (!parts.length) return undefined;
  const fields: Record<string, any> = {};
  for (const part of parts) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return undefined;
    const headers = part.slice(0, split);
    const value = Buffer.from(part.slice(split + 4).replace(/\r\n$/, ''), 'latin1').toString('utf8');
    const name = /name="?([^";\r\n]+)"?/i.exec(headers.replace(/filename=[^;\r\n]*/i, ''))?.[1];
    const filename = /filename="?([^";\r\n]+)"?/i.exec(headers)?.[1];
    if (!name) return undefined;
    fields[name] = filename ? { filename, content: value } : value;
  }
  return fields;
}

/** Encoding to UTF-8 replaces a lone surrogate, so only well-formed text survives the round trip. */
function isWellFormed(text: string): boolean {
  return Buffer.from(text, 'utf8').toString('utf8') === text;
}
