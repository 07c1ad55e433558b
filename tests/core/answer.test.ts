import { beforeAll, describe, expect, it } from 'vitest';
import { cleanQuestion, MAX_QUESTION_CHARS } from '../../src/core/answer/clean.js';
import { chineseNumeral } from '../../src/core/answer/content.js';
import type { ExplainingAnswerEngine } from '../../src/core/answer/engine.js';
import type { Answer } from '../../src/core/engine.js';
import { loadAnswerEngine } from '../../src/knowledge/load-engine.js';
import { renderPlain } from '../../src/core/reply.js';
import { toSimplified, toTraditional } from '../../src/core/text/script.js';
import { TOPICS } from '../../src/core/topics.js';
import { TOPIC_IDS } from '../../src/core/types.js';

let engine: ExplainingAnswerEngine;

beforeAll(() => {
  const loaded = loadAnswerEngine('knowledge', { now: () => new Date('2026-11-23T00:00:00+08:00') });
  expect(loaded.warnings).toEqual([]);
  engine = loaded.engine;
});

/** Text already in Hong Kong Traditional (or Simplified) is left unchanged by converting it again. */
const isTraditional = (text: string) => toTraditional(text) === text;
const isSimplified = (text: string) => toSimplified(text) === text;
const quoteOf = (a: Answer) => a.blocks.find((b) => b.type === 'quote')?.text ?? '';
const notesOf = (a: Answer) => a.blocks.filter((b) => b.type === 'note').map((b) => b.text);

