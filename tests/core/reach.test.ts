/**
 * Subscription links and asking a person, through the assistant with real SQLite: what a person
 * tapping a poster link, pressing "Ask staff" or answering from the staff chat would see.
 */
import { describe, expect, it } from 'vitest';
import { Assistant, type Incoming } from '../../src/core/assistant.js';
import { decodeAction, encodeAction, type Action } from '../../src/core/actions.js';
import type { Answer, AnswerEngine } from '../../src/core/engine.js';
import { createHandoffPlugin, deliverHandoffs, parseHandoffRef } from '../../src/core/handoff.js';
import { lineSubscribeLink, parseStartPayload, telegramSubscribeLink } from '../../src/core/links.js';
import type { Storage } from '../../src/core/ports.js';
import { renderPlain, type Reply } from '../../src/core/reply.js';
import { collectStats, formatStats } from '../../src/core/stats.js';
import { createEventCatalog, validateEvent } from '../../src/core/events.js';
import { reminderReply } from '../../src/core/reminders.js';
import { createStaffPlugin } from '../../src/core/staff-plugin.js';
import type { Lang } from '../../src/core/types.js';
import { FakeSender } from '../support/fake-sender.js';
import { tempDbDir } from '../support/temp-db.js';

/** Declines anything about the weather; answers the rest. Language from the script written in. */
const engine: AnswerEngine = {
  ask(q) {
    const lang: Lang = /[a-z]/i.test(q) ? 'en' : /[們這說邊]/.test(q) ? 'zh-Hant' : 'zh-Hans';
    const answered = !/weather|天氣|天气/.test(q);
    const text = answered ? `quoted passage for ${q}` : 'The documents do not cover this.';
    return { query: q, answered, answer: text, lang, sources: [], kind: answered ? 'answer' : 'out-of-scope', blocks: [{ type: 'text', text }] } as Answer;
  },
  overview: (t, lang) => ({ query: t, answered: true, answer: '', lang, sources: [], kind: 'answer', blocks: [{ type: 'text', text: t }] }) as Answer,
};

const STAFF_CHAT = 'telegram:-100500';
const ADMIN = 'telegram:42';
const db = tempDbDir();
let storage: Storage;
let now = new Date('2026-11-23T02:00:00Z');
const clock = { now: () => now };

/** `null`: hand-offs off (no STAFF_CHAT). */
function assistant(staffChat: string | null = STAFF_CHAT, onChange?: () => void) {
  storage ??= db.open();
  const plugin = createHandoffPlugin({ ...(staffChat ? { staffChat } : {}), ...(onChange ? { onChange } : {}) });
  return new Assistant({ engine, storage, clock, staff: new Set([ADMIN]), plugins: [plugin] });
}

let nextUser = 1000;
const user = (channel: 'telegram' | 'line' = 'telegram') => (channel === 'telegram' ? `telegram:${nextUser++}` : `line:U${nextUser++}`);
// As the inbox hands them over: with the channel's fallback language (Telegram English, LINE Hong Kong Traditional).
const incoming = (chat: string, event: Incoming['event'], extra: Partial<Incoming> = {}): Incoming => ({
  channel: chat.startsWith('line:') ? 'line' : 'telegram',
  chat,
  sender: chat,
  event,
  fallbackLang: chat.startsWith('line:') ? 'zh-Hant' : 'en',
  ...extra,
});
const text = (replies: Reply[]) => replies.map((r) => renderPlain(r.blocks)).join('\n');
const buttons = (replies: Reply[]) => replies.flatMap((r) => (r.buttons ?? []).flat());
const press = (a: Assistant, chat: string, action: Action) => a.handle(incoming(chat, { type: 'action', action: decodeAction(encodeAction(action))! }));

