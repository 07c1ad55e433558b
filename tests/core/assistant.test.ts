import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Assistant, foldForGrouping, type Incoming } from '../../src/core/assistant.js';
import { decodeAction, encodeAction, type Action } from '../../src/core/actions.js';
import type { Answer, AnswerEngine } from '../../src/core/engine.js';
import { renderPlain, type Reply } from '../../src/core/reply.js';
import type { Storage } from '../../src/core/ports.js';
import { openSqliteStorage } from '../../src/storage/sqlite.js';
import type { Lang } from '../../src/core/types.js';

/** A stand-in engine: the conversation logic is under test here, not search. */
class ScriptedEngine implements AnswerEngine {
  asked: string[] = [];
  ask(question: string): Answer {
    this.asked.push(question);
    const lang: Lang = /[a-z]/i.test(question) ? 'en' : /[喺們這說邊]/.test(question) ? 'zh-Hant' : 'zh-Hans';
    if (!question.trim()) return { query: question, answered: false, answer: '', lang, sources: [], kind: 'empty', blocks: [] };
    const answered = !question.includes('weather');
    return {
      query: question,
      answered,
      answer: answered ? 'quoted passage' : 'not covered',
      lang,
      kind: answered ? 'answer' : 'out-of-scope',
      sources: answered
        ? [{ docId: 'd', sectionId: 'd#1', title: 'T', section: 'S', date: '2017', text: 'quoted passage', score: 3 }]
        : [],
      blocks: [{ type: 'text', text: answered ? 'quoted passage' : 'not covered' }],
    };
  }
  overview(topic: string, lang: Lang): Answer {
    return { query: topic, answered: true, answer: `overview ${topic}`, lang, sources: [], kind: 'answer', blocks: [{ type: 'quote', text: `overview of ${topic}` }] };
  }
}

let dir: string;
let storage: Storage;
let engine: ScriptedEngine;
let assistant: Assistant;
const now = new Date('2026-11-23T10:00:00+08:00');