describe('answers', () => {
  it("declines what belongs to a place the documents never name (日本的…), but not a question about going there", () => {
    expect(engine.ask('日本的專利代理人考試香港人可以報考嗎？').answered).toBe(false);
    expect(engine.ask('去德國參展驚俾人告侵權，廣東規劃有咩支援？').answered).toBe(true);
  });

  it('reads "anti-counterfeiting" and a plan\'s years written "from 2016 to 2020" as the documents do (打击侵权假冒, 十三五)', () => {
    const a = engine.ask('What anti-counterfeiting campaigns did Guangdong run from 2016 to 2020?');
    expect(a.answered).toBe(true);
    expect(quoteOf(a)).toContain('鐵拳');
  });

  it('declines the signing day of the pan-PRD agreement, which it leaves blank, rather than giving another agreement\'s', () => {
    const a = engine.ask('which day in 2016 did they sign the pan-PRD IP agreement');
    expect(a.answered).toBe(false);
    expect(renderPlain(a.blocks)).not.toContain('九月九日');
  });

  it('takes a heading the question names with its English abbreviation kept (深化CEPA…服務業合作協議) for the passage asked about', () => {
    const a = engine.ask('深化CEPA服務業合作協議由哪個局簽署？');
    expect(a.sources[0]?.section).toContain('服務業合作協議');
    expect(quoteOf(a)).toContain('商務及經濟發展局');
  });

  it('reads a place written in pinyin as the documents write it, and answers from the passage naming it', () => {
    const a = engine.ask('is there anything about a trademark office window in qian hai?');
    expect(a.answered).toBe(true);
    expect(quoteOf(a)).toContain('前海');
  });

  it('answers a Cantonese question about the exam in Hong Kong Traditional, citing an exam passage', () => {
    const a = engine.ask('香港考生喺邊度考專利代理人考試？');
    expect(a).toMatchObject({ answered: true, kind: 'answer', lang: 'zh-Hant' });
    expect(['gd-hk-ip-agreement-2015', 'gd-hk-progress-2017']).toContain(a.sources[0]?.docId);
    expect(a.sources[0]?.section).toContain('專利代理人資格考試');
    expect(quoteOf(a)).toMatch(/廣東考點|在粵報名/);
    // The quote, its heading and citation, and every source passage (later-development notes quote their
    // sources as published, so they are left out).
    const own = a.blocks.filter((b) => b.type !== 'note').map((b) => b.text);
    for (const text of [...own, ...a.sources.flatMap((s) => [s.text, s.title, s.section])]) expect(isTraditional(text)).toBe(true);
    expect(isSimplified(a.sources[0]?.text ?? '')).toBe(false);
    // One compact source line: the short title, not the full one repeated above the quote.
    expect(a.answer).toMatch(/出處：《粵港(專責小組第十六次會議進展報告|知識產權合作協議（2015–2016）)》/);
    expect(a.answer.match(/出處：/g)).toHaveLength(1);
    expect(a.answer).not.toContain('根據《');
  });

  it('answers an English question about the No Fakes Pledge with English framing and the promise passage', () => {
    const a = engine.ask('What is the No Fakes Pledge?');
    expect(a).toMatchObject({ answered: true, lang: 'en' });
    expect(a.sources[0]?.text).toContain('正版正貨');
    // English framing above the Chinese evidence, never a translation of it.
    expect(a.blocks[0]?.text).toMatch(/^(The document says \(quoted in Chinese\):|[A-Z0-9])/);
    expect(a.blocks.find((b) => b.type === 'quote')?.text).toMatch(/\p{Script=Han}/u);
    expect(a.blocks.find((b) => b.type === 'source')?.text).toMatch(/^Source: /);
  });

  it('quotes the sentence with the figure for a Simplified how-many question', () => {
    const a = engine.ask('2016年专利代理人资格考试有几个香港考生通过？');
    expect(a).toMatchObject({ answered: true, lang: 'zh-Hans' });
    expect(quoteOf(a)).toContain('5人通过考试');
    const own = a.blocks.filter((b) => b.type !== 'note').map((b) => b.text);
    for (const text of [...own, ...a.sources.flatMap((s) => [s.text, s.title, s.section])]) expect(isSimplified(text)).toBe(true);
  });

  it('quotes the sentence with the date for a when question and asks to check the latest notice', () => {
    const a = engine.ask('When was the 2007-2008 Guangdong/Hong Kong IP co-operation agreement signed?');
    expect(a.answered).toBe(true);
    expect(a.sources.slice(0, 3).some((s) => /八月二日|8月2日/.test(s.text))).toBe(true);
    expect(notesOf(a).join(' ')).toMatch(/see the latest official notice/);
  });

  it('warns that an old source may be out of date', () => {
    const a = engine.ask('粵港知識產權與中小企業發展研討會喺邊度舉行？');
    expect(a.answered).toBe(true);
    expect(notesOf(a)).toHaveLength(1);
    expect(notesOf(a)[0]).toMatch(/^20\d\d年的(協議|進展報告|新聞公報|規劃)，情況或已改變/);
  });

  it('gives at most five sources, the quoted passage first, each in the reply script, and keeps answer and blocks in step', () => {
    for (const q of ['正版正貨承諾喺廣東邊度推廣？', '广东省著名商标', 'overseas IP rights protection']) {
      const a = engine.ask(q);
      expect(a.sources.length).toBeGreaterThan(0);
      expect(a.sources.length).toBeLessThanOrEqual(5);
      // The answering passage comes first; the rest follow by score.
      const rest = a.sources.slice(1).map((s) => s.score);
      expect([...rest].sort((x, y) => y - x)).toEqual(rest);
      expect(a.answer).toBe(renderPlain(a.blocks));
      for (const s of a.sources) expect(s.date).toMatch(/^\d{4}-\d{2}/);
    }
  });

  it('follows a forced reply language', () => {
    const a = engine.ask('正版正貨承諾', { lang: 'zh-Hans' });
    expect(a.lang).toBe('zh-Hans');
    expect(a.sources[0]?.text).toContain('正版正货');
  });
});

describe('numbers', () => {
  it('writes small numbers as the documents number editions and items', () => {
    expect([1, 10, 15, 20, 24, 99].map(chineseNumeral)).toEqual(['一', '十', '十五', '二十', '二十四', '九十九']);
    expect(chineseNumeral(0)).toBeUndefined();
    expect(chineseNumeral(100)).toBeUndefined();
  });

  it('finds "the 15th award" in a passage that says 第十五届, not in one that merely says 2015', () => {
    const a = engine.ask('How many prizes did Hong Kong students win at the 15th Guangdong Youth Invention Award?');
    expect(a.sources[0]?.docId).toBe('gd-hk-progress-2017');
    expect(quoteOf(a)).toContain('9個獎項');
  });
});

