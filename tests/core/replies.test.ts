/**
 * Replies people can use (issue 10), through the assistant with the real engine, documents, glossary,
 * updates and contacts, and a real SQLite file: the answer first, English for English askers, follow-ups
 * in context, a next step after every decline, questions about ipbot, several topics in one request, and
 * what was wrong with an answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Assistant, type Incoming } from '../../src/core/assistant.js';
import type { Action } from '../../src/core/actions.js';
import { renderPlain, type Reply } from '../../src/core/reply.js';
import { collectStats, formatStats } from '../../src/core/stats.js';
import { readContactsFile } from '../../src/knowledge/contacts-file.js';
import { loadAnswerEngine } from '../../src/knowledge/load-engine.js';
import type { SqliteStorage } from '../../src/storage/sqlite.js';
import { tempDbDir } from '../support/temp-db.js';

const db = tempDbDir();
let storage: SqliteStorage;
let assistant: Assistant;
let clock = new Date('2026-11-30T10:00:00+08:00');
const minutes = (n: number) => (clock = new Date(clock.getTime() + n * 60_000));

beforeAll(() => {
  storage = db.open();
  const loaded = loadAnswerEngine('knowledge', { now: () => clock });
  const { contacts } = readContactsFile('knowledge');
  assistant = new Assistant({ engine: loaded.engine, storage, clock: { now: () => clock }, staff: new Set(), contacts, knowledge: loaded.kb, updates: loaded.updates });
});

/** One person's chat: what they type and press, and the replies as the terminal shows them. */
function person(id: string, locale?: string) {
  const base = { channel: 'telegram' as const, chat: `telegram:${id}`, sender: `telegram:${id}`, ...(locale ? { locale } : {}) };
  let last: Reply[] = [];
  const run = async (event: Incoming['event']) => {
    last = await assistant.handle({ ...base, event });
    return last;
  };
  return {
    say: async (text: string) => plain(await run({ type: 'text', text })),
    press: async (label: string | RegExp) => {
      const button = last.flatMap((r) => r.buttons?.flat() ?? []).find((b) => (typeof label === 'string' ? b.label === label : label.test(b.label)));
      if (!button) throw new Error(`no button ${label} in: ${last.flatMap((r) => r.buttons?.flat().map((b) => b.label) ?? []).join(', ')}`);
      return plain(await run({ type: 'action', action: button.action }));
    },
    buttons: () => last.flatMap((r) => r.buttons?.flat() ?? []),
    actions: (): Action[] => last.flatMap((r) => r.buttons?.flat().map((b) => b.action) ?? []),
    blocks: () => last.flatMap((r) => r.blocks),
    key: base.chat,
  };
}

const plain = (replies: Reply[]) => replies.map((r) => renderPlain(r.blocks)).join('\n');