describe('subscription links', () => {
  it('/start sub_award subscribes and confirms in the person’s language', async () => {
    const a = assistant();
    const chat = user();
    const replies = await a.handle(incoming(chat, { type: 'text', text: '/start sub_award' }, { locale: 'zh-hk' }));
    expect(text(replies)).toContain('已訂閱「少年兒童發明獎」');
    expect(storage.listSubscriptions(chat)).toEqual(['award']);
    const en = user();
    expect(text(await a.handle(incoming(en, { type: 'text', text: '/start sub_award' }, { locale: 'en' })))).toContain('Subscribed to "Youth invention award"');
  });

  it('sub_award-seminar subscribes to both; sub_all to every topic; a second tap says already subscribed', async () => {
    const a = assistant();
    const chat = user();
    const replies = await a.handle(incoming(chat, { type: 'text', text: '/start sub_award-seminar' }, { locale: 'zh-cn' }));
    expect(text(replies)).toContain('已订阅“少年儿童发明奖”');
    expect(text(replies)).toContain('已订阅“研讨会”');
    expect(storage.listSubscriptions(chat)).toEqual(['award', 'seminar']);
    expect(text(await a.handle(incoming(chat, { type: 'text', text: '/start sub_award-seminar' }, { locale: 'zh-cn' })))).toContain('你已经订阅了“少年儿童发明奖”');
    const all = user();
    await a.handle(incoming(all, { type: 'text', text: '/start sub_all' }, { locale: 'en' }));
    expect(storage.listSubscriptions(all)).toHaveLength(6);
  });

  it.each(['sub_', 'sub_xyz', 'sub_award-xyz', 'hello', '<b>x</b>', 'sub_award😀', 'x'.repeat(300)])('a bad payload %j subscribes nothing and says so', async (payload) => {
    const a = assistant();
    const chat = user();
    const replies = await a.handle(incoming(chat, { type: 'text', text: `/start ${payload}` }, { locale: 'en' }));
    expect(text(replies)).toMatch(/is not a valid subscription link, so nothing was subscribed/);
    // The welcome follows, with the topics as buttons: the person can still subscribe by hand.
    expect(buttons(replies).some((b) => b.action.type === 'topic')).toBe(true);
    expect(storage.listSubscriptions(chat)).toEqual([]);
    expect(text(replies).length).toBeLessThan(1200);
  });

  it('the Telegram link carries the payload Telegram allows; parsing it gives the topics back', () => {
    const url = new URL(telegramSubscribeLink('ipbot_test_bot', ['award', 'seminar']));
    expect(url.host).toBe('t.me');
    const start = url.searchParams.get('start')!;
    expect(start).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(parseStartPayload(start)).toEqual({ kind: 'subscribe', topics: ['award', 'seminar'] });
  });

  it.each(['exam', 'trademark', 'overseas', 'genuine', 'award', 'seminar', 'all'] as const)('the LINE link for %s types a sentence ipbot turns into that subscription', async (topic) => {
    const url = lineSubscribeLink('@123abcde', topic);
    expect(url.startsWith('https://line.me/R/oaMessage/@123abcde/?')).toBe(true);
    const sentence = decodeURIComponent(url.slice(url.indexOf('/?') + 2));
    const a = assistant();
    const chat = user('line');
    const replies = await a.handle(incoming(chat, { type: 'text', text: sentence }));
    expect(text(replies)).toContain('已訂閱');
    expect(storage.listSubscriptions(chat)).toEqual(topic === 'all' ? ['exam', 'trademark', 'overseas', 'genuine', 'award', 'seminar'] : [topic]);
  });
});

