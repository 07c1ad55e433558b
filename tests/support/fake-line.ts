/**
 * A small fake of the LINE Messaging API on 127.0.0.1, enough for the LINE channel: reply, push,
 * multicast and profile. It enforces the limits LINE enforces (so a test fails when the adapter
 * breaks one), records every call with the headers that matter, and can be told to misbehave.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeLineEndpoint = 'reply' | 'push' | 'multicast' | 'profile' | 'loading' | 'botInfo' | 'richmenu' | 'other';

export interface FakeLineCall {
  endpoint: FakeLineEndpoint;
  method: string;
  path: string;
  authorization?: string;
  retryKey?: string;
  /** For a reply: the chat its token came from (see `replyTokenOwners`). */
  replyTo?: string;
  /** Parsed JSON body (POST). */
  body: any;
  /** Raw bytes and content type (rich menu image uploads). */
  bytes?: Buffer;
  contentType?: string;
  /** The HTTP status the fake answered. */
  status: number;
}

export interface FakeMessage {
  type: string;
  text: string;
  quickReply?: { items: Array<{ type: string; action: { type: string; label: string; data: string; displayText?: string } }> };
}

export interface ScriptedFailure {
  status: number;
  retryAfter?: string;
  message?: string;
}

/**
 * Misbehaviour on demand for reply, push or multicast: an error status (a 500, a 429) while `when()`
 * holds or for `times` calls; a hang (never answers) or a drop (closes the connection), with
 * `deliver` after taking the messages, as a platform that accepted a call whose answer was lost.
 */