describe('questions the documents do not cover', () => {
  it.each([
    '今日天氣點樣？',
    'What is the weather in Hong Kong tomorrow?',
    '點樣整蛋撻？',
    'How do I renew my passport?',
    'When is the CPA exam?',
    '考車牌要幾多錢？',
    '注册会计师考试什么时候报名？',
    '在香港註冊有限公司要幾多錢？',
    'What is the application fee for a Hong Kong trademark today?',
    '專利代理師考試報名費係幾多？',
    'Who won the World Cup?',
    'How do I apply for a Hong Kong patent?',
    '點樣喺香港申請商標？',
    '專利有效期係幾耐？',
    "What's the best IP law firm in Hong Kong?",
    'Where is the IPD office?',
    '點樣申請香港身份證？',
  ])('declines %s politely, naming the topics it covers', (q) => {
    const a = engine.ask(q);
    expect(a).toMatchObject({ answered: false, kind: 'out-of-scope', sources: [] });
    expect(a.blocks.some((b) => b.type === 'quote')).toBe(false);
    const labels = TOPIC_IDS.map((id) => TOPICS[id].label[a.lang]);
    for (const label of labels) expect(a.answer).toContain(label);
  });
});

describe('English worded in everyday language (the lexicon, inflected forms)', () => {
  // Phrased unlike any eval question: ordinary English words the glossary of programme names does not list.
  it.each([
    ['Which lorries carrying freshwater fish to Hong Kong get quarantine seals?', '塘魚'],
    ['Did Guangdong promise to scrap subsidies for patent filings?', '申請資助'],
    ['How many teachers and pupils did Hong Kong send to the invention contest?', '8位師生'],
    ['What coverage of the GI logo among market players is targeted?', '80%以上'],
    ['Which city is Guangdong backing as a benchmark city for IP?', '標杆城市'],
    ['How many Hongkongers are practising on the mainland as patent attorneys?', '18人'],
  ])('%s', (q, expected) => {
    const a = engine.ask(q);
    expect(a.answered, a.answer).toBe(true);
    expect(a.sources[0]?.text).toContain(expected);
  });
});

describe('live facts and subjects the documents never mention', () => {
  it.each([
    'Is the Intellectual Property Department open today?',
    '香港海關今日有冇開？',
    'When is the next Business of IP Asia Forum?',
    '今年的亞洲知識產權營商論壇在哪天舉行？',
    '今日港幣兌人民幣幾多？',
    'How do I apply for a visa to visit Guangzhou?',
    'Can you recommend a hotel near the Canton Fair?',
    '建造師考試幾時報名？',
    'How can I become a trade mark agent in Hong Kong?',
  ])('declines %s', (q) => {
    expect(engine.ask(q)).toMatchObject({ answered: false, kind: 'out-of-scope' });
  });

  it.each([
    // another year than the passage reports, and a plan period the review of the last plan does not cover
    'How many Hong Kong candidates passed the patent agent exam in 2015?',
    '十四五時期PCT國際專利申請量要達到多少？',
    // a city where the text gives a region or leaves a blank
    '泛珠協議喺邊個城市簽署？',
    // a person's name, speakers, entry conditions and how to apply
    '雷公行動帶隊嘅官員叫咩名？',
    '亞洲知識產權營商論壇有哪幾位講者？',
    '申請國家知識產權示範企業要符合甚麼條件？',
    'How do I apply to become an IP protection volunteer?',
  ])('declines a detail the documents do not give: %s', (q) => {
    expect(engine.ask(q)).toMatchObject({ answered: false, kind: 'out-of-scope' });
  });

  it('answers who signed an agreement with the bodies that signed it', () => {
    const a = engine.ask('Who signed the 2007-2008 Guangdong-Hong Kong IP protection agreement?');
    expect(a.answered, a.answer).toBe(true);
    expect(a.sources[0]?.text).toContain('知識產權署');
  });

  it('still answers a date the documents give when the question does not ask about the future', () => {
    const a = engine.ask('When was the Business of IP Asia Forum held in 2016?');
    expect(a.answered).toBe(true);
    expect(a.sources[0]?.text).toContain('2016年12月');
  });
});

