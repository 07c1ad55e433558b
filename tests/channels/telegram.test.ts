/**
 * End to end over HTTP: the real assistant, answer engine and SQLite storage behind the Telegram
 * channel, talking to a fake Bot API server on loopback (long polling, and webhook on the real
 * HTTP server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTelegramChannel, tokenScrubber, type ChannelLogger, type TelegramChannel } from '../../src/channels/telegram.js';
import { startHttpServer, type HttpServer } from '../../src/channels/http.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadAnswerEngine } from '../../src/knowledge/load-engine.js';
import { COMMAND_DESCRIPTIONS, UI } from '../../src/core/messages.js';
import type { AnswerEngine } from '../../src/core/engine.js';
import type { Incoming } from '../../src/core/assistant.js';
import type { Reply } from '../../src/core/reply.js';
import { detectLang } from '../../src/core/text/script.js';
import { TOPIC_IDS } from '../../src/core/types.js';
import { openSqliteStorage, type SqliteStorage } from '../../src/storage/sqlite.js';
import { FAKE_BOT, FAKE_TOKEN, FakeTelegram, callbackUpdate, memberUpdate, textUpdate, type SentMessage } from '../support/fake-telegram.js';

interface LogEntry {
  level: string;
  obj: Record<string, unknown>;
  msg?: string;
}

function collectingLogger(entries: LogEntry[]): ChannelLogger {
  const at = (level: string) => (obj: Record<string, unknown>, msg?: string) => void entries.push({ level, obj, msg });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

class MutableClock {
  constructor(public ms = Date.parse('2026-03-02T02:00:00Z')) {}
  now = () => new Date(this.ms);
}

let engine: AnswerEngine;
let fake: FakeTelegram;
let dir: string;
let logs: LogEntry[];
const running: Array<{ channel: TelegramChannel; storage: SqliteStorage; server?: HttpServer }> = [];

beforeAll(() => {
  engine = loadAnswerEngine(join(process.cwd(), 'knowledge')).engine;
});

beforeEach(async () => {
  fake = await FakeTelegram.start();
  dir = mkdtempSync(join(tmpdir(), 'ipbot-telegram-'));
  logs = [];
});

afterEach(async () => {
  for (const { channel, storage, server } of running.splice(0)) {
    await channel.stop();
    await server?.close(100);
    storage.close();
  }
  // Whatever happened, the token never reached a log line.
  const secret = FAKE_TOKEN.split(':')[1]!;
  expect(JSON.stringify(logs)).not.toContain(secret);
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

interface StartOptions {
  dbFile?: string;
  assistant?: { handle(i: Incoming): Promise<Reply[]> };
  floodPerMinute?: number;
  clock?: MutableClock;
  webhook?: boolean;
}

async function startBot(options: StartOptions = {}) {
  const clock = options.clock ?? new MutableClock();
  const storage = openSqliteStorage(options.dbFile ?? join(dir, 'ipbot.db'));
  const assistant = options.assistant ?? new Assistant({ engine, storage, clock, staff: new Set() });
  const logger = collectingLogger(logs);
  let server: HttpServer | undefined;
  let webhook: { url: string; secret: string } | undefined;
  let route: ((req: any, res: any) => void) | undefined;
  if (options.webhook) {
    server = await startHttpServer({
      port: 0,
      host: '127.0.0.1',
      isReady: () => true,
      logger: { info() {}, warn() {}, error() {}, debug() {} } as any,
      routes: [{ method: 'POST', path: '/telegram/webhook', handler: (req, res) => route!(req, res) }],
    });
    webhook = { url: `http://127.0.0.1:${server.port}/telegram/webhook`, secret: 'right-secret_123' };
  }
  const channel = createTelegramChannel({
    token: FAKE_TOKEN,
    apiRoot: fake.apiRoot,
    assistant,
    storage,
    logger,
    clock,
    pollingTimeoutSeconds: 2,
    ...(options.floodPerMinute ? { floodLimit: { perMinute: options.floodPerMinute } } : {}),
    ...(webhook ? { webhook } : {}),
  });
  route = channel.webhookHandler;
  await channel.start();
  const entry = { channel, storage, server };
  running.push(entry);
  return { channel, storage, clock, server, async stop() {
    running.splice(running.indexOf(entry), 1);
    await channel.stop();
    await server?.close(100);
    storage.close();
  } };
}

/** Waits until every update pushed so far has been fetched (the next getUpdates confirms it) and answered. */
async function handledUpTo(updateId: number) {
  await fake.waitFor(() => fake.callsOf('getUpdates').some((c) => Number(c.payload.offset) > updateId), 10_000, `update ${updateId} fetched`);
  for (const { channel } of running) await channel.idle();
}

