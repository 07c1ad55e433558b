/**
 * The LINE channel over real HTTP: webhooks are POSTed (signed with a test secret) to the handler
 * mounted on a loopback server; the adapter talks to a fake LINE API on loopback; the conversation
 * is the real Assistant on a real SQLite file (only the answer engine is scripted — search has its
 * own tests).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLineChannel, type LineChannel } from '../../src/channels/line.js';
import { renderForLine, splitText } from '../../src/channels/line/render.js';
import { CANCEL_LABEL, CONFIRM_LABEL } from '../../src/core/staff-messages.js';
import { Assistant, type Incoming } from '../../src/core/assistant.js';
import type { Answer, AnswerEngine } from '../../src/core/engine.js';
import { UI, topicLabel } from '../../src/core/messages.js';
import type { Reply } from '../../src/core/reply.js';
import type { Lang } from '../../src/core/types.js';
import { startFakeLine, type FakeLine } from '../support/fake-line.js';
import { resilientStorage } from '../../src/storage/resilient.js';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite.js';
import { tempDbDir } from '../support/temp-db.js';

const SECRET = 'test-channel-secret-0123456789abcdef';
const TOKEN = 'test-channel-access-token-ZYXWVU';

/** Answers every question with one quoted passage; "weather" is out of scope. */
class ScriptedEngine implements AnswerEngine {
  ask(question: string): Answer {
    const lang: Lang = /[a-z]/i.test(question) ? 'en' : 'zh-Hant';
    const answered = !question.includes('weather');
    const text = answered ? `Passage answering: ${question}` : 'not covered';
    return {
      query: question,
      answered,
      answer: text,
      lang,
      kind: answered ? 'answer' : 'out-of-scope',
      sources: answered ? [{ docId: 'd', sectionId: 'd#1', title: 'Doc', section: 'S', date: '2017-01-01', text, score: 3 }] : [],
      blocks: [{ type: 'quote', text }, { type: 'source', text: 'Doc › S (2017-01-01)' }],
    };
  }
  overview(topic: string, lang: Lang): Answer {
    const text = `overview of ${topic}`;
    return { query: topic, answered: true, answer: text, lang, sources: [], kind: 'answer', blocks: [{ type: 'quote', text }] };
  }
}

interface Harness {
  fake: FakeLine;
  storage: SqliteStorage;
  channel: LineChannel;
  server: Server;
  url: string;
  logs: string[];
  handled: Incoming[];
}

const db = tempDbDir();
let dbCount = 0;
const opened: SqliteStorage[] = [];
let h: Harness;