function make(staff: string[] = []) {
  return new Assistant({ engine, storage, clock: { now: () => now }, staff: new Set(staff) });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ipbot-assistant-'));
  storage = openSqliteStorage(join(dir, 'ipbot.db'));
  engine = new ScriptedEngine();
  assistant = make();
});
afterEach(() => {
  storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const say = (text: string, extra: Partial<Incoming> = {}) =>
  assistant.handle({ channel: 'telegram', chat: 'telegram:1', sender: 'telegram:1', event: { type: 'text', text }, ...extra });
const press = (action: Extract<Incoming['event'], { type: 'action' }>['action'], extra: Partial<Incoming> = {}) =>
  assistant.handle({ channel: 'telegram', chat: 'telegram:1', sender: 'telegram:1', event: { type: 'action', action }, ...extra });
const plain = (replies: Reply[]) => replies.map((r) => renderPlain(r.blocks)).join('\n');

describe('Assistant', () => {
  it('welcomes in the language of the platform locale, with topic buttons', async () => {
    expect(plain(await say('/start', { locale: 'zh-hk' }))).toContain('你好！我是 ipbot');
    expect(plain(await say('/start', { locale: 'zh-hk' }))).toContain('專利代理人考試');
    const other = await assistant.handle({ channel: 'telegram', chat: 'telegram:2', sender: 'telegram:2', event: { type: 'text', text: '/start' }, locale: 'zh-cn' });
    expect(plain(other)).toContain('粤港知识产权公共服务助手');
    const english = await assistant.handle({ channel: 'telegram', chat: 'telegram:3', sender: 'telegram:3', event: { type: 'text', text: '/start@ipbot' }, locale: 'en' });
    expect(plain(english)).toContain("I'm ipbot");
    expect(english[0]!.buttons!.flat().map((b) => b.action)).toContainEqual({ type: 'topic', topic: 'exam' });
  });

  it('answers a question with feedback buttons and records the question and the vote', async () => {
    const replies = await say('香港考生喺邊度考？');
    expect(plain(replies)).toContain('quoted passage');
    const up = replies[0]!.buttons!.flat().find((b) => b.label === '👍')!;
    // Under an answer: feedback, and the way on to the topics (LINE shows both as quick replies).
    expect(replies[0]!.buttons!.flat().map((b) => b.action.type)).toEqual(['feedback', 'feedback', 'more', 'topics']);
    expect(up.action.type).toBe('feedback');
    // Thanks come in the language of the answer rated, not the English of the chat.
    expect(plain(await press(up.action, { locale: 'en' }))).toBe('多謝你的意見！');
    if (up.action.type !== 'feedback') throw new Error('not feedback');
    const forged = await assistant.handle({ channel: 'telegram', chat: 'telegram:9', sender: 'telegram:9', event: { type: 'action', action: up.action }, locale: 'en' });
    expect(plain(forged)).toContain("couldn't find that question");
  });

  it('offers topics instead of a passage when the question is not covered', async () => {
    const replies = await say('what is the weather tomorrow');
    expect(plain(replies)).toContain('not covered');
    expect(replies[0]!.buttons!.flat().map((b) => b.action.type)).toEqual(['topics', 'help']);
  });

  it('subscribes by command, button and natural words, and lists subscriptions', async () => {
    expect(plain(await say('/subscribe exam', { locale: 'en' }))).toContain('Subscribed to "Patent agent exam"');
    expect(plain(await say('/subscribe exam'))).toContain('already subscribed');
    await press({ type: 'subscribe', topic: 'award' });
    await say('訂閱 研討會');
    expect(storage.listSubscriptions('telegram:1').sort()).toEqual(['award', 'exam', 'seminar']);
    expect(plain(await say('/mysubs'))).toContain('Patent agent exam');
    await say('unsubscribe seminar');
    expect(storage.listSubscriptions('telegram:1').sort()).toEqual(['award', 'exam']);
    expect(plain(await say('/subscribe nonsense'))).toContain('No topic called "nonsense"');
  });

  it('takes subscription requests written as people write them: no space, a polite lead-in', async () => {
    expect(plain(await say('訂閱考試', { locale: 'zh-hk' }))).toBe('已訂閱「專利代理人考試」。有相關活動時會提醒你。');
    expect(plain(await say('请帮我订阅发明奖'))).toBe('已订阅“少年儿童发明奖”。有相关活动时会提醒你。');
    expect(plain(await say('我想訂閱：研討會！'))).toBe('已訂閱「研討會」。有相關活動時會提醒你。');
    expect(plain(await say('取消訂閱考試'))).toBe('已取消訂閱「專利代理人考試」。');
    expect(plain(await say('I want to subscribe to the seminars please'))).toBe('You are already subscribed to "Seminars".');
    expect(storage.listSubscriptions('telegram:1').sort()).toEqual(['award', 'seminar']);
    // Questions about subscribing stay questions.
    await say('訂閱研討會有什麼好處');
    await say('subscribers of exam');
    expect(engine.asked).toEqual(['訂閱研討會有什麼好處', 'subscribers of exam']);
  });

  it('treats words that merely start with 訂閱 as a question', async () => {
    await say('訂閱號是什麼');
    expect(engine.asked).toEqual(['訂閱號是什麼']);
  });

  it('shows a topic overview with a subscribe toggle', async () => {
    const [reply] = await press({ type: 'topic', topic: 'genuine' }, { locale: 'zh-hk' });
    expect(renderPlain(reply!.blocks)).toContain('正版正貨承諾');
    expect(reply!.buttons!.flat()[0]!.action).toEqual({ type: 'subscribe', topic: 'genuine' });
    await press({ type: 'subscribe', topic: 'genuine' });
    const [after] = await press({ type: 'topic', topic: 'genuine' });
    expect(after!.buttons!.flat()[0]!.action).toEqual({ type: 'unsubscribe', topic: 'genuine' });
  });

  it('titles a topic overview once when the engine already gives it a heading', async () => {
    engine.overview = (topic, lang) => ({
      query: topic, answered: true, answer: '', lang, sources: [], kind: 'answer',
      blocks: [{ type: 'heading', text: 'Patent agent exam: what the documents say' }, { type: 'quote', text: 'passage' }],
    });
    const [reply] = await press({ type: 'topic', topic: 'exam' }, { locale: 'en' });
    expect(reply!.blocks.filter((b) => b.type === 'heading').map((b) => (b as { text: string }).text)).toEqual([
      'Patent agent exam: what the documents say',
    ]);
  });

  it('offers to unsubscribe only from followed topics, and says so when there are none', async () => {
    const [none] = await say('/unsubscribe', { locale: 'en' });
    expect(renderPlain(none!.blocks)).toContain('You have no subscriptions yet');
    expect(none!.buttons ?? []).toEqual([]);
    await say('/subscribe award');
    const [menu] = await say('/unsubscribe');
    expect(menu!.buttons!.flat().map((b) => b.action)).toEqual([{ type: 'unsubscribe', topic: 'award' }]);
  });

  it('keeps the language of an English answer in a Chinese chat through its buttons', async () => {
    await say('這是什麼', { locale: 'zh-hk' });
    expect(storage.getChat('telegram:1')!.lang).toBe('zh-Hant');
    const [answer] = await say('what is the No Fakes Pledge');
    const topicsButton = answer!.buttons!.flat().find((b) => b.action.type === 'topics')!;
    expect(topicsButton.label).toBe('📚 Topics');
    // The button goes through the platform as data and comes back.
    const pressed = decodeAction(encodeAction(topicsButton.action)) as Action;
    const [menu] = await press(pressed);
    expect(renderPlain(menu!.blocks)).toBe('Choose a topic:');
    const award = menu!.buttons!.flat().find((b) => b.label === 'Invention award')!;
    const [overview] = await press(decodeAction(encodeAction(award.action))!);
    expect(renderPlain(overview!.blocks)).toContain('Youth invention award');
    const subscribe = overview!.buttons!.flat()[0]!;
    expect(subscribe.label).toBe('🔔 Subscribe');
    expect(plain(await press(decodeAction(encodeAction(subscribe.action))!))).toContain('Subscribed to "Youth invention award"');
    // The chat itself stays Traditional, and its own buttons carry no language.
    expect(storage.getChat('telegram:1')!.lang).toBe('zh-Hant');
    const [own] = await say('/topics');
    expect(renderPlain(own!.blocks)).toBe('請選擇主題：');
    expect(own!.buttons!.flat().map((b) => encodeAction(b.action))).toContain('t:exam');
    expect(decodeAction('T:xx')).toBeUndefined();
  });

  it('carries the new buttons through platform data within 64 bytes, and drops forged ones', () => {
    const actions: Action[] = [
      { type: 'feedback-reason', questionId: 123456789, reason: 'outdated' },
      { type: 'more' },
      { type: 'more', lang: 'en' },
      { type: 'clarify', topic: 'seminar' },
      { type: 'changed', update: 'famous-trademark-cleanup-2017', lang: 'zh-Hans' },
    ];
    for (const action of actions) {
      const data = encodeAction(action);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeAction(data)).toEqual(action);
    }
    for (const forged of ['fr:1:z', 'fr:x:w', 'c:nope', 'w:../etc', 'm:xx']) expect(decodeAction(forged), forged).toBeUndefined();
  });

  it('says which /lang word it does not know, then offers the languages', async () => {
    const [reply] = await say('/lang klingon', { locale: 'en' });
    expect(renderPlain(reply!.blocks)).toBe('I don\'t know the language "klingon". Choose a language:');
    expect(reply!.buttons!.flat().map((b) => b.label)).toEqual(['繁體中文', '简体中文', 'English']);
    expect(storage.getChat('telegram:1')!.lang).toBe('en');
  });

  it('subscribes to every topic named at once, replying in the script of the words', async () => {
    const [two] = await say('/subscribe 考試 商標', { locale: 'zh-hk' });
    expect(renderPlain(two!.blocks)).toBe('已訂閱「專利代理人考試」。有相關活動時會提醒你。\n已訂閱「廣東省著名商標」。有相關活動時會提醒你。');
    expect(two!.buttons!.flat().map((b) => b.label)).toEqual(['🔕 專利代理人考試', '🔕 廣東省著名商標']);
    expect(storage.listSubscriptions('telegram:1').sort()).toEqual(['exam', 'trademark']);
    // One topic whose name has two words is still one topic.
    expect(plain(await say('subscribe famous trademark'))).toBe('You are already subscribed to "Famous trademark".');
    expect(plain(await say('订阅 研讨会'))).toBe('已订阅“研讨会”。有相关活动时会提醒你。');
    const [en] = await say('unsubscribe exam and seminar');
    expect(renderPlain(en!.blocks)).toBe('Unsubscribed from "Patent agent exam".\nUnsubscribed from "Seminars".');
    expect(en!.buttons!.flat().map((b) => b.action)).toEqual([
      { type: 'subscribe', topic: 'exam', lang: 'en' },
      { type: 'subscribe', topic: 'seminar', lang: 'en' },
    ]);
    // The chat's own language is untouched.
    expect(plain(await say('/mysubs'))).toBe('你訂閱了：廣東省著名商標。');
  });

  it('shows staff their commands in /help, and nobody else', async () => {
    expect(plain(await say('/help', { locale: 'en' }))).not.toContain('/broadcast');
    assistant = make(['telegram:1']);
    const help = plain(await say('/help'));
    expect(help).toContain('Staff commands:');
    expect(help).toContain('/broadcast <topic|all> <text> – preview, then send an announcement');
  });

  it('subscribes to all topics and unsubscribes from all at once', async () => {
    await say('/subscribe all', { locale: 'en' });
    expect(storage.listSubscriptions('telegram:1')).toHaveLength(6);
    const [stop] = await say('unsubscribe all');
    expect(renderPlain(stop!.blocks).split('\n')).toHaveLength(6);
    expect(storage.listSubscriptions('telegram:1')).toEqual([]);
    expect(plain(await say('取消訂閱 全部'))).toBe('你未有訂閱任何主題。輸入 /subscribe 開始訂閱。');
    expect(engine.asked).toEqual([]);
  });

  it('switches language and remembers it', async () => {
    await say('/start', { locale: 'en' });
    expect(plain(await say('/lang 繁'))).toContain('繁體中文');
    expect(plain(await say('/help'))).toContain('指令');
    expect(storage.getChat('telegram:1')!.lang).toBe('zh-Hant');
  });

  it('marks a chat inactive on unfollow and active again when it writes', async () => {
    await say('/start');
    expect(await assistant.handle({ channel: 'line', chat: 'telegram:1', sender: 'telegram:1', event: { type: 'unfollow' } })).toEqual([]);
    expect(storage.getChat('telegram:1')!.active).toBe(false);
    await say('hello again');
    expect(storage.getChat('telegram:1')!.active).toBe(true);
  });

  it('answers unknown commands and forged buttons politely', async () => {
    expect(plain(await say('/frobnicate', { locale: 'en' }))).toContain('/help');
    expect(plain(await say('/start'))).not.toBe('');
  });

  it('asks for a question when the message is empty', async () => {
    expect(plain(await say('   '))).toMatch(/question|問題|问题/);
  });

  it('groups Traditional and Simplified wordings of one question under one key', () => {
    expect(foldForGrouping('專利代理人考試喺邊度？')).toBe(foldForGrouping('专利代理人考试喺边度?'));
  });
});

describe('topic buttons', () => {
  it('fit LINE quick-reply labels (20 characters) in every language', async () => {
    const { topicMenu } = await import('../../src/core/assistant.js');
    for (const lang of ['zh-Hant', 'zh-Hans', 'en'] as const) {
      for (const b of topicMenu(lang, '', 'topic').buttons!.flat()) expect(b.label.length).toBeLessThanOrEqual(20);
    }
  });
});

describe('a person whose platform gives no language', () => {
  it('is welcomed in the channel’s fallback language: English on Telegram, Hong Kong Traditional on LINE (and by default)', async () => {
    // The channel's sender declares it (Telegram 'en'); the inbox passes it on.
    const tg = await assistant.handle({ channel: 'telegram', chat: 'telegram:77', sender: 'telegram:77', event: { type: 'text', text: '/start' }, fallbackLang: 'en' });
    expect(plain(tg)).toContain("I'm ipbot");
    const line = await assistant.handle({ channel: 'line', chat: 'line:U77', sender: 'line:U77', event: { type: 'follow' }, fallbackLang: 'zh-Hant' });
    expect(plain(line)).toContain('你好！我是 ipbot');
  });
});