describe('asking a person', () => {
  async function declined(a: Assistant, chat: string, question = 'what is the weather tomorrow') {
    const replies = await a.handle(incoming(chat, { type: 'text', text: question }));
    const ask = buttons(replies).find((b) => b.action.type === 'handoff');
    return { replies, ask };
  }

  it('a declined answer offers "Ask staff" only when STAFF_CHAT is set', async () => {
    expect((await declined(assistant(), user())).ask?.label).toBe('🙋 Ask staff');
    expect((await declined(assistant(null), user())).ask).toBeUndefined();
    // The terminal cannot receive a staff answer later: no button there.
    const terminal = await assistant().handle({ channel: 'cli', chat: 'cli:local', sender: 'cli:local', event: { type: 'text', text: 'what is the weather' } });
    expect(buttons(terminal).some((b) => b.action.type === 'handoff')).toBe(false);
    // Answered questions get 👍/👎, not the button.
    const answered = await assistant().handle(incoming(user(), { type: 'text', text: 'patent agent exam' }));
    expect(buttons(answered).some((b) => b.action.type === 'handoff')).toBe(false);
  });

  it('the thanks for a 👎 offers it too, in the answer’s language', async () => {
    const a = assistant();
    const chat = user();
    const answered = await a.handle(incoming(chat, { type: 'text', text: '專利代理人考試點樣報名？這個' }));
    const down = buttons(answered).find((b) => b.action.type === 'feedback' && b.action.vote === 'down')!;
    const thanks = await press(a, chat, down.action);
    expect(buttons(thanks).find((b) => b.action.type === 'handoff')?.label).toBe('🙋 職員跟進');
    const up = buttons(answered).find((b) => b.action.type === 'feedback' && b.action.vote === 'up')!;
    expect(buttons(await press(a, chat, up.action)).some((b) => b.action.type === 'handoff')).toBe(false);
  });

  it('pressing twice gives one hand-off; the relay names reference, channel, language, question and ipbot’s reply', async () => {
    let changes = 0;
    const a = assistant(STAFF_CHAT, () => changes++);
    const chat = user('line');
    const { ask } = await declined(a, chat, '明天天氣點樣？這個');
    const first = await press(a, chat, ask!.action);
    const ref = /#h\d+/.exec(text(first))![0];
    expect(text(first)).toContain(`已轉交職員跟進（編號 ${ref}）`);
    expect(text(await press(a, chat, ask!.action))).toContain(`你已要求職員跟進（${ref}）`);
    expect(changes).toBe(1);

    const senders = [new FakeSender('telegram'), new FakeSender('line')];
    await deliverHandoffs({ storage, senders, staffChat: STAFF_CHAT, clock });
    const relays = senders[0]!.calls.filter((c) => c.chats[0] === STAFF_CHAT && c.text.includes(ref));
    expect(relays).toHaveLength(1);
    expect(relays[0]!.text).toContain('line');
    expect(relays[0]!.text).toContain('繁體中文');
    expect(relays[0]!.text).toContain('明天天氣點樣？這個');
    expect(relays[0]!.text).toContain('The documents do not cover this.');
    expect(relays[0]!.text).toContain(`/reply ${ref.slice(1)}`);
    // Delivered once: a second run sends nothing.
    const before = senders[0]!.calls.length;
    await deliverHandoffs({ storage, senders, staffChat: STAFF_CHAT, clock });
    expect(senders[0]!.calls.length).toBe(before);
  });

  it('a forged button (another chat’s question) opens nothing', async () => {
    const a = assistant();
    const owner = user();
    const { ask } = await declined(a, owner);
    const stranger = user();
    expect(text(await press(a, stranger, ask!.action))).toContain("couldn't pass this question");
  });

  it('staff answer with /reply from STAFF_CHAT; the asker gets it in their script, once; a second /reply is refused', async () => {
    const a = assistant();
    const chat = user();
    const { ask } = await declined(a, chat, '明天天气怎么样');
    const ref = /#h(\d+)/.exec(text(await press(a, chat, ask!.action)))!;
    now = new Date(now.getTime() + 30 * 60_000);
    const staffMember = 'telegram:777';
    const reply = await a.handle(incoming(STAFF_CHAT, { type: 'text', text: `/reply h${ref[1]} 請致電知識產權署查詢。` }, { sender: staffMember }));
    // Telegram without a language code: English.
    expect(text(reply)).toContain(`Answer to #h${ref[1]} recorded`);
    expect(text(await a.handle(incoming(STAFF_CHAT, { type: 'text', text: `/reply h${ref[1]} again` }, { sender: staffMember })))).toContain('has already been answered');

    const telegram = new FakeSender('telegram');
    await deliverHandoffs({ storage, senders: [telegram], staffChat: STAFF_CHAT, clock });
    const toAsker = telegram.calls.filter((c) => c.chats[0] === chat);
    expect(toAsker).toHaveLength(1);
    expect(toAsker[0]!.text).toContain(`职员回复（#h${ref[1]}）`);
    expect(toAsker[0]!.text).toContain('请致电知识产权署查询。');
    expect(toAsker[0]!.text).toContain('明天天气怎么样');
  });

  it('on Telegram a reply to the relayed message answers it; outside STAFF_CHAT only ADMIN_IDS may answer', async () => {
    const a = assistant();
    const chat = user();
    const { ask } = await declined(a, chat);
    const id = /#h(\d+)/.exec(text(await press(a, chat, ask!.action)))![1]!;
    const outsider = user();
    expect(text(await a.handle(incoming(outsider, { type: 'text', text: `/reply h${id} hi` }, { locale: 'en' })))).toContain('Only the staff chat or staff may answer');
    // A reply quoting the relay, in the staff chat: claimed as the answer, not read as a question.
    const quoted = `🙋 Help request #h${id} (telegram, English)\nQuestion:\nwhat is the weather tomorrow`;
    const replies = await a.handle(incoming(STAFF_CHAT, { type: 'text', text: 'Please call us.' }, { sender: 'telegram:778', quoted, locale: 'en' }));
    expect(text(replies)).toContain(`Answer to #h${id} recorded`);
    expect(storage.getHandoff(Number(id))?.answer).toBe('Please call us.');
    // An admin may answer from their own chat.
    const second = await declined(a, chat);
    const id2 = /#h(\d+)/.exec(text(await press(a, chat, second.ask!.action)))![1]!;
    expect(text(await a.handle(incoming(ADMIN, { type: 'text', text: `/reply #h${id2} ok` }, { locale: 'en' })))).toContain(`Answer to #h${id2} recorded`);
  });

  it('bad /reply input gets a clear reply', async () => {
    const a = assistant();
    for (const bad of ['/reply', '/reply h', '/reply 12 text', '/reply h12', '/reply hx text']) {
      expect(text(await a.handle(incoming(STAFF_CHAT, { type: 'text', text: bad }, { locale: 'en' })))).toMatch(/Usage: \/reply/);
    }
    expect(text(await a.handle(incoming(STAFF_CHAT, { type: 'text', text: '/reply h999999 hello' }, { locale: 'en' })))).toContain('No help request #h999999');
    // Too long for one message: refused whole, the hand-off stays open.
    const last = storage.openHandoff({ questionId: storage.recordQuestion({ chat: 'telegram:1', text: 'q', folded: 'q', lang: 'en', answered: false, kind: 'out-of-scope', at: now }), chat: 'telegram:1', lang: 'en', question: 'q', botReply: 'r' }, now).handoff;
    expect(text(await a.handle(incoming(STAFF_CHAT, { type: 'text', text: `/reply h${last.id} ${'長'.repeat(3501)}` })))).toContain('3501');
    expect(storage.getHandoff(last.id)!.status).toBe('open');
    expect(text(await assistant(null).handle(incoming(ADMIN, { type: 'text', text: '/reply h1 hello' }, { locale: 'en' })))).toContain('STAFF_CHAT');
    expect(parseHandoffRef('#H12')).toBe(12);
    expect(parseHandoffRef('xh12')).toBeUndefined();
  });

  it('/stats shows open and answered hand-offs and the median time to answer', () => {
    const counts = storage.handoffCounts();
    expect(counts.answered).toBeGreaterThanOrEqual(3);
    expect(counts.open).toBeGreaterThanOrEqual(1);
    const report = collectStats(storage, now);
    expect(report.handoffs30.answered).toBe(counts.answered);
    const shown = formatStats(report, 'en');
    expect(shown).toMatch(new RegExp(`Staff hand-offs \\(30 days\\): ${counts.open} open, ${counts.answered} answered \\(median time to answer \\d+ min\\)`));
  });
});

