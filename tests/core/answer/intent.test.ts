import { describe, expect, it } from 'vitest';
import { asksRatio, asksStatusNow, asksStillNow, asksUpcomingDate, intentOf, sentenceTense, INTENT_EVIDENCE, asksWhere, PEOPLE_FIGURE } from '../../../src/core/answer/intent.js';
import { fold } from './fixture.js';

const intent = (q: string) => intentOf(fold(q).text, q);

describe('intentOf', () => {
  it('reads what a question asks for, in Chinese and in English', () => {
    expect(intent('考試幾時舉行？').kind).toBe('when');
    expect(intent('研讨会在哪里举办？').kind).toBe('where');
    expect(intent('由哪个部门主办？').kind).toBe('who');
    expect(intent('Which department runs the seminar?').kind).toBe('who');
    // A bureau, office or department by its kind (哪個政策局, 邊個局): who; but not 局面.
    expect(intent('深化CEPA服務業合作協議由香港哪個政策局簽署').kind).toBe('who');
    expect(intent('CEPA服務業嗰份協議，香港係邊個局簽㗎').kind).toBe('who');
    expect(intent('哪个局面最好').kind).not.toBe('who');
    expect(intent('有多少人通过考试？').kind).toBe('count');
    // 几 in the story told before the question is "a few": the question is what comes after 请问, 想知 or a yes/no word.
    expect(intent('我哋開咗幾間加盟店，成日俾人抄牌子，想知規劃有冇講加盟嘅保護？').kind).not.toBe('count');
    expect(intent('今年打算申請幾項發明專利，請問代理費可以稅前加計扣除嗎？').kind).not.toBe('count');
    expect(intent('我想知道2016年有幾多香港考生報名？').kind).toBe('count');
    expect(intent('香港海關查獲了幾宗案件？').kind).toBe('count');
    // A quantity named as what is written down, with another question word asking, is the subject.
    expect(intent('封識號碼和數量會寫在甚麼文件上？').kind).not.toBe('count');
    expect(intent('封識的數量是多少？').kind).toBe('count');
    expect(intent('交換情報的數量？').kind).toBe('count');
    // An ordinal numbers an edition and counts nothing; asked for (第幾屆), it is the answer.
    expect(INTENT_EVIDENCE.count.test('出席第八届国际影视动漫版权保护和贸易博览会')).toBe(false);
    expect(INTENT_EVIDENCE.count.test('第16次会议')).toBe(false);
    expect(INTENT_EVIDENCE.count.test('共举办八届博览会，16次会议')).toBe(true);
    expect(intent('博覽會係第幾屆？').evidence?.test('第八届国际影视动漫版权博览会')).toBe(true);
    // A multiple is a figure in 倍: "three cases" is no answer to it.
    const multiple = intent('懲罰性賠償最高幾倍？');
    expect(multiple.kind).toBe('count');
    expect(multiple.evidence?.test('最高可判五倍赔偿')).toBe(true);
    expect(multiple.evidence?.test('查获3宗案件')).toBe(false);
    // Arrests and suspects are people: a count of cases or goods does not answer them.
    expect(intent('how many suspects did customs arrest in the joint operation?').evidence).toBe(PEOPLE_FIGURE);
    expect(intent('how many arrests did hk customs make?').evidence).toBe(PEOPLE_FIGURE);
    expect(intent('what was the attendance at the forum?')).toMatchObject({ kind: 'count', evidence: PEOPLE_FIGURE });
    // 几 with any measure word asks how many (几所高校, 几间).
    expect(intent('廣東有幾所高校設立了知識產權學院？').kind).toBe('count');
    expect(intent('廣東有幾所高校設立了知識產權學院？').evidence?.test('５ 所高校设立知识产权学院'.normalize('NFKC'))).toBe(true);
    // 这几年, 前几次 are "these / the past few": no count asked.
    expect(intent('这几年广东在知识产权保护方面做了什么？').kind).toBe('other');
    // 高价值 (high-value) patents are a kind of patent, not a value asked for.
    expect(intent('what counts as a high value invention patent').kind).toBe('other');
    expect(intent('大灣區高價值商標品牌培育大賽有冇得參加').kind).toBe('other');
  });

  it('wants a day, not just a year, when the date itself is asked', () => {
    const day = intent('What exact date was the agreement signed?').evidence;
    expect(day?.test('二〇一六年 月 日')).toBe(false);
    expect(day?.test('2017年6月2日')).toBe(true);
    expect(intent('協議幾時簽？').evidence?.test('二〇一六年 月 日')).toBe(true);
    // "在哪一天" asks which day, not where.
    expect(intent('雷公行動在哪一天收網？').kind).toBe('when');
    expect(intent('雷公行動在哪一天收網？').evidence?.test('2017年6月')).toBe(false);
    expect(intent('供港塘魚封識協議係邊日開始實施').evidence?.test('2007年8月')).toBe(false);
    expect(intent('exact signing date of the agreement?').evidence?.test('二〇一六年 月 日')).toBe(false);
    // The day of the week is asked of a date, and answered by a weekday, not by the date alone.
    for (const q of ['2007年嗰篇粵港簽約新聞稿係星期幾出㗎', 'what day of the week was the 2007 signing']) {
      expect(intent(q).kind).toBe('when');
      expect(intent(q).evidence?.test('2007年8月2日（星期四）')).toBe(true);
      expect(intent(q).evidence?.test('今日(八月二日)')).toBe(false);
    }
  });

  it('wants a figure of the unit counted: people are counted in 人/名/位', () => {
    const people = intent('有几多人通过考试？');
    expect(people.evidence?.test('5人通过考试')).toBe(true);
    expect(people.evidence?.test('5件专利')).toBe(false);
    // 个 is only the measure word before 人; a possessive is not the noun counted.
    expect(intent('雷公行动拉了几多个人').evidence?.test('一宗案件')).toBe(false);
    expect(intent('雷公行动拉了几多个人').evidence?.test('拘捕3人')).toBe(true);
    expect(intent("How many people's mediation organisations were set up?").evidence?.test('35家调解组织')).toBe(true);
  });

  it('tells a question asking a ratio or share, in Chinese or English', () => {
    expect(asksRatio('专利密集型产业占gdp比重')).toBe(true);
    expect(asksRatio('what share of gdp')).toBe(true);
    expect(asksRatio('patents per 10,000 people')).toBe(true);
    expect(asksRatio('how many patents')).toBe(false);
    // 幾成 (how many tenths) asks a share, and asks it as a figure.
    expect(asksRatio(fold('有幾成地市要建立快保護機制').text)).toBe(true);
    expect(intent('有幾成地市要建立快保護機制').kind).toBe('count');
  });

  it('asks where with 在哪, but not which aspects or fields (在哪些方面)', () => {
    expect(asksWhere(fold('研讨会在哪举行？').text)).toBe(true);
    expect(intent('研讨会在哪里举行？').kind).toBe('where');
    expect(asksWhere(fold('RFID技术会用在哪些方面？').text)).toBe(false);
    expect(asksWhere(fold('要在哪些领域加强保护？').text)).toBe(false);
    // Cantonese 喺邊幾個 (在哪几个) asks which ones, unless of places.
    expect(asksWhere(fold('千人計劃要喺邊幾個範疇培養人？').text)).toBe(false);
    expect(asksWhere(fold('研討會實際去咗邊幾個城市？').text)).toBe(true);
    // 如何处理 (how to handle) holds 何处 (where) but asks how.
    expect(asksWhere(fold('美國海關如何處理經香港轉運的侵權貨物？').text)).toBe(false);
  });

  it('takes a city, a province or a hall for a place, not a region or a market', () => {
    const where = INTENT_EVIDENCE.where;
    expect(where.test('粤港双方在东莞市联合举办研讨会')).toBe(true);
    expect(where.test('参加于广东科学中心举行的公开展示')).toBe(true);
    expect(where.test('推动泛珠三角区域经济共同发展')).toBe(false);
    expect(where.test('规范知识产权交易市场')).toBe(false);
  });

  it('tells a question about what was done from one about what is planned', () => {
    expect(intent('What are the targets for 2025?').tense).toBe('future');
    expect(intent('十三五期间完成了什么？').tense).toBe('past');
    expect(sentenceTense('到2025年，专利申请量达到3万件')).toBe('future');
    expect(sentenceTense('“十三五”时期累计建成10个中心')).toBe('past');
  });
});