describe('how-many questions count the thing asked about', () => {
  it('declines a count of something in a place no counting sentence names, and quotes the sentence counting that noun', () => {
    expect(engine.ask('How many universities are there in Guangzhou?').answered).toBe(false);
    expect(engine.ask('廣州有幾多間大學？').answered).toBe(false);
    // The documents name one museum (香港文化博物館) but never count museums.
    expect(engine.ask('香港有幾多間博物館？').answered).toBe(false);
    expect(engine.ask('How many IP service agencies are there in Guangdong?').answered).toBe(true);
    const a = engine.ask('廣東有幾多間大學設立咗知識產權學院？');
    expect(a.answered).toBe(true);
    expect(quoteOf(a)).toContain('5所高校');
  });
});

describe('the plan\'s indicator table and its footnote', () => {
  it('answers a target figure from the table row, and what an indicator covers from the footnote', () => {
    const target = engine.ask('每萬人口高價值發明專利擁有量目標係幾多？');
    expect(target.sources[0]?.section).toMatch(/主要指標表$/);
    expect(target.sources[0]?.text).toContain('13.5');
    expect(engine.ask('知識產權信息公共服務網站包括甚麼？').sources[0]?.section).toMatch(/注$/);
  });
});

describe('English wording of enforcement and government questions', () => {
  it('reads "phone batteries" as goods, not as a request for a phone number', () => {
    const a = engine.ask('What enforcement operation targeted fake phone batteries?');
    expect(a.answered).toBe(true);
    expect(quoteOf(a)).toContain('雷公行動');
    expect(engine.ask('What is the phone number of the IPD?').answered).toBe(false);
  });

  it('answers "which department…" with the passage naming the body', () => {
    const a = engine.ask('Which department in Guangdong oversees famous trademarks?');
    expect(a.answered).toBe(true);
    expect(quoteOf(a)).toContain('廣東省工商局');
  });
});

describe('Mainland and Cantonese colloquial wording', () => {
  it.each([
    ['正版正貨承諾喺邊啲城市推行緊？', '21個地級以上市'],
    ['知识产权证券化在广东搞得咋样？', '證券化'],
    ['广东打算建多少个维权援助工作站？', '600個維權援助服務站'],
  ])('%s', (q, phrase) => {
    const a = engine.ask(q);
    expect(a.answered).toBe(true);
    expect(toTraditional(a.sources[0]?.text ?? '')).toContain(phrase);
  });
});

describe('done or planned', () => {
  it('answers what was achieved from the results and what is planned from the targets', () => {
    expect(quoteOf(engine.ask('How many IP securitisation products has Guangdong issued?'))).toContain('16支');
    expect(quoteOf(engine.ask('How many IP securitisation products will Guangdong issue by 2025?'))).toContain('50個');
  });
});

describe('ratios and their bases', () => {
  it('declines the size of something the documents only divide by (population, GDP), yet answers the ratio itself', () => {
    expect(engine.ask('廣東人口有幾多？').answered).toBe(false);
    expect(engine.ask('廣東2020年嘅GDP係幾多？').answered).toBe(false);
    const perHead = engine.ask('每萬人口發明專利擁有量有幾多？');
    expect(perHead.answered).toBe(true);
    expect(perHead.sources[0]?.text).toContain('27.8');
    expect(engine.ask('版權產業佔GDP比重係幾多？').sources[0]?.text).toMatch(/8\.7/);
  });
});

describe('how-to questions about the programmes', () => {
  it.each([
    ['在粤港资企业怎样申请广东省著名商标？', '著名商标'],
    ['點樣報名專利代理人考試？', '專利代理人資格考試'],
    ['How can HK students take part in the invention award?', '發明獎'],
  ])('answers %s from the programme passage', (q, expected) => {
    const a = engine.ask(q);
    expect(a.answered).toBe(true);
    expect(a.sources[0]?.section).toContain(expected);
  });
});