describe('the answer first', () => {
  it('opens a how-many answer with the figure from the quoted sentence, then a short quote and one source line', async () => {
    const p = person('count');
    const text = await p.say('2016年专利代理人资格考试有几个香港考生通过？');
    const [lead, quote, source] = p.blocks();
    expect(lead).toMatchObject({ type: 'heading' });
    expect(lead!.text).toMatch(/^5人/);
    expect(quote!.text).toContain(lead!.text.replace(/（.*$/, ''));
    expect(quote!.text.length).toBeLessThanOrEqual(260);
    expect(source).toMatchObject({ type: 'source', text: expect.stringMatching(/^出处：《粤港专责小组第十六次会议进展报告》 17，2017-07$/) });
    expect(p.blocks().filter((b) => b.type === 'note')).toHaveLength(1);
    expect(text.match(/《粤港专责小组/g)).toHaveLength(1);
  });

  it('gives English askers the fact in English, the English title and section, and the Chinese quote as evidence', async () => {
    const p = person('english');
    await p.say('When was the Guangdong–Hong Kong seminar on IP and SME development held in Dongguan?');
    const [lead, quote, source] = p.blocks();
    expect(lead!.text).toBe('June 2017');
    expect(quote!.text).toContain('2017年6月');
    expect(source!.text).toMatch(/^Source: 16th Meeting of the Guangdong\/Hong Kong Expert Group .*, §11, 2017-07$/);
  });

  it('labels a plan table row: 2020 value, 2025 target, attribute', async () => {
    const p = person('table');
    await p.say('每万人口高价值发明专利拥有量到2025年目标是多少？');
    expect(p.blocks()[0]).toEqual({ type: 'heading', text: '每万人口高价值发明专利拥有量：2020年 13.5件 → 2025年目标 20件（预期性）' });
    const en = person('table-en');
    await en.say('What is the 2025 target for high-value invention patents per 10,000 people?');
    expect(en.blocks()[0]!.text).toMatch(/: 2020: 13\.5 → 2025 target: 20 \(expected\)$/);
  });

  it('merges the age caveat and the later development into one ⚠ line, the full note behind "What changed since?"', async () => {
    const p = person('changed');
    await p.say('廣東省著名商標係咩嚟？');
    const notes = p.blocks().filter((b) => b.type === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toMatch(/^2017年的進展報告，情況或已改變。其後：/);
    const full = await p.press('之後有咩改變？');
    expect(full).toContain('全面清理地方「著名商標」');
    expect(full).toContain('資料來源');
  });
});

describe('follow-ups in context', () => {
  it('reads 邊個部門負責？ and 咁而家仲可唔可以申請？ with the question before, and 再講多啲 goes on in the same section', async () => {
    const p = person('hk-sme');
    await p.say('廣東省著名商標係咩嚟？');
    const first = p.blocks().find((b) => b.type === 'quote')!.text;
    const who = await p.say('邊個部門負責？');
    expect(who).not.toContain('沒有涵蓋');
    expect(p.blocks()[0]).toMatchObject({ type: 'heading', text: expect.stringMatching(/局|署/) });
    const apply = await p.say('咁而家仲可唔可以申請？');
    expect(apply).not.toContain('沒有涵蓋');
    expect(apply).toContain('著名商標');
    const more = await p.say('再講多啲');
    expect(more).not.toContain(first);
    expect(more).toMatch(/出處：《粵港專責小組第十六次會議進展報告》 19/);
  });

  it('reads 邊個部門負責？ after a question that asks something else about the programme (what good it does)', async () => {
    const p = person('hk-sme-2');
    await p.say('著名商標有咩好處？');
    expect(await p.say('邊個部門負責？')).not.toContain('沒有涵蓋');
    expect(p.blocks()[0]).toMatchObject({ type: 'heading', text: expect.stringMatching(/局|署/) });
  });

  it('answers "what about …" and "where then?" about the same exam, in English', async () => {
    const p = person('lawyer');
    await p.say('How many Hong Kong people have passed the mainland patent agent exam since 2004?');
    const fee = await p.say('what about the fee?');
    // The documents state no fee: a decline, with who announces fees and how to hear of them.
    expect(fee).toContain('/events');
    expect(fee).toContain('/subscribe exam');
    expect(fee).toContain('CNIPA');
    const where = await p.say('where then?');
    expect(where).not.toContain("don't cover");
    expect(p.blocks()[0]).toMatchObject({ type: 'heading' });
  });

  it('takes a new subject into the old question: 那海外维权呢？', async () => {
    const p = person('mainland');
    await p.say('正版正货承诺有哪些重点工作？');
    await p.say('那海外维权呢？');
    expect(p.blocks().find((b) => b.type === 'quote')!.text).toMatch(/海外/);
  });

  it('forgets the context after about 30 minutes', async () => {
    const p = person('later');
    await p.say('廣東省著名商標係咩嚟？');
    minutes(31);
    expect(await p.say('邊個部門負責？')).toContain('沒有涵蓋');
    expect(await p.say('再講多啲')).toContain('請先問一個問題');
  });

  it('asks which programme a short question means when it names two, with buttons that answer it', async () => {
    const p = person('clarify');
    const ask = await p.say('研討會同發明獎幾時舉行？');
    expect(ask).toBe('你指邊一個？');
    expect(p.actions()).toEqual([
      { type: 'clarify', topic: 'award' },
      { type: 'clarify', topic: 'seminar' },
    ]);
    const answer = await p.press('研討會');
    expect(answer).toContain('研討會');
    expect(answer).not.toContain('發明獎');
  });
});

describe('a next step after every decline', () => {
  it('answers 有冇電話可以打去問？ and 知識產權署嘅網址係咩 from the sourced contacts, with their date', async () => {
    const p = person('contacts');
    const phone = await p.say('有冇電話可以打去問？');
    expect(phone).toContain('2961 6901');
    expect(phone).toContain('聯絡資料於2026-11-30按官方來源整理');
    const site = await p.say('知識產權署嘅網址係咩');
    expect(site).toContain('https://www.ipd.gov.hk');
    expect(site).not.toContain('2961');
    // A body the contacts do not hold is not given a made-up number.
    const customs = await p.say('香港海關的舉報熱線電話是多少？');
    expect(customs).toContain('我的聯絡資料沒有這一項');
  });

  it('declines with contacts for the asker\'s region; dates and fees point to /events and /subscribe', async () => {
    const hk = person('decline-hk');
    const text = await hk.say('專利代理人考試報名費幾多錢？');
    expect(text).toContain('沒有涵蓋');
    expect(text).toContain('可以向以下機構查詢');
    expect(text).toContain('國家知識產權局');
    expect(text).toContain('最新日期及費用以國家知識產權局公布為準');
    expect(text).toContain('/subscribe exam');
    const mainland = person('decline-cn');
    const weather = await mainland.say('明天广州天气怎么样？');
    expect(weather).toContain('可以向以下机构查询');
    expect(weather).not.toContain('2961');
    // Whether something is still so today: the documents' age, then whom to ask.
    const still = await hk.say('正版正貨承諾現在還可以參加嗎？');
    expect(still).toContain('最新的是2022年');
    expect(still).not.toContain('沒有涵蓋');
    expect(still).toContain('可以向以下機構查詢');
  });
});

describe('questions about ipbot and words for commands', () => {
  it('answers how to subscribe, what it covers, how to change language and what it stores, in the asker\'s language', async () => {
    const p = person('about');
    expect(await p.say('怎么订阅？')).toMatch(/^订阅主题：输入 \/subscribe/);
    expect(await p.say('你可以回答咩問題？')).toMatch(/^我根據粵港知識產權合作的官方文件回答問題，涵蓋：專利代理人考試、/);
    expect(await p.say('How do I change the language?')).toMatch(/^Type \/lang/);
    expect(await p.say('What does ipbot store about me?')).toMatch(/^I store: your chat id/);
    expect(storage.listSubscriptions(p.key)).toEqual([]);
  });

  it('subscribes to every topic one sentence names', async () => {
    const p = person('topics');
    await p.say('我想訂閱研討會同埋海外維權');
    expect(storage.listSubscriptions(p.key).sort()).toEqual(['overseas', 'seminar']);
    await p.say('subscribe award and seminar');
    expect(storage.listSubscriptions(p.key).sort()).toEqual(['award', 'overseas', 'seminar']);
  });

  it('answers in the language chosen with /lang whatever the script of the question', async () => {
    const p = person('lang');
    await p.say('/lang en');
    const text = await p.say('粵港知識產權與中小企業發展研討會喺邊度舉行？');
    expect(text).toMatch(/Source: /);
    expect(p.buttons().map((b) => b.label)).toContain('📚 Topics');
  });

  it('asks what was wrong after 👎, stores the reason, and staff statistics list the question', async () => {
    const p = person('rate');
    await p.say('香港考生喺邊度考專利代理人考試？');
    expect(await p.press('👎')).toBe('多謝你的意見。答案有咩問題？');
    expect(p.buttons().map((b) => b.label)).toEqual(['引錯段落', '資料過時', '難以閱讀', '其他']);
    expect(await p.press('資料過時')).toBe('收到，多謝！我們會跟進。');
    const report = formatStats(collectStats(storage, clock), 'en');
    expect(report).toContain('Questions whose answers got 👎 (30 days):');
    expect(report).toContain('香港考生喺邊度考專利代理人考試？ (out of date)');
  });
});