export interface LineFault {
  endpoint: 'reply' | 'push' | 'multicast';
  kind: 'error' | 'hang' | 'drop';
  status?: number;
  retryAfter?: string;
  deliver?: boolean;
  times?: number;
  when?: () => boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class FakeLine {
  readonly calls: FakeLineCall[] = [];
  /** Limit breaches the adapter committed; a correct adapter leaves this empty. */
  readonly violations: string[] = [];
  /** userId → profile; a user not here gets 404 (as for one who has not added the account). */
  readonly profiles = new Map<string, { displayName: string; language?: string }>();
  /** Reply tokens LINE will refuse (expired). Used tokens are refused anyway. */
  readonly rejectedReplyTokens = new Set<string>();
  /** Users LINE will refuse to push to (404: not a friend). */
  readonly unknownUsers = new Set<string>();
  private readonly usedReplyTokens = new Set<string>();
  private readonly acceptedRetryKeys = new Set<string>();
  private readonly scripted = new Map<string, ScriptedFailure[]>();
  private readonly faults: LineFault[] = [];
  /** What GET /v2/bot/info answers. */
  readonly botInfo = { userId: 'Ubot0000000000000000000000000000', basicId: '@123abcde', displayName: 'ipbot', chatMode: 'bot', markAsReadMode: 'auto' };
  /** The loading indicator answers after this long (a slow LINE must not hold up answers). */
  loadingDelayMs = 0;
  /** Rich menus on the account: definition and uploaded image. */
  readonly richMenus = new Map<string, { definition: any; image?: Buffer }>();
  defaultRichMenu: string | undefined;
  /** userId → rich menu linked to that user. */
  readonly richMenuOfUser = new Map<string, string>();
  private nextRichMenu = 1;
  private server?: Server;
  url = '';
  /** The bot's own user id (GET /v2/bot/info, and a webhook's `destination`). */
  get botUserId(): string {
    return this.botInfo.userId;
  }

  constructor(readonly accessToken: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next call(s) to this endpoint fail with the given status, in order. */
  failNext(endpoint: 'reply' | 'push' | 'multicast' | 'loading', ...failures: ScriptedFailure[]): void {
    this.scripted.set(endpoint, [...(this.scripted.get(endpoint) ?? []), ...failures]);
  }

  inject(fault: LineFault): LineFault {
    this.faults.push(fault);
    return fault;
  }

  callsTo(endpoint: FakeLineCall['endpoint']): FakeLineCall[] {
    return this.calls.filter((c) => c.endpoint === endpoint);
  }

  /** Messages LINE accepted for delivery to a chat id (user, group or room), in order. */
  delivered(to: string): FakeMessage[] {
    return this.calls
      .filter((c) => c.status === 200 && (c.endpoint === 'reply' || c.endpoint === 'push' || c.endpoint === 'multicast'))
      .filter((c) =>
        c.endpoint === 'reply'
          ? c.replyTo === to
          : c.endpoint === 'push'
            ? c.body.to === to
            : Array.isArray(c.body.to) && c.body.to.includes(to),
      )
      .flatMap((c) => c.body.messages as FakeMessage[]);
  }

  /** Which chat a reply token belongs to, so `delivered` can attribute replies. */
  readonly replyTokenOwners = new Map<string, string>();

  /** Polls (no fixed sleeps) until the condition holds; fails with a description after `timeoutMs`. */
  async waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`fake-line: timed out waiting for ${what}; calls: ${JSON.stringify(this.calls.map((c) => [c.endpoint, c.status]))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    let body: any = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const retryKey = header(req, 'x-line-retry-key');
    const call: FakeLineCall = {
      endpoint: endpointOf(req.method ?? 'GET', path),
      method: req.method ?? 'GET',
      path,
      authorization: header(req, 'authorization'),
      retryKey,
      body,
      bytes,
      contentType: header(req, 'content-type'),
      status: 0,
    };
    this.calls.push(call);
    const send = (status: number, payload: object, headers: Record<string, string> = {}) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };

    if (call.authorization !== `Bearer ${this.accessToken}`) return send(401, { message: 'Authentication failed' });
    if (call.endpoint === 'other') return send(404, { message: 'Not found' });
    if (call.endpoint === 'profile') {
      const userId = decodeURIComponent(path.slice('/v2/bot/profile/'.length));
      const profile = this.profiles.get(userId);
      return profile ? send(200, { userId, ...profile }) : send(404, { message: 'Not found' });
    }

    const fault = this.faults.find((f) => f.endpoint === call.endpoint && (f.times === undefined || f.times > 0) && (f.when?.() ?? true));
    if (fault) {
      if (fault.times !== undefined) fault.times -= 1;
      if (fault.kind === 'error') {
        const status = fault.status ?? 500;
        return send(status, { message: `injected ${status}` }, fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
      }
      if (fault.deliver) this.accept(call);
      if (fault.kind === 'drop') req.socket.destroy();
      // hang: no answer; close() ends the connection.
      return;
    }
    if (call.endpoint === 'botInfo') return send(200, this.botInfo);
    if (call.endpoint === 'richmenu') {
      const [status, payload] = this.richMenu(call);
      if (status === 400) this.violations.push(`richmenu ${call.method} ${path}: ${(payload as { message: string }).message}`);
      return send(status, payload);
    }
    const scripted = this.scripted.get(call.endpoint)?.shift();
    if (scripted) {
      return send(scripted.status, { message: scripted.message ?? `scripted ${scripted.status}` }, scripted.retryAfter ? { 'retry-after': scripted.retryAfter } : {});
    }
    const problem = this.checkLimits(call);
    if (problem) {
      this.violations.push(`${call.endpoint}: ${problem}`);
      return send(400, { message: problem });
    }
    if (call.endpoint === 'loading') {
      await new Promise((r) => setTimeout(r, this.loadingDelayMs));
      return send(202, {});
    }
    if (call.endpoint === 'reply') {
      const token = body.replyToken as string;
      if (this.rejectedReplyTokens.has(token) || this.usedReplyTokens.has(token)) return send(400, { message: 'Invalid reply token' });
      this.usedReplyTokens.add(token);
      call.replyTo = this.replyTokenOwners.get(token);
      return send(200, { sentMessages: [] });
    }
    if (retryKey !== undefined) {
      if (this.acceptedRetryKeys.has(retryKey)) {
        return send(409, { message: 'The retry key is already accepted' }, { 'x-line-accepted-request-id': 'fake' });
      }
    }
    const recipients: string[] = call.endpoint === 'push' ? [body.to] : body.to;
    if (recipients.some((to) => this.unknownUsers.has(to))) return send(call.endpoint === 'push' ? 404 : 400, { message: 'Failed to send messages' });
    if (retryKey !== undefined) this.acceptedRetryKeys.add(retryKey);
    return send(200, { sentMessages: [] });
  }

  /** Takes a call's messages as delivered without answering it (for a hang or a drop after delivery). */
  private accept(call: FakeLineCall): void {
    call.status = 200;
    if (call.endpoint === 'reply') {
      this.usedReplyTokens.add(call.body.replyToken);
      call.replyTo = this.replyTokenOwners.get(call.body.replyToken);
    } else if (call.retryKey !== undefined) {
      this.acceptedRetryKeys.add(call.retryKey);
    }
  }

  private richMenu(call: FakeLineCall): [number, object] {
    return richMenuCall.call(this, call, () => this.nextRichMenu++);
  }

  private checkLimits(call: FakeLineCall): string | undefined {
    const { body } = call;
    if (typeof body !== 'object' || body === null) return 'body is not JSON';
    if (call.endpoint === 'loading') {
      // https://developers.line.biz/en/reference/messaging-api/#display-a-loading-indicator
      if (typeof body.chatId !== 'string' || !body.chatId.startsWith('U')) return 'loading: chatId must be a user id (one-to-one chats only)';
      const s = body.loadingSeconds;
      if (s !== undefined && (!Number.isInteger(s) || s < 5 || s > 60 || s % 5 !== 0)) return `loadingSeconds ${s} (5-60, multiples of 5)`;
      return undefined;
    }
    if (call.endpoint === 'reply' && typeof body.replyToken !== 'string') return 'replyToken missing';
    if (call.endpoint === 'push' && typeof body.to !== 'string') return 'to missing';
    if (call.endpoint === 'multicast') {
      if (!Array.isArray(body.to) || body.to.length < 1 || body.to.length > 500) return `multicast to has ${body.to?.length} ids (1-500)`;
      if (body.to.some((id: unknown) => typeof id !== 'string' || !id.startsWith('U'))) return 'multicast to must be user ids';
    }
    if (call.endpoint !== 'reply' && call.retryKey !== undefined && !UUID.test(call.retryKey)) return `retry key ${call.retryKey} is not a UUID`;
    const messages = body.messages;
    if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) return `${messages?.length} messages (1-5)`;
    for (const [i, m] of messages.entries()) {
      if (m.type !== 'text' || typeof m.text !== 'string' || m.text.length === 0) return `message ${i} is not a non-empty text`;
      if (m.text.length > 5000) return `message ${i} has ${m.text.length} characters (max 5000)`;
      if (Buffer.from(m.text, 'utf8').toString('utf8') !== m.text) return `message ${i} is not valid UTF-8 (half an emoji?)`;
      const items = m.quickReply?.items;
      if (items !== undefined) {
        if (!Array.isArray(items) || items.length < 1 || items.length > 13) return `${items?.length} quick reply items (1-13)`;
        for (const item of items) {
          const a = item.action;
          if (item.type !== 'action' || a?.type !== 'postback') return 'quick reply item is not a postback action';
          if (typeof a.label !== 'string' || a.label.length < 1 || a.label.length > 20) return `label "${a.label}" (1-20)`;
          if (typeof a.data !== 'string' || a.data.length < 1 || a.data.length > 300) return `postback data of ${a.data?.length} (1-300)`;
          if (a.displayText !== undefined && (a.displayText.length < 1 || a.displayText.length > 300)) return 'displayText (1-300)';
        }
      }
    }
    return undefined;
  }
}

const RICH_MENU_SIZES = new Set(['2500x1686', '2500x843', '1200x810', '1200x405', '800x540', '800x270']);

function endpointOf(method: string, path: string): FakeLineCall['endpoint'] {
  if (method === 'POST' && path === '/v2/bot/chat/loading/start') return 'loading';
  if (method === 'GET' && path === '/v2/bot/info') return 'botInfo';
  if (path.startsWith('/v2/bot/richmenu') || /^\/v2\/bot\/user\/[^/]+\/richmenu/.test(path)) return 'richmenu';
  if (method === 'POST' && path === '/v2/bot/message/reply') return 'reply';
  if (method === 'POST' && path === '/v2/bot/message/push') return 'push';
  if (method === 'POST' && path === '/v2/bot/message/multicast') return 'multicast';
  if (method === 'GET' && path.startsWith('/v2/bot/profile/')) return 'profile';
  return 'other';
}

/** Rich menu endpoints, checked as LINE documents them (https://developers.line.biz/en/reference/messaging-api/#rich-menu). */
function richMenuCall(this: FakeLine, call: FakeLineCall, nextId: () => number): [number, object] {
  const { method, path, body } = call;
  const fail = (message: string): [number, object] => [400, { message }];
  if (method === 'GET' && path === '/v2/bot/richmenu/list') {
    return [200, { richmenus: [...this.richMenus].map(([richMenuId, m]) => ({ richMenuId, ...m.definition })) }];
  }
  if (method === 'POST' && path === '/v2/bot/richmenu') {
    if (typeof body !== 'object' || body === null) return fail('body is not JSON');
    const { size, name, chatBarText, areas, selected } = body;
    if (!size || !RICH_MENU_SIZES.has(`${size.width}x${size.height}`)) return fail(`size ${JSON.stringify(size)}`);
    if (typeof selected !== 'boolean') return fail('selected must be a boolean');
    if (typeof name !== 'string' || name.length < 1 || name.length > 300) return fail('name (1-300)');
    if (typeof chatBarText !== 'string' || chatBarText.length < 1 || chatBarText.length > 14) return fail('chatBarText (1-14)');
    if (!Array.isArray(areas) || areas.length < 1 || areas.length > 20) return fail('areas (1-20)');
    for (const area of areas) {
      const b = area.bounds;
      if (!b || b.x < 0 || b.y < 0 || b.width < 1 || b.height < 1 || b.x + b.width > size.width || b.y + b.height > size.height) return fail(`area bounds ${JSON.stringify(b)}`);
      const a = area.action;
      if (a?.type === 'postback') {
        if (typeof a.data !== 'string' || a.data.length < 1 || a.data.length > 300) return fail('postback data (1-300)');
        if (a.inputOption !== undefined && !['closeRichMenu', 'openRichMenu', 'openKeyboard', 'openVoice'].includes(a.inputOption)) return fail('inputOption');
      } else if (a?.type === 'message') {
        if (typeof a.text !== 'string' || a.text.length < 1 || a.text.length > 300) return fail('message text (1-300)');
      } else return fail(`action type ${a?.type}`);
      if (a.label !== undefined && (typeof a.label !== 'string' || a.label.length > 20)) return fail(`label "${a.label}" (≤20)`);
    }
    const richMenuId = `richmenu-${String(nextId()).padStart(4, '0')}`;
    this.richMenus.set(richMenuId, { definition: body });
    return [200, { richMenuId }];
  }
  const content = /^\/v2\/bot\/richmenu\/([^/]+)\/content$/.exec(path);
  if (method === 'POST' && content) {
    const menu = this.richMenus.get(content[1]!);
    if (!menu) return [404, { message: 'Not found' }];
    if (menu.image) return fail('An image has already been uploaded to the richmenu');
    if (call.contentType !== 'image/png' && call.contentType !== 'image/jpeg') return fail(`content type ${call.contentType}`);
    const image = call.bytes ?? Buffer.alloc(0);
    if (image.length > 1024 * 1024) return fail(`image of ${image.length} bytes (max 1 MB)`);
    if (call.contentType === 'image/png') {
      const width = image.readUInt32BE(16);
      const height = image.readUInt32BE(20);
      if (width !== menu.definition.size.width || height !== menu.definition.size.height) return fail(`image ${width}x${height} does not match the menu size`);
    }
    menu.image = image;
    return [200, {}];
  }
  const setDefault = /^\/v2\/bot\/user\/all\/richmenu\/([^/]+)$/.exec(path);
  if (method === 'POST' && setDefault) {
    const menu = this.richMenus.get(setDefault[1]!);
    if (!menu) return [404, { message: 'Not found' }];
    if (!menu.image) return fail('must upload richmenu image before applying it to user');
    this.defaultRichMenu = setDefault[1]!;
    return [200, {}];
  }
  const linkOne = /^\/v2\/bot\/user\/(U[^/]+)\/richmenu\/([^/]+)$/.exec(path);
  if (method === 'POST' && linkOne) {
    const menu = this.richMenus.get(linkOne[2]!);
    if (!menu) return [400, { message: 'richmenu not found' }];
    if (!menu.image) return fail('must upload richmenu image before applying it to user');
    this.richMenuOfUser.set(linkOne[1]!, linkOne[2]!);
    return [200, {}];
  }
  if (method === 'POST' && path === '/v2/bot/richmenu/bulk/link') {
    const menu = this.richMenus.get(body?.richMenuId);
    if (!menu) return fail('richmenu not found');
    if (!menu.image) return fail('must upload richmenu image before applying it to user');
    if (!Array.isArray(body.userIds) || body.userIds.length < 1 || body.userIds.length > 500) return fail(`userIds (1-500), got ${body.userIds?.length}`);
    for (const id of body.userIds) this.richMenuOfUser.set(id, body.richMenuId);
    return [202, {}];
  }
  const one = /^\/v2\/bot\/richmenu\/([^/]+)$/.exec(path);
  if (method === 'DELETE' && one) {
    if (!this.richMenus.delete(one[1]!)) return [404, { message: 'Not found' }];
    if (this.defaultRichMenu === one[1]) this.defaultRichMenu = undefined;
    for (const [user, id] of this.richMenuOfUser) if (id === one[1]) this.richMenuOfUser.delete(user);
    return [200, {}];
  }
  return [404, { message: 'Not found' }];
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function startFakeLine(accessToken: string): Promise<FakeLine> {
  return new FakeLine(accessToken).start();
}