const buttonsOf = (m: SentMessage) => (m.replyMarkup?.inline_keyboard ?? []).flat();

describe('Telegram channel, long polling, real assistant', () => {
  it('/start welcomes in the user’s language with topic buttons, and registers command menus', async () => {
    await startBot();
    const users = [
      { id: 101, language_code: 'zh-hk', lang: 'zh-Hant' as const },
      { id: 102, language_code: 'zh-cn', lang: 'zh-Hans' as const },
      { id: 103, language_code: 'en', lang: 'en' as const },
    ];
    for (const user of users) fake.push(textUpdate(user, '/start'));
    for (const user of users) {
      const [welcome] = await fake.waitForMessages(user.id, 1);
      expect(welcome!.text).toBe(UI[user.lang].welcome);
      expect(welcome!.parseMode).toBe('HTML');
      expect(buttonsOf(welcome!).map((b) => b.callback_data)).toEqual(TOPIC_IDS.map((t) => `t:${t}`));
    }
    const menus = fake.callsOf('setMyCommands').map((c) => c.payload).filter((m) => !m.scope);
    expect(menus.map((m) => m.language_code ?? 'default').sort()).toEqual(['default', 'zh']);
    expect(menus.find((m) => m.language_code === 'zh')!.commands.map((c: any) => c.command)).toContain('subscribe');
    // Telegram's 'zh' menu is Traditional: a Simplified chat gets its own menu.
    const chatMenu = await fake.waitFor(() => fake.callsOf('setMyCommands').find((c) => c.payload.scope?.chat_id === 102), 5000, 'chat menu');
    expect(chatMenu.payload.scope).toEqual({ type: 'chat', chat_id: 102 });
    expect(chatMenu.payload.commands).toEqual(COMMAND_DESCRIPTIONS['zh-Hans']);
    expect(fake.callsOf('setMyCommands').filter((c) => c.payload.scope?.type === 'chat')).toHaveLength(1);
  });

  it('/lang switches the language of replies and of the chat’s command menu', async () => {
    await startBot();
    const user = { id: 208, language_code: 'en' };
    fake.push(textUpdate(user, '/lang zh-hans'));
    const [done] = await fake.waitForMessages(208, 1);
    expect(done!.text).toBe(UI['zh-Hans'].langSet);
    const chatMenu = await fake.waitFor(() => fake.callsOf('setMyCommands').find((c) => c.payload.scope?.chat_id === 208), 5000, 'chat menu');
    expect(chatMenu.payload.commands).toEqual(COMMAND_DESCRIPTIONS['zh-Hans']);
    fake.push(textUpdate(user, '/help'));
    const [, help] = await fake.waitForMessages(208, 2);
    expect(help!.text).toBe(UI['zh-Hans'].help);
  });

  it('answers a Cantonese question in Traditional with its quoted source and feedback buttons', async () => {
    const { storage } = await startBot();
    fake.push(textUpdate({ id: 201, language_code: 'en' }, '香港考生喺邊度考專利代理人考試？'));
    const [answer] = await fake.waitForMessages(201, 1);
    expect(answer!.html).toMatch(/<blockquote>[^<]*專利代理人[^<]*<\/blockquote>/);
    expect(answer!.html).toMatch(/<i>[^<]*2017[^<]*<\/i>/);
    expect(detectLang(answer!.text)).toBe('zh-Hant');
    const [up, down] = buttonsOf(answer!);
    expect(up!.callback_data).toMatch(/^f:\d+:u$/);
    expect(down!.callback_data).toMatch(/^f:\d+:d$/);
    // The vote is stored against the question.
    fake.push(callbackUpdate({ id: 201 }, up!.callback_data));
    const [, thanks] = await fake.waitForMessages(201, 2);
    expect(Object.values(UI).map((ui) => ui.feedbackThanks('up'))).toContain(thanks!.text);
    const questionId = Number(up!.callback_data.split(':')[1]);
    // The question the buttons point at exists in storage (a made-up id does not).
    expect(storage.recordFeedback({ questionId, chat: 'telegram:201', vote: 'up', at: new Date() })).toBeDefined();
    expect(storage.recordFeedback({ questionId: questionId + 1000, chat: 'telegram:201', vote: 'up', at: new Date() })).toBeUndefined();
  });

  it('answers an English question in English with its source', async () => {
    await startBot();
    fake.push(textUpdate({ id: 202, language_code: 'zh-hk' }, 'How many Hong Kong candidates passed the patent agent exam in 2016?'));
    const [answer] = await fake.waitForMessages(202, 1);
    const firstLine = answer!.text.split('\n')[0]!;
    expect(firstLine).toMatch(/^[\x20-\x7E“”‘’–—]+$/);
    expect(answer!.html).toContain('<blockquote>');
    expect(answer!.html).toMatch(/<i>[^<]+<\/i>/);
  });

  it('a topic tap is acknowledged and answered with an overview, its source and a Subscribe button', async () => {
    await startBot();
    const tap = callbackUpdate({ id: 203, language_code: 'zh-hk' }, 't:exam');
    fake.push(tap);
    const [overview] = await fake.waitForMessages(203, 1);
    expect(fake.callsOf('answerCallbackQuery').map((c) => c.payload.callback_query_id)).toContain(tap.callback_query.id);
    expect(overview!.html).toMatch(/^<b>專利代理人考試/);
    expect(overview!.html).toContain('<blockquote>');
    expect(buttonsOf(overview!).map((b) => b.callback_data)).toContain('s:exam');
  });

  it('chats are handled side by side, each chat in order: a subscription is listed by the next message', async () => {
    const users = [221, 222, 223, 224, 225];
    // All waiting before the bot polls, so they arrive in one batch.
    for (const id of users) {
      fake.push(textUpdate({ id, language_code: 'en' }, '/subscribe exam'));
      fake.push(textUpdate({ id, language_code: 'en' }, '/mysubs'));
    }
    fake.latencyMs = 50;
    await startBot();
    for (const id of users) {
      const [subscribed, mine] = await fake.waitForMessages(id, 2);
      expect(subscribed!.text).toBe(UI.en.subscribed('exam'));
      expect(mine!.text).toBe(UI.en.mySubs(['exam']));
    }
    // Both replies of the first chat did not come before every other chat's first reply.
    const order = fake.sent.map((m) => m.chatId);
    expect(order.indexOf(225)).toBeLessThan(order.lastIndexOf(221));
  });

  it('update ids are remembered per bot: another bot on the same DATA_DIR is answered, a repeat for the same bot is not', async () => {
    const dbFile = join(dir, 'bots.db');
    const user = { id: 205, language_code: 'en' };
    const first = await startBot({ dbFile });
    fake.push(textUpdate(user, '/help'));
    fake.push(textUpdate(user, '/help'));
    await fake.waitForMessages(205, 2);
    // Both events finished before the stop: this test is about update ids, not about replies still in flight at a
    // shutdown (resumed on the next start; tested in the inbox's own tests), which a loaded machine can cause here.
    await first.channel.idle();
    await first.stop();

    // A different bot (new token, new bot id): its update ids start at 1 again and must not look seen.
    const otherBot = { ...FAKE_BOT, id: 987654321, username: 'other_test_bot' };
    const otherToken = '987654321:AAOtherTokenForTestsOnly_abcdefghijklm';
    const other = await FakeTelegram.start(otherToken, otherBot);
    const storage = openSqliteStorage(dbFile);
    // The same test clock as the first bot: on the real clock, the inbox's occasional pruning of events done over a week
    // ago (1 in 100 accepts) would drop the first bot's records, dated by the test clock in March, and the repeat below
    // would be answered again (seen once in a full run).
    const clock = new MutableClock();
    const channel = createTelegramChannel({ token: otherToken, apiRoot: other.apiRoot, assistant: new Assistant({ engine, storage, clock, staff: new Set() }), storage, logger: collectingLogger(logs), clock, pollingTimeoutSeconds: 2 });
    await channel.start();
    try {
      other.push(textUpdate(user, '/help'));
      other.push(textUpdate(user, '/help'));
      await other.waitForMessages(205, 2);
      await channel.idle();
    } finally {
      await channel.stop();
      storage.close();
      await other.close();
    }

    // The first bot again (as after a new token from BotFather: same bot id), and Telegram delivers
    // an update it had already answered: it is not answered twice.
    await startBot({ dbFile });
    fake.push(textUpdate(user, '/help'), 2);
    fake.push(textUpdate(user, '/start'));
    const messages = await fake.waitForMessages(205, 3);
    expect(messages.map((m) => m.text)).toEqual([UI.en.help, UI.en.help, UI.en.welcome]);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.messagesTo(205)).toHaveLength(3);
  });

  it('keeps subscriptions across a restart (new channel, reopened SQLite file)', async () => {
    const dbFile = join(dir, 'persist.db');
    const user = { id: 204, language_code: 'en' };
    let bot = await startBot({ dbFile });
    fake.push(textUpdate(user, '/subscribe exam'));
    fake.push(callbackUpdate(user, 's:trademark'));
    await fake.waitForMessages(204, 2);
    await bot.channel.idle();
    await bot.stop();

    bot = await startBot({ dbFile });
    fake.push(textUpdate(user, '/mysubs'));
    const [, , mine] = await fake.waitForMessages(204, 3);
    expect(mine!.text).toBe(UI.en.mySubs(['exam', 'trademark']));
    fake.push(callbackUpdate(user, 'u:exam'));
    await fake.waitForMessages(204, 4);
    await bot.channel.idle();
    await bot.stop();

    bot = await startBot({ dbFile });
    expect(bot.storage.listSubscriptions('telegram:204')).toEqual(['trademark']);
    fake.push(textUpdate(user, '/mysubs'));
    const messages = await fake.waitForMessages(204, 5);
    expect(messages[4]!.text).toBe(UI.en.mySubs(['trademark']));
  });

  it('copes with a 10,000-character message: one answer, every part within Telegram’s limit', async () => {
    await startBot();
    const long = '香港考生點樣報考專利代理人考試？'.repeat(625);
    expect(long.length).toBe(10_000);
    const id = fake.push(textUpdate({ id: 205, language_code: 'zh-hk' }, long));
    await handledUpTo(id);
    const messages = fake.messagesTo(205);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    for (const m of messages) expect(m.text.length).toBeLessThanOrEqual(4096);
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('escapes HTML the user typed when it comes back in a reply', async () => {
    await startBot();
    fake.push(textUpdate({ id: 206, language_code: 'en' }, '/subscribe <b>bold</b> & <script>x()</script>'));
    const [reply] = await fake.waitForMessages(206, 1);
    expect(reply!.text).toContain('<b>bold</b> & <script>x()</script>');
    expect(reply!.html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;');
  });

  it('a reply that quotes the user’s words cut in the middle of an emoji still arrives', async () => {
    await startBot();
    fake.push(textUpdate({ id: 209, language_code: 'en' }, `/subscribe ${'a'.repeat(49)}😀 more`));
    const [reply] = await fake.waitForMessages(209, 1);
    expect(reply!.text).toContain(`${'a'.repeat(49)}\uFFFD`);
  });

  it('a wordless sticker gets a prompt to type the question', async () => {
    await startBot();
    const update = textUpdate({ id: 209, language_code: 'zh-hk' }, 'x');
    delete update.message.text;
    update.message.sticker = { file_id: 'sticker-1', width: 512, height: 512, type: 'regular' };
    fake.push(update);
    const [prompt] = await fake.waitForMessages(209, 1);
    expect(Object.values(UI).map((ui) => ui.emptyMessage)).toContain(prompt!.text);
  });

  it('in a group answers only when mentioned, replied to or given a command, quoting the message', async () => {
    await startBot();
    const group = { id: -1001, type: 'supergroup', title: 'SME club' };
    const user = { id: 207, language_code: 'zh-hk' };
    fake.push(textUpdate(user, '今晚食咩好？', { chat: group }));
    const mention = '@ipbot_test_bot';
    const asked = textUpdate(user, `${mention} 香港考生喺邊度考專利代理人考試？`, { chat: group, entities: [{ type: 'mention', offset: 0, length: mention.length }] });
    const id = fake.push(asked);
    await handledUpTo(id);
    const messages = fake.messagesTo(-1001);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.replyTo).toBe(asked.message.message_id);
    expect(messages[0]!.html).toContain('<blockquote>');
  });
});

describe('Telegram channel, resilience', () => {
  it('splits a reply over 4096 characters; the keyboard rides on the last part', async () => {
    const paragraph = 'The Guangdong–Hong Kong expert group met again. '.repeat(20).trim();
    const long: Reply = {
      blocks: [{ type: 'heading', text: 'Long answer' }, ...Array.from({ length: 12 }, () => ({ type: 'text' as const, text: paragraph }))],
      buttons: [[{ label: 'Topics', action: { type: 'topics' } }]],
    };
    await startBot({ assistant: { handle: async () => [long] } });
    const id = fake.push(textUpdate({ id: 301 }, 'anything'));
    await handledUpTo(id);
    const parts = fake.messagesTo(301);
    expect(parts.length).toBe(3);
    for (const part of parts) expect(part.text.length).toBeLessThanOrEqual(4096);
    expect(parts.slice(0, -1).every((p) => !p.replyMarkup)).toBe(true);
    expect(buttonsOf(parts.at(-1)!).map((b) => b.callback_data)).toEqual(['T']);
    expect(parts.map((p) => p.text).join('\n\n')).toBe(['Long answer', ...Array(12).fill(paragraph)].join('\n\n'));
  });

  it('flood limit: past the limit one polite notice, then silence until the minute has passed', async () => {
    const clock = new MutableClock();
    await startBot({ floodPerMinute: 5, clock });
    const user = { id: 302, language_code: 'en' };
    let last = 0;
    for (let i = 0; i < 8; i += 1) last = fake.push(textUpdate(user, '/help'));
    await handledUpTo(last);
    const texts = fake.messagesTo(302).map((m) => m.text);
    expect(texts).toEqual([...Array(5).fill(UI.en.help), UI.en.floodNotice]);
    clock.ms += 61_000;
    fake.push(textUpdate(user, '/help'));
    const messages = await fake.waitForMessages(302, 7);
    expect(messages[6]!.text).toBe(UI.en.help);
  });

  it('a 429 is retried after retry_after; one beyond the bound is given up without stopping the bot', async () => {
    await startBot();
    fake.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 }, { chatId: 303 });
    fake.push(textUpdate({ id: 303, language_code: 'en' }, '/help'));
    const [help] = await fake.waitForMessages(303, 1);
    expect(help!.text).toBe(UI.en.help);
    const attempts = fake.callsOf('sendMessage').filter((c) => c.payload.chat_id === 303);
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);

    // A wait longer than a person should sit through is not taken; the next message is answered.
    fake.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 600', retry_after: 600 }, { chatId: 304 });
    fake.push(textUpdate({ id: 304, language_code: 'en' }, '/help'));
    fake.push(textUpdate({ id: 304, language_code: 'en' }, '/help'));
    const [again] = await fake.waitForMessages(304, 1);
    expect(again!.text).toBe(UI.en.help);
    expect(fake.callsOf('sendMessage').filter((c) => c.payload.chat_id === 304)).toHaveLength(2);
    expect(logs.some((l) => l.level === 'error' && /not delivered/.test(l.msg ?? '') && /^429 /.test(String(l.obj.error)))).toBe(true);
  });

  it('a 403 "blocked by the user" marks the chat inactive; my_chat_member keeps the flag right', async () => {
    const { storage } = await startBot();
    const user = { id: 305, language_code: 'en' };
    fake.push(textUpdate(user, '/start'));
    await fake.waitForMessages(305, 1);
    expect(storage.getChat('telegram:305')?.active).toBe(true);

    fake.block(305);
    const id = fake.push(textUpdate(user, '/help'));
    await handledUpTo(id);
    expect(storage.getChat('telegram:305')?.active).toBe(false);
    expect(storage.listSubscribers('all').map((c) => c.key)).not.toContain('telegram:305');

    fake.unblock(305);
    const unblocked = fake.push(memberUpdate(user, 'member'));
    await handledUpTo(unblocked);
    expect(storage.getChat('telegram:305')?.active).toBe(true);
    const kicked = fake.push(memberUpdate(user, 'kicked'));
    await handledUpTo(kicked);
    expect(storage.getChat('telegram:305')?.active).toBe(false);
    expect(fake.messagesTo(305)).toHaveLength(1);
  });

  it('the sender reports sent, blocked and retry outcomes without throwing (the outbox marks a blocked chat inactive)', async () => {
    const { channel, storage } = await startBot();
    storage.ensureChat('telegram:401');
    fake.block(402);
    fake.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', retry_after: 7 }, { chatId: 403 });
    const reply: Reply = { blocks: [{ type: 'heading', text: 'Reminder' }, { type: 'text', text: 'Seminar <tomorrow> & more' }] };
    const outcomes = await Promise.all(
      ['telegram:401', 'telegram:402', 'telegram:403', 'line:U1'].map(async (chat) => (await channel.sender.send([chat], [reply], { retryKey: 'k' }))[0]),
    );
    expect(outcomes.map((o) => o!.status)).toEqual(['sent', 'blocked', 'retry', 'failed']);
    expect(outcomes[2]!.retryAfterMs).toBe(7000);
    expect(outcomes[2]!.rateLimited).toBe(true);
    expect(fake.messagesTo(401)[0]!.text).toBe('Reminder\n\nSeminar <tomorrow> & more');
    expect(channel.sender.maxBatch).toBe(1);
    // No idempotency key on Telegram: an interrupted send must not be repeated.
    expect(channel.sender.idempotent).toBe(false);
    expect(storage.getChat('telegram:401')?.active).toBe(true);
  });

  it('one failing update does not stop the bot, and the user hears something went wrong', async () => {
    let calls = 0;
    await startBot({
      assistant: {
        handle: async () => {
          calls += 1;
          if (calls === 1) throw new Error('engine exploded');
          return [{ blocks: [{ type: 'text', text: 'fine again' }] }];
        },
      },
    });
    fake.push(textUpdate({ id: 306, language_code: 'en' }, 'first'));
    fake.push(textUpdate({ id: 306, language_code: 'en' }, 'second'));
    const [sorry, fine] = await fake.waitForMessages(306, 2);
    expect(sorry!.text).toBe(UI.en.somethingWentWrong);
    expect(fine!.text).toBe('fine again');
  });

  it('if Telegram ever refuses the HTML, the words still arrive as plain text', async () => {
    await startBot({ assistant: { handle: async () => [{ blocks: [{ type: 'heading', text: 'Fees & dates' }, { type: 'text', text: 'a < b' }] }] } });
    fake.fail('sendMessage', { error_code: 400, description: "Bad Request: can't parse entities: unsupported start tag" }, { chatId: 308 });
    fake.push(textUpdate({ id: 308 }, 'x'));
    const [plain] = await fake.waitForMessages(308, 1);
    expect(plain!.parseMode).toBeUndefined();
    expect(plain!.text).toBe('Fees & dates\n\na < b');
  });

  it('stop() lets a reply in progress finish before it resolves (polling)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const bot = await startBot({
      assistant: {
        handle: async () => {
          entered();
          await gate;
          return [{ blocks: [{ type: 'text', text: 'finished after all' }] }];
        },
      },
    });
    fake.push(textUpdate({ id: 307 }, 'slow one'));
    await inside;
    let stopped = false;
    const stopping = bot.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(fake.messagesTo(307).map((m) => m.text)).toEqual(['finished after all']);
  });

  it('a refused connection is reported as not delivered (safe to retry), with the token scrubbed from the error and the logs', async () => {
    const storage = openSqliteStorage(join(dir, 'net.db'));
    const unreachable = await FakeTelegram.start();
    await unreachable.close(); // nothing listens on its port any more
    const channel = createTelegramChannel({
      token: FAKE_TOKEN,
      apiRoot: unreachable.apiRoot,
      botInfo: FAKE_BOT,
      assistant: { handle: async () => [] },
      storage,
      logger: collectingLogger(logs),
    });
    const [outcome] = await channel.sender.send(['telegram:404'], [{ blocks: [{ type: 'text', text: 'hello' }] }], { retryKey: 'k' });
    storage.close();
    expect(outcome!.status).toBe('retry');
    expect(outcome!.error).toMatch(/ECONNREFUSED|failed/);
    expect(outcome!.error).not.toContain(FAKE_TOKEN.split(':')[1]);
    expect(logs.some((l) => l.level === 'warn' && String(l.obj.error).includes('[REDACTED]'))).toBe(true);
  });

  it('scrubs the bot token from text it logs', () => {
    const scrub = tokenScrubber(FAKE_TOKEN);
    const leaked = `request to http://127.0.0.1/bot${FAKE_TOKEN}/sendMessage failed`;
    expect(scrub(leaked)).not.toContain(FAKE_TOKEN.split(':')[1]);
    expect(scrub(leaked)).toContain('/bot[REDACTED]/sendMessage');
  });
});