describe('vague questions', () => {
  it.each(['IP', '知識產權', 'Can you help us with IP?'])('%s gets the guide to what ipbot covers, not a random passage', (q) => {
    const a = engine.ask(q);
    expect(a).toMatchObject({ answered: false, kind: 'help', sources: [] });
  });

  it('still answers a one-word question that names a programme', () => {
    expect(engine.ask('正版正貨承諾').answered).toBe(true);
    expect(engine.ask('BIP Asia').sources[0]?.text).toContain('亞洲知識產權營商論壇');
  });
});

describe('small talk', () => {
  it.each([
    ['你好', 'greeting', 'zh-Hant'],
    ['hello', 'greeting', 'en'],
    ['多謝晒', 'thanks', 'zh-Hant'],
    ['thank you!', 'thanks', 'en'],
    ['help', 'help', 'en'],
    ['帮助', 'help', 'zh-Hans'],
  ] as const)('%s → %s', (q, kind, lang) => {
    const a = engine.ask(q);
    expect(a).toMatchObject({ kind, lang, answered: false, sources: [] });
    expect(a.answer.length).toBeGreaterThan(0);
    if (kind !== 'thanks') expect(a.answer).toContain(TOPICS.exam.label[lang]);
  });
});

describe('bad input', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t  '],
    ['10,000 characters', '專利'.repeat(5000)],
    ['emoji only', '😀🎉👍'],
    ['control characters', '\u0000\u0007專利\u001b[31m代理人\u0008考試'],
    ['HTML', '<script>alert(1)</script><b>正版正貨承諾</b>'],
    ['Markdown', '**What** is the _No Fakes Pledge_? [link](http://example.com)'],
    ['not a string', undefined as unknown as string],
  ])('%s gets a sensible reply, never a throw', (_, q) => {
    const a = engine.ask(q);
    expect(typeof a.answer).toBe('string');
    expect(a.answer.length).toBeGreaterThan(0);
    expect(a.answer).not.toMatch(/<script>|\u0000|\u001b/);
  });

  it('treats empty and emoji-only input as empty, asking for a question', () => {
    expect(engine.ask('').kind).toBe('empty');
    expect(engine.ask('😀🎉').kind).toBe('empty');
  });

  it('still answers what is inside HTML or Markdown', () => {
    expect(engine.ask('<p>What is the <b>No Fakes Pledge</b>?</p>').sources[0]?.text).toContain('正版正貨');
  });

  it('reads a question wrapped in markup by its words, not by the markup (script content, entities, ampersands)', () => {
    const plain = engine.ask('考試幾時？');
    const wrapped = engine.ask('<b>hi</b><script>x</script> & 考試幾時？');
    expect(wrapped.lang).toBe('zh-Hant');
    expect(wrapped.answered).toBe(plain.answered);
    expect(wrapped.sources.map((s) => s.sectionId)).toEqual(plain.sources.map((s) => s.sectionId));
    expect(cleanQuestion('<style>p{color:red}</style><!-- note -->香港&nbsp;考生 &amp; 考試')).toBe('香港考生考試');
  });

  it('ranks a pasted page by a bounded number of its words and declines it like any uncovered question', () => {
    const page = '知識產權保護合作，天氣晴朗，交通便利，請帶備身份證和護照，餐廳營業至晚上十時，'.repeat(400);
    const a = engine.ask(page);
    expect(typeof a.answer).toBe('string');
    expect(engine.explain(page).groups.length).toBeLessThanOrEqual(32);
  });

  it('cuts very long questions without splitting a character', () => {
    const cleaned = cleanQuestion('😀'.repeat(MAX_QUESTION_CHARS * 3));
    expect(Array.from(cleaned)).toHaveLength(MAX_QUESTION_CHARS);
    expect(cleaned).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('overview', () => {
  it.each(TOPIC_IDS)('gives a sourced overview of %s in each language', (topic) => {
    for (const lang of ['zh-Hant', 'zh-Hans', 'en'] as const) {
      const a = engine.overview(topic, lang);
      expect(a).toMatchObject({ answered: true, lang });
      expect(a.sources.length).toBeGreaterThan(0);
      expect(a.blocks[0]?.text).toContain(TOPICS[topic].label[lang]);
    }
  });
});