/** A channel mounted on a loopback server, talking to a fake LINE API, with the real assistant. */
async function setUp(
  options: { assistant?: { handle(i: Incoming): Promise<Reply[]> }; storage?: SqliteStorage; staff?: string[]; floodPerMinute?: number } = {},
): Promise<Harness> {
  const fake = await startFakeLine(TOKEN);
  // One file per harness: tests must not see each other's chats.
  const storage = options.storage ?? openSqliteStorage(`${db.dir}/line-${++dbCount}.db`);
  if (!options.storage) opened.push(storage);
  const real = new Assistant({ engine: new ScriptedEngine(), storage, clock: { now: () => new Date() }, staff: new Set() });
  const inner = options.assistant ?? real;
  const handled: Incoming[] = [];
  const logs: string[] = [];
  const log = (level: string) => (obj: object, msg?: string) => logs.push(JSON.stringify({ level, ...obj, msg }));
  const channel = createLineChannel({
    channelSecret: SECRET,
    channelAccessToken: TOKEN,
    apiBaseUrl: fake.url,
    assistant: { handle: (i) => (handled.push(i), inner.handle(i)) },
    storage,
    logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
    ...(options.staff ? { staff: new Set(options.staff) } : {}),
    ...(options.floodPerMinute ? { floodLimit: { perMinute: options.floodPerMinute } } : {}),
  });
  const server = createServer((req, res) => {
    if (req.url === channel.webhookPath) channel.webhookHandler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${channel.webhookPath}`;
  return { fake, storage, channel, server, url, logs, handled };
}

async function tearDown(x: Harness): Promise<void> {
  await x.channel.stop();
  await new Promise<void>((resolve) => x.server.close(() => resolve()));
  await x.fake.close();
  // No log line, whatever happened in the test, may carry the secret or the token.
  for (const line of x.logs) {
    expect(line).not.toContain(SECRET);
    expect(line).not.toContain(TOKEN);
  }
}

beforeEach(async () => {
  h = await setUp();
});
afterEach(async () => {
  await tearDown(h);
  while (opened.length) opened.pop()!.close();
});

// ------------------------------------------------------------------------------------------------ helpers

function sign(body: string | Buffer, secret = SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

async function post(body: string | Buffer, signature: string | null = sign(body)): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-line-signature'] = signature;
  const res = await fetch(h.url, { method: 'POST', headers, body });
  await res.arrayBuffer();
  return res.status;
}

type Source = { type: 'user'; userId: string } | { type: 'group'; groupId: string; userId?: string };

interface EventOptions {
  id?: string;
  redelivery?: boolean;
  token?: string;
  source?: Source;
}

function base(userId: string, o: EventOptions, withToken = true) {
  const source = o.source ?? { type: 'user', userId };
  const token = o.token ?? `rt-${randomUUID()}`;
  if (withToken) h.fake.replyTokenOwners.set(token, source.type === 'group' ? source.groupId : source.userId);
  return {
    webhookEventId: o.id ?? `01J${randomUUID().replace(/-/g, '').slice(0, 23).toUpperCase()}`,
    deliveryContext: { isRedelivery: o.redelivery ?? false },
    timestamp: Date.now(),
    mode: 'active',
    source,
    ...(withToken ? { replyToken: token } : {}),
  };
}

const textEvent = (userId: string, text: string, o: EventOptions = {}) => ({
  type: 'message',
  ...base(userId, o),
  message: { id: '1', type: 'text', text, quoteToken: 'q' },
});
const followEvent = (userId: string, o: EventOptions = {}) => ({ type: 'follow', ...base(userId, o), follow: { isUnblocked: false } });
const unfollowEvent = (userId: string, o: EventOptions = {}) => ({ type: 'unfollow', ...base(userId, o, false) });
const postbackEvent = (userId: string, data: string, o: EventOptions = {}) => ({ type: 'postback', ...base(userId, o), postback: { data } });

const webhook = (...events: object[]) => JSON.stringify({ destination: 'Ubot', events });

/** Waits for every accepted event to be processed (stop() waits for in-flight work). */
async function settle(): Promise<void> {
  await h.channel.stop();
}

const texts = (messages: Array<{ text: string }>) => messages.map((m) => m.text).join('\n');

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// ------------------------------------------------------------------------------------------------ webhook gate

describe('LINE webhook: the gate', () => {
  it('accepts a correctly signed webhook and answers a question with its source and 👍/👎 quick replies', async () => {
    expect(await post(webhook(textEvent('Ualice', 'Where is the exam held?')))).toBe(200);
    await settle();
    const replies = h.fake.callsTo('reply');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.authorization).toBe(`Bearer ${TOKEN}`);
    const delivered = h.fake.delivered('Ualice');
    expect(texts(delivered)).toContain('Passage answering: Where is the exam held?');
    expect(texts(delivered)).toContain('Doc › S (2017-01-01)');
    const labels = delivered.at(-1)!.quickReply!.items.map((i) => i.action.label);
    expect(labels).toEqual(expect.arrayContaining(['👍', '👎']));
    expect(h.storage.getChat('line:Ualice')).toBeDefined();
    expect(h.fake.violations).toEqual([]);
  });

  it('refuses a wrong signature with 401 and processes nothing', async () => {
    const body = webhook(textEvent('Umallory', 'hello'));
    expect(await post(body, sign(body, 'some-other-secret'))).toBe(401);
    // Same length as a real signature, one character off.
    const good = sign(body);
    const flipped = (good[0] === 'A' ? 'B' : 'A') + good.slice(1);
    expect(await post(body, flipped)).toBe(401);
    await settle();
    expect(h.handled).toEqual([]);
    expect(h.fake.calls).toEqual([]);
    expect(h.storage.getChat('line:Umallory')).toBeUndefined();
  });

  it('refuses a missing signature with 401 and processes nothing', async () => {
    expect(await post(webhook(textEvent('Umallory', 'hello')), null)).toBe(401);
    expect(await post(webhook(textEvent('Umallory', 'hello')), '')).toBe(401);
    await settle();
    expect(h.handled).toEqual([]);
    expect(h.fake.calls).toEqual([]);
  });

  it('checks the signature on the raw bytes (LINE escapes emoji; re-serialised JSON would not match)', async () => {
    // \uD83D\uDC4D is 👍 written the way LINE writes it; JSON.stringify would turn it into the emoji.
    const raw = `{"destination":"Ubot","events":[${JSON.stringify(textEvent('Uemoji', 'placeholder')).replace('placeholder', 'thumbs \\uD83D\\uDC4D')}]}`;
    expect(await post(raw)).toBe(200);
    await settle();
    expect(h.handled[0]!.event).toEqual({ type: 'text', text: 'thumbs 👍' });
  });

  it('answers 400 to a correctly signed body that is not a webhook payload', async () => {
    for (const body of ['{"events": [', 'not json', '{"destination":"U"}', '{"events":[42]}', '[]']) {
      expect(await post(body), body).toBe(400);
    }
    await settle();
    expect(h.handled).toEqual([]);
  });

  it('answers 413 to a body over 1 MB, with or without a content-length', async () => {
    const big = webhook(textEvent('Ubig', 'x'.repeat(1024 * 1024)));
    expect(await post(big)).toBe(413);
    // Chunked: no content-length announced, the cap applies while reading.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(h.url, { method: 'POST', headers: { 'x-line-signature': sign(big), 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < big.length; i += 64 * 1024) req.write(big.slice(i, i + 64 * 1024));
      req.end();
    });
    expect(status).toBe(413);
    await settle();
    expect(h.handled).toEqual([]);
  });

  it('accepts LINE\'s webhook verification (no events) without calling the API', async () => {
    expect(await post(webhook())).toBe(200);
    await settle();
    expect(h.fake.calls).toEqual([]);
  });

  it('answers 405 to GET and 503 once stopping', async () => {
    const res = await fetch(h.url);
    expect(res.status).toBe(405);
    await h.channel.stop();
    expect(await post(webhook(textEvent('Ulate', 'hi')))).toBe(503);
  });
});

// ------------------------------------------------------------------------------------------------ events

describe('LINE events', () => {
  it('follow: welcomes in the profile language, with topic quick replies', async () => {
    h.fake.profiles.set('Ueng', { displayName: 'Eng', language: 'en' });
    expect(await post(webhook(followEvent('Ueng')))).toBe(200);
    await settle();
    expect(h.fake.callsTo('profile')[0]!.path).toBe('/v2/bot/profile/Ueng');
    const welcome = h.fake.delivered('Ueng');
    expect(welcome[0]!.text).toBe(UI.en.welcome);
    const items = welcome.at(-1)!.quickReply!.items;
    expect(items.map((i) => i.action.data)).toEqual(['t:exam', 't:trademark', 't:overseas', 't:genuine', 't:award', 't:seminar']);
    expect(items.every((i) => i.action.label.length <= 20)).toBe(true);
    expect(h.storage.getChat('line:Ueng')!.lang).toBe('en');
    expect(h.fake.violations).toEqual([]);
  });

  it('follow without a readable profile: Hong Kong Traditional', async () => {
    expect(await post(webhook(followEvent('Unoprofile')))).toBe(200);
    await settle();
    expect(h.fake.delivered('Unoprofile')[0]!.text).toBe(UI['zh-Hant'].welcome);
  });

  it('unfollow: the chat becomes inactive and nothing is sent', async () => {
    await post(webhook(textEvent('Uleaver', 'hello there')));
    await post(webhook(unfollowEvent('Uleaver')));
    await settle();
    expect(h.storage.getChat('line:Uleaver')!.active).toBe(false);
    expect(h.fake.callsTo('push')).toEqual([]);
    expect(h.fake.callsTo('reply')).toHaveLength(1);
  });

  it('postback: subscribe is persisted under line:<userId> and confirmed', async () => {
    await post(webhook(postbackEvent('Usub', 's:exam')));
    await settle();
    expect(h.storage.listSubscriptions('line:Usub')).toEqual(['exam']);
    expect(h.fake.delivered('Usub').length).toBeGreaterThan(0);
  });

  it('postback: 👍 under an answer is stored with the question and thanked; a topic tap gives the overview with Subscribe', async () => {
    await post(webhook(textEvent('Uvoter', 'Where is the exam held?')));
    await waitUntil(() => h.fake.delivered('Uvoter').length > 0);
    const thumbsUp = h.fake.delivered('Uvoter').at(-1)!.quickReply!.items.find((i) => i.action.label === '👍')!;
    expect(await post(webhook(postbackEvent('Uvoter', thumbsUp.action.data!)))).toBe(200);
    expect(await post(webhook(postbackEvent('Utopic', 't:exam')))).toBe(200);
    await settle();
    expect(h.storage.feedbackCounts(new Date(0))).toEqual({ up: 1, down: 0 });
    expect(h.fake.delivered('Uvoter').at(-1)!.text).toBe(UI.en.feedbackThanks('up'));
    const overview = h.fake.delivered('Utopic');
    expect(texts(overview)).toContain(topicLabel('exam', 'zh-Hant'));
    expect(texts(overview)).toContain('overview of exam');
    expect(overview.at(-1)!.quickReply!.items.map((i) => i.action.label)).toContain(UI['zh-Hant'].buttonSubscribe);
    expect(h.fake.violations).toEqual([]);
  });

  it('postback with forged or unknown data is ignored', async () => {
    await post(webhook(postbackEvent('Uforge', 's:nosuchtopic'), postbackEvent('Uforge', 'x'.repeat(400))));
    await settle();
    expect(h.handled).toEqual([]);
    expect(h.fake.calls).toEqual([]);
  });

  it('typed commands and natural words are passed through to the assistant', async () => {
    await post(webhook(textEvent('Utyper', '/subscribe exam')));
    await post(webhook(textEvent('Utyper2', '訂閱 考試')));
    await settle();
    expect(h.storage.listSubscriptions('line:Utyper')).toEqual(['exam']);
    expect(h.storage.listSubscriptions('line:Utyper2')).toEqual(['exam']);
  });

  it('a reply that quotes the user’s words cut in the middle of an emoji still arrives', async () => {
    await post(webhook(textEvent('Uemoji', `/subscribe ${'a'.repeat(49)}😀 more`)));
    await settle();
    expect(texts(h.fake.delivered('Uemoji'))).toContain(`${'a'.repeat(49)}\uFFFD`);
    expect(h.fake.violations).toEqual([]);
  });

  it('events of one chat are handled in order (subscribe, then list)', async () => {
    await post(webhook(textEvent('Uorder', '/subscribe trademark'), textEvent('Uorder', '/mysubs')));
    await settle();
    expect(h.handled.map((i) => (i.event.type === 'text' ? i.event.text : ''))).toEqual(['/subscribe trademark', '/mysubs']);
    // The list was made after the subscription was stored.
    expect(h.fake.delivered('Uorder').at(-1)!.text).toContain(topicLabel('trademark', 'zh-Hant'));
    expect(h.storage.listSubscriptions('line:Uorder')).toEqual(['trademark']);
  });

  it('in a group, answers only /commands and mentions of the bot; the chat is the group, the sender the user', async () => {
    const group = { type: 'group' as const, groupId: 'Cgroup1', userId: 'Umember' };
    const mention = {
      type: 'message',
      ...base('Umember', { source: group }),
      message: { id: '2', type: 'text', text: '@ipbot exam fee?', quoteToken: 'q', mention: { mentionees: [{ index: 0, length: 6, type: 'user', isSelf: true }] } },
    };
    await post(webhook(textEvent('Umember', 'chatting among ourselves', { source: group }), textEvent('Umember', '/help', { source: group }), mention));
    await settle();
    expect(h.handled.map((i) => [i.chat, i.sender, i.event])).toEqual([
      ['line:Cgroup1', 'line:Umember', { type: 'text', text: '/help' }],
      ['line:Cgroup1', 'line:Umember', { type: 'text', text: 'exam fee?' }],
    ]);
    expect(h.fake.delivered('Cgroup1').length).toBeGreaterThan(0);
  });

  it('ignores non-text messages and standby events', async () => {
    const sticker = { type: 'message', ...base('Usticker', {}), message: { id: '3', type: 'sticker', packageId: '1', stickerId: '1' } };
    const standby = { ...textEvent('Ustandby', 'hello'), mode: 'standby' };
    await post(webhook(sticker, standby));
    await settle();
    expect(h.handled).toEqual([]);
    expect(h.fake.calls).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------ delivery

describe('LINE delivery', () => {
  it('falls back to a push with an X-Line-Retry-Key when the reply token is refused', async () => {
    const event = textEvent('Ulate', 'Where is the exam held?', { token: 'expired-token' });
    h.fake.rejectedReplyTokens.add('expired-token');
    await post(webhook(event));
    await settle();
    expect(h.fake.callsTo('reply').map((c) => c.status)).toEqual([400]);
    const pushes = h.fake.callsTo('push');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.retryKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(texts(h.fake.delivered('Ulate'))).toContain('Passage answering: Where is the exam held?');
    expect(h.logs.some((l) => l.includes('pushing instead'))).toBe(true);
  });

  it('retries a failed fallback push with the same retry key, and LINE\'s 409 for an accepted key counts as done', async () => {
    h.fake.rejectedReplyTokens.add('used-token');
    // The first push "times out" after LINE accepted it: we see a 500, LINE already has the key.
    h.fake.failNext('push', { status: 500, retryAfter: '0' });
    await post(webhook(textEvent('Uretry', 'Where is the exam held?', { token: 'used-token' })));
    await settle();
    const pushes = h.fake.callsTo('push');
    expect(pushes.map((c) => c.status)).toEqual([500, 200]);
    expect(pushes[0]!.retryKey).toBe(pushes[1]!.retryKey);
    expect(h.fake.delivered('Uretry')).toHaveLength(h.fake.callsTo('push')[1]!.body.messages.length);
  });

  it('handles a redelivered event (same webhookEventId) once', async () => {
    const first = textEvent('Uonce', 'Where is the exam held?', { id: '01HREDELIVERED0000000000000' });
    await post(webhook(first));
    const again = { ...first, deliveryContext: { isRedelivery: true }, replyToken: 'another-token' };
    await post(webhook(again));
    await settle();
    expect(h.handled).toHaveLength(1);
    expect(h.fake.callsTo('reply')).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('already handled') && l.includes('"isRedelivery":true'))).toBe(true);
  });

  it('remembers handled event ids across a restart (the dedupe lives in storage)', async () => {
    const event = textEvent('Urestart', 'hello?', { id: '01HRESTART00000000000000000' });
    await post(webhook(event));
    await tearDown(h);
    h = await setUp({ storage: h.storage });
    await post(webhook({ ...event, deliveryContext: { isRedelivery: true } }));
    await settle();
    expect(h.handled).toEqual([]);
    expect(h.fake.calls).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------------------ limits

describe('LINE message limits', () => {
  const sentence = (i: number) => `這是第${i}句，說明考試安排和報名手續。`;
  const longText = Array.from({ length: 600 }, (_, i) => sentence(i)).join('');

  it('splits, batches and trims a large answer so every call stays within LINE limits and nothing is lost', async () => {
    await tearDown(h);
    const replies: Reply[] = [
      { blocks: [{ type: 'text', text: longText }] },
      ...Array.from({ length: 6 }, (_, i) => ({ blocks: [{ type: 'text' as const, text: `Reply number ${i}.` }] })),
      {
        blocks: [{ type: 'note', text: 'last' }],
        buttons: [
          [{ label: 'A label far longer than twenty characters', action: { type: 'help' } }],
          Array.from({ length: 14 }, (_, i) => ({ label: `F${i}`, action: { type: 'feedback' as const, questionId: i + 1, vote: 'up' as const } })),
          [{ label: 'dup', action: { type: 'help' } }],
        ],
      },
    ];
    h = await setUp({ assistant: { handle: async () => replies } });
    await post(webhook(textEvent('Ubig', 'tell me everything')));
    await settle();

    expect(h.fake.violations).toEqual([]);
    const calls = [...h.fake.callsTo('reply'), ...h.fake.callsTo('push')];
    expect(calls[0]!.endpoint).toBe('reply');
    for (const call of calls) expect(call.body.messages.length).toBeLessThanOrEqual(5);
    const delivered = h.fake.delivered('Ubig');
    // Every sentence arrives, in order, and each message ends at a sentence boundary.
    const all = texts(delivered);
    for (const i of [0, 1, 299, 599]) expect(all).toContain(sentence(i));
    expect(all.indexOf(sentence(598))).toBeLessThan(all.indexOf(sentence(599)));
    for (const m of delivered) expect(m.text.length).toBeLessThanOrEqual(5000);
    for (const m of delivered.slice(0, -1)) expect(m.text).toMatch(/[。.]$/);
    expect(all).toContain('Reply number 5.');
    // Quick replies: only on the very last message, at most 13, each label ≤ 20.
    expect(delivered.slice(0, -1).every((m) => !m.quickReply)).toBe(true);
    const items = delivered.at(-1)!.quickReply!.items;
    expect(items).toHaveLength(13);
    expect(items[0]!.action.label.length).toBeLessThanOrEqual(20);
    expect(items[0]!.action.displayText).toBe('A label far longer than twenty characters');
    expect(h.logs.some((l) => l.includes('"droppedButtons":2'))).toBe(true);
    // Pushes after the reply carry distinct retry keys.
    const keys = h.fake.callsTo('push').map((c) => c.retryKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps both languages of the broadcast Confirm / Cancel labels within 20 characters', () => {
    const { calls } = renderForLine([
      {
        blocks: [{ type: 'text', text: 'preview' }],
        buttons: [
          [
            { label: CONFIRM_LABEL, action: { type: 'broadcast-confirm', broadcastId: 7 } },
            { label: CANCEL_LABEL, action: { type: 'broadcast-cancel', broadcastId: 7 } },
          ],
        ],
      },
    ]);
    const items = calls[0]![0]!.quickReply!.items!.map((i) => i.action as { label: string; displayText: string });
    expect(items.map((i) => i.label)).toEqual(['確認發送/Confirm & send', '取消 / Cancel']);
    expect(items[0]!.displayText).toBe(CONFIRM_LABEL);
  });

  it('splits text at sentence boundaries, never above the limit, never halving an emoji', () => {
    const text = 'First sentence here. Second one! 第三句。' + '😀'.repeat(30);
    for (const max of [10, 17, 25, 40]) {
      const pieces = splitText(text, max);
      expect(pieces.every((p) => p.length <= max)).toBe(true);
      expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      expect(pieces.join('')).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    expect(splitText('Alpha beta. Gamma delta epsilon.', 20)).toEqual(['Alpha beta.', 'Gamma delta epsilon.']);
    expect(splitText('甲乙丙。丁戊己庚。', 6)).toEqual(['甲乙丙。', '丁戊己庚。']);
  });
});

// ------------------------------------------------------------------------------------------------ sender

describe('LINE sender (reminders, broadcasts)', () => {
  const reminder: Reply[] = [{ blocks: [{ type: 'text', text: 'Reminder: exam registration closes soon.' }], buttons: [[{ label: 'Topics', action: { type: 'topics' } }]] }];

  it('multicasts to several users in one call, pushes to one, and passes the retry key through', async () => {
    const key = randomUUID();
    const outcomes = await h.channel.sender.send(['line:U1', 'line:U2', 'line:U3'], reminder, { retryKey: key });
    expect(outcomes).toEqual(['line:U1', 'line:U2', 'line:U3'].map((chat) => ({ chat, status: 'sent' })));
    const [multicast] = h.fake.callsTo('multicast');
    expect(multicast!.body.to).toEqual(['U1', 'U2', 'U3']);
    expect(multicast!.retryKey).toBe(key);
    expect(multicast!.body.messages[0].quickReply.items[0].action.data).toBe('T');

    const single = await h.channel.sender.send(['line:U9'], reminder, { retryKey: 'outbox-row-17' });
    expect(single).toEqual([{ chat: 'line:U9', status: 'sent' }]);
    expect(h.fake.callsTo('push')[0]!.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.fake.violations).toEqual([]);
    expect(h.channel.sender.maxBatch).toBe(500);
    expect(h.channel.sender.channel).toBe('line');
  });

  it('sending again with the same key is not delivered twice (LINE 409 → sent)', async () => {
    const users = ['line:Ua', 'line:Ub'];
    await h.channel.sender.send(users, reminder, { retryKey: 'broadcast-5' });
    const again = await h.channel.sender.send(users, reminder, { retryKey: 'broadcast-5' });
    expect(again.map((o) => o.status)).toEqual(['sent', 'sent']);
    expect(h.fake.callsTo('multicast').map((c) => c.status)).toEqual([200, 409]);
    expect(h.fake.delivered('Ua')).toHaveLength(1);
  });

  it('splits more than 500 users into several multicasts', async () => {
    const users = Array.from({ length: 620 }, (_, i) => `line:U${i}`);
    const outcomes = await h.channel.sender.send(users, reminder, { retryKey: randomUUID() });
    expect(outcomes.every((o) => o.status === 'sent')).toBe(true);
    expect(h.fake.callsTo('multicast').map((c) => c.body.to.length)).toEqual([500, 120]);
    expect(h.fake.violations).toEqual([]);
  });

  it('429 → retry with Retry-After, or a default wait when LINE gives none', async () => {
    h.fake.failNext('multicast', { status: 429, retryAfter: '7' });
    h.fake.failNext('push', { status: 429 });
    const [a] = await h.channel.sender.send(['line:Ua', 'line:Ub'], reminder, { retryKey: randomUUID() });
    expect(a).toMatchObject({ status: 'retry', retryAfterMs: 7000 });
    const [b] = await h.channel.sender.send(['line:Uc'], reminder, { retryKey: randomUUID() });
    expect(b!.status).toBe('retry');
    expect(b!.retryAfterMs).toBeGreaterThan(0);
  });

  it('one unknown user does not fail the others: per-user outcomes, never a throw', async () => {
    h.fake.unknownUsers.add('Ugone');
    const outcomes = await h.channel.sender.send(['line:Uok1', 'line:Ugone', 'line:Uok2', 'line:Cgroup', 'telegram:5'], reminder, { retryKey: randomUUID() });
    expect(outcomes.map((o) => [o.chat, o.status])).toEqual([
      ['line:Uok1', 'sent'],
      ['line:Ugone', 'blocked'],
      ['line:Uok2', 'sent'],
      ['line:Cgroup', 'sent'],
      ['telegram:5', 'failed'],
    ]);
    expect(h.fake.delivered('Uok1')).toHaveLength(1);
    expect(h.fake.delivered('Cgroup')).toHaveLength(1);
  });

  it('a bad token or a plan without push → failed (the user stays reachable), unreachable API → retry', async () => {
    h.fake.failNext('push', { status: 403, message: 'Access to this API is not available for your account' });
    expect((await h.channel.sender.send(['line:U1'], reminder, { retryKey: randomUUID() }))[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('403'),
    });
    await h.fake.close();
    const [down] = await h.channel.sender.send(['line:U1'], reminder, { retryKey: randomUUID() });
    expect(down!.status).toBe('retry');
  });
});

describe('LINE channel shutdown', () => {
  it('a webhook still arriving when stop() is called is refused with 503 (LINE redelivers it), not half-handled', async () => {
    const body = webhook(textEvent('Uinflight', 'hello'));
    const half = Math.floor(body.length / 2);
    // The handler has started (headers in), the body is not complete yet.
    const handlerStarted = new Promise<void>((r) => h.server.once('request', () => r()));
    const status = new Promise<number>((resolve, reject) => {
      const req = request(h.url, { method: 'POST', headers: { 'x-line-signature': sign(body), 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write(body.slice(0, half));
      void handlerStarted.then(async () => {
        await h.channel.stop();
        req.end(body.slice(half));
      });
    });
    expect(await status).toBe(503);
    expect(h.handled).toEqual([]);
  });

  it('stop() waits for an event still being processed, then its answer is sent', async () => {
    await tearDown(h);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    h = await setUp({
      assistant: {
        handle: async () => {
          await gate;
          return [{ blocks: [{ type: 'text', text: 'finally' }] }];
        },
      },
    });
    await post(webhook(textEvent('Uslow', 'slow question')));
    let stopped = false;
    const stopping = h.channel.stop().then(() => (stopped = true));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(texts(h.fake.delivered('Uslow'))).toBe('finally');
  });
});

// ------------------------------------------------------------------------------------------------ the inbox

describe('LINE through the inbox', () => {
  it('has a flood limit like Telegram (one notice, then silence), and staff are exempt', async () => {
    await tearDown(h);
    h = await setUp({ staff: ['line:Ustaff'], floodPerMinute: 3 });
    await post(webhook(...Array.from({ length: 6 }, () => textEvent('Uflood', '/help'))));
    await post(webhook(...Array.from({ length: 6 }, () => textEvent('Ustaff', '/help'))));
    await settle();
    const floods = h.fake.delivered('Uflood');
    expect(floods.filter((m) => m.text === UI['zh-Hant'].help)).toHaveLength(3);
    expect(floods.filter((m) => m.text === UI['zh-Hant'].floodNotice)).toHaveLength(1);
    expect(h.fake.delivered('Ustaff').filter((m) => m.text === UI['zh-Hant'].help)).toHaveLength(6);
  });

  it('answers "something went wrong" when handling fails, as Telegram does', async () => {
    await tearDown(h);
    h = await setUp({ assistant: { handle: async () => Promise.reject(new Error('engine exploded')) } });
    await post(webhook(textEvent('Uoops', 'anything')));
    await settle();
    expect(h.fake.delivered('Uoops').map((m) => m.text)).toEqual([UI['zh-Hant'].somethingWentWrong]);
  });

  it('with the disk full every question and command still gets a reply; readiness drops and comes back by itself', async () => {
    await tearDown(h);
    const inner = openSqliteStorage(`${db.dir}/line-full.db`);
    let full = false;
    const writes = new Set(['ensureChat', 'setChatLang', 'setChatActive', 'subscribe', 'recordQuestion', 'acceptInbound', 'updateInbound', 'finishInbound', 'probeWrite']);
    const failing = new Proxy(inner, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (full && writes.has(String(prop))) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    const storage = resilientStorage(failing, { log: { warn() {}, info() {} }, unwritableAfterMs: 50, probeMs: 20 });
    opened.push(storage);
    h = await setUp({ storage });
    full = true;
    const users = ['Ufull1', 'Ufull2', 'Ufull3', 'Ufull4', 'Ufull5'];
    await post(webhook(...users.map((u) => textEvent(u, 'Where is the exam held?')), textEvent('Ufullsub', '/subscribe exam')));
    await waitUntil(() => [...users, 'Ufullsub'].every((u) => h.fake.delivered(u).length > 0));
    for (const u of users) expect(h.fake.delivered(u)[0]!.text).not.toBe(UI['zh-Hant'].somethingWentWrong);
    // The subscription itself could not be stored: no false confirmation.
    expect(h.fake.delivered('Ufullsub').map((m) => m.text)).toEqual([UI['zh-Hant'].somethingWentWrong]);
    await waitUntil(() => !storage.writable());
    full = false;
    await waitUntil(() => storage.writable() && storage.deferredCount() === 0);
    // The questions asked while it was full were recorded afterwards.
    expect(storage.countQuestions(new Date(0)).total).toBe(users.length);
  });
});

// ------------------------------------------------------------------------------------------------ loading indicator (reach)

describe('LINE loading indicator', () => {
  it('is shown for a one-to-one message before the answer, for that user', async () => {
    expect(await post(webhook(textEvent('Uload', 'Where is the exam held?')))).toBe(200);
    await settle();
    const loading = h.fake.callsTo('loading');
    expect(loading).toHaveLength(1);
    expect(loading[0]!.body).toEqual({ chatId: 'Uload', loadingSeconds: 20 });
    const order = h.fake.calls.map((c) => c.endpoint).filter((e) => e === 'loading' || e === 'reply');
    expect(order).toEqual(['loading', 'reply']);
    expect(h.fake.violations).toEqual([]);
  });

  it('is not shown in groups (LINE allows it in one-to-one chats only) nor after an unfollow', async () => {
    const group: Source = { type: 'group', groupId: 'Cgroup1', userId: 'Umember' };
    expect(await post(webhook(textEvent('Umember', '/help', { source: group }), unfollowEvent('Ugone')))).toBe(200);
    await settle();
    expect(h.fake.callsTo('loading')).toEqual([]);
  });

  it('a slow indicator does not hold the answer up', async () => {
    h.fake.loadingDelayMs = 3000;
    const started = Date.now();
    expect(await post(webhook(textEvent('Uslow', 'Where is the exam held?')))).toBe(200);
    await waitUntil(() => h.fake.delivered('Uslow').length > 0);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(h.fake.callsTo('loading')[0]!.status).toBe(0); // still unanswered when the reply went out
  });

  it('a failing indicator does not fail the answer', async () => {
    h.fake.failNext('loading', { status: 500 }, { status: 429 });
    expect(await post(webhook(textEvent('Ufail', 'Where is the exam held?'), postbackEvent('Ufail2', 'T')))).toBe(200);
    await settle();
    expect(texts(h.fake.delivered('Ufail'))).toContain('Passage answering');
    expect(h.fake.delivered('Ufail2').length).toBeGreaterThan(0);
    expect(h.fake.callsTo('loading')).toHaveLength(2);
  });
});

describe('LINE rich menu follows the language', () => {
  it('links a user to their language’s menu once ipbot learns it, and not groups', async () => {
    h.fake.richMenus.set('rm-hant', { definition: { name: 'ipbot-zh-Hant-aaaaaaaaaaaa', size: { width: 2500, height: 843 } }, image: Buffer.alloc(1) });
    h.fake.richMenus.set('rm-en', { definition: { name: 'ipbot-en-bbbbbbbbbbbb', size: { width: 2500, height: 843 } }, image: Buffer.alloc(1) });
    h.fake.richMenus.set('rm-other', { definition: { name: 'spring campaign', size: { width: 2500, height: 843 } }, image: Buffer.alloc(1) });
    expect(await post(webhook(textEvent('Umenu', '/lang en')))).toBe(200);
    await waitUntil(() => h.fake.richMenuOfUser.get('Umenu') === 'rm-en');
    expect(await post(webhook(textEvent('Umenu', '/lang 繁體')))).toBe(200);
    await waitUntil(() => h.fake.richMenuOfUser.get('Umenu') === 'rm-hant');
    const group: Source = { type: 'group', groupId: 'Cgroup2', userId: 'Umember2' };
    expect(await post(webhook(textEvent('Umember2', '/lang en', { source: group })))).toBe(200);
    await settle();
    expect(h.fake.richMenuOfUser.has('Umember2')).toBe(false);
    expect(h.fake.richMenuOfUser.has('Cgroup2')).toBe(false);
    // The menu list was read once for both links.
    expect(h.fake.calls.filter((c) => c.path === '/v2/bot/richmenu/list')).toHaveLength(1);
    expect(h.fake.violations).toEqual([]);
  });
});