describe('Telegram channel, webhook mode', () => {
  it('registers the webhook with a secret token and answers only updates that carry it', async () => {
    const { storage } = await startBot({ webhook: true });
    expect(fake.webhook?.secret).toBe('right-secret_123');
    const user = { id: 501, language_code: 'en' };

    expect(await fake.deliver(textUpdate(user, '/subscribe exam'), 'wrong-secret')).toBe(401);
    expect(await fake.deliver(textUpdate(user, '/subscribe exam'), null)).toBe(401);
    expect(await fake.deliver(textUpdate(user, '/help'))).toBe(200);
    const [help] = await fake.waitForMessages(501, 1);
    expect(help!.text).toBe(UI.en.help);
    // The rejected updates were not processed: nothing stored, nothing sent.
    expect(storage.listSubscriptions('telegram:501')).toEqual([]);
    expect(fake.messagesTo(501)).toHaveLength(1);
    expect(fake.callsOf('getUpdates')).toHaveLength(0);
  });

  it('stop() drains webhook replies in progress and turns new deliveries away with 503', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const bot = await startBot({
      webhook: true,
      assistant: {
        handle: async () => {
          entered();
          await gate;
          return [{ blocks: [{ type: 'text', text: 'done' }] }];
        },
      },
    });
    const url = fake.webhook!.url;
    const secret = fake.webhook!.secret!;
    expect(await fake.deliver(textUpdate({ id: 503 }, 'slow'))).toBe(200);
    await inside;
    const stopping = bot.channel.stop();
    const late = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
      body: JSON.stringify({ update_id: 888_001, ...textUpdate({ id: 503 }, 'late') }),
    });
    expect(late.status).toBe(503);
    release();
    await stopping;
    expect(fake.messagesTo(503).map((m) => m.text)).toEqual(['done']);
  });

  it('with the right secret, answers 400 to a body that is not an update and 413 to one over 1 MB; the bot goes on', async () => {
    await startBot({ webhook: true });
    const post = (body: string) =>
      fetch(fake.webhook!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': fake.webhook!.secret! },
        body,
      }).then((r) => r.status);
    expect(await post('{not json')).toBe(400);
    expect(await post('')).toBe(400);
    expect(await post(JSON.stringify({ message: { text: 'no update_id' } }))).toBe(400);
    expect(await post(JSON.stringify({ update_id: 1, filler: 'x'.repeat(1_100_000) }))).toBe(413);
    expect(fake.callsOf('sendMessage')).toHaveLength(0);
    expect(await fake.deliver(textUpdate({ id: 504, language_code: 'en' }, '/help'))).toBe(200);
    const [help] = await fake.waitForMessages(504, 1);
    expect(help!.text).toBe(UI.en.help);
  });

  it('answers a redelivered update once', async () => {
    await startBot({ webhook: true });
    const update = { update_id: 777_001, ...textUpdate({ id: 502, language_code: 'en' }, '/help') };
    const post = () =>
      fetch(fake.webhook!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': fake.webhook!.secret! },
        body: JSON.stringify(update),
      }).then((r) => r.status);
    expect(await post()).toBe(200);
    expect(await post()).toBe(200);
    await fake.waitForMessages(502, 1);
    expect(await fake.deliver(textUpdate({ id: 502, language_code: 'en' }, '/help'))).toBe(200);
    const messages = await fake.waitForMessages(502, 2);
    expect(messages).toHaveLength(2);
  });
});