describe('add to calendar', () => {
  const award = validateEvent({ id: 'award-2030', topic: 'award', title: { 'zh-Hant': '發明獎截止', en: 'Award deadline' }, start: '2030-06-01T17:00:00+08:00' });
  const withCalendar = (publicUrl?: string) => {
    storage ??= db.open();
    const plugin = createStaffPlugin({ events: createEventCatalog(() => [award], storage), ...(publicUrl ? { publicUrl } : {}) });
    return new Assistant({ engine, storage, clock, staff: new Set(), plugins: [plugin] });
  };
  const links = (replies: Reply[]) => replies.flatMap((r) => r.blocks).filter((b) => b.type === 'link');

  it('with PUBLIC_URL, /events links the feed of each followed topic (or all), in the reader’s language', async () => {
    const a = withCalendar('https://bot.example.org');
    const chat = user();
    await a.handle(incoming(chat, { type: 'text', text: '/subscribe award' }, { locale: 'en' }));
    expect(links(await a.handle(incoming(chat, { type: 'text', text: '/events' })))).toEqual([
      { type: 'link', text: '📅 Youth invention award: add to calendar', url: 'https://bot.example.org/calendar/award.ics?lang=en' },
    ]);
    expect(links(await a.handle(incoming(chat, { type: 'text', text: '/events all' })))).toEqual([
      { type: 'link', text: '📅 Add to calendar', url: 'https://bot.example.org/calendar/all.ics?lang=en' },
    ]);
    expect(links(await withCalendar().handle(incoming(chat, { type: 'text', text: '/events' })))).toEqual([]);
  });

  it('each reminder carries the link to its topic’s feed', () => {
    const reply = reminderReply(award, '1d', 'zh-Hant', 'https://bot.example.org');
    expect(reply.blocks.at(-1)).toEqual({ type: 'link', text: '📅 加入行事曆', url: 'https://bot.example.org/calendar/award.ics' });
    expect(reminderReply(award, '1d', 'zh-Hant').blocks.some((b) => b.type === 'link' && b.url.includes('/calendar/'))).toBe(false);
  });

  it('/events ics attaches the calendar file on Telegram; on LINE it gives the link instead', async () => {
    const a = withCalendar('https://bot.example.org');
    const [file] = await a.handle(incoming(user(), { type: 'text', text: '/events ics' }, { locale: 'en' }));
    expect(file!.document?.filename).toBe('ipbot-events.ics');
    expect(file!.document?.mimeType).toBe('text/calendar; charset=utf-8');
    expect(file!.document?.content).toContain('UID:award-2030@ipbot');
    expect(text([file!])).toContain('(1 event, Hong Kong time)');
    const onLine = await a.handle(incoming(user('line'), { type: 'text', text: '/events ics' }));
    expect(onLine[0]!.document).toBeUndefined();
    expect(text(onLine)).toContain('這裏未能傳送檔案');
    expect(links(onLine)[0]!.url).toBe('https://bot.example.org/calendar/all.ics');
    expect(text(await withCalendar().handle(incoming(user('line'), { type: 'text', text: '/events ics' })))).toContain('/events ics');
    // Following only a topic without events: no empty file.
    const seminarOnly = user();
    await a.handle(incoming(seminarOnly, { type: 'text', text: '/subscribe seminar' }, { locale: 'en' }));
    const none = await a.handle(incoming(seminarOnly, { type: 'text', text: '/events ics' }));
    expect(none[0]!.document).toBeUndefined();
    expect(text(none)).toContain('No events with a confirmed date for your topics yet');
  });
});