describe('live and ratio questions', () => {
  it('reads whether something has happened by now as a live fact, and a question about what is still offered as none', () => {
    const now = (q: string) => asksStatusNow(q, fold(q).text);
    expect(now('跨省知識產權保護聯盟而家成立咗未')).toBe(true);
    expect(now('has the alliance been set up yet?')).toBe(true);
    expect(now('廣東而家仲有冇資助申請專利？')).toBe(false);
    expect(now('目前有多少人在內地執業？')).toBe(false);
    const still = (q: string) => asksStillNow(q, fold(q).text);
    expect(still('廣東省著名商標而家仲有冇得評')).toBe(true);
    expect(still('現在還可以申請嗎？')).toBe(true);
    expect(still('is the famous trademark scheme still running?')).toBe(true);
    expect(still('現在有冇申請資助？')).toBe(false);
    expect(still('we still export to europe, does the plan help?')).toBe(false);
  });

  it('marks a question about the next or this year\'s event as asking an upcoming date', () => {
    const upcoming = (q: string) => asksUpcomingDate(q, fold(q).text, intent(q));
    expect(upcoming('When is the next seminar?')).toBe(true);
    expect(upcoming('下一屆研討會幾時舉行？')).toBe(true);
    expect(asksUpcomingDate('研讨会几时举行？', fold('研讨会几时举行？').text, intent('研讨会几时举行？'))).toBe(false);
  });

  it('knows when a question asks for a ratio itself', () => {
    expect(asksRatio('每万人口发明专利拥有量')).toBe(true);
    expect(asksRatio('香港人口多少')).toBe(false);
  });
});
