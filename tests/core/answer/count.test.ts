import { describe, expect, it } from 'vitest';
import { contentGroups, withoutSelfDescription } from '../../../src/core/answer/content.js';
import { askedMonths, asksOneYear, countedGroups, coversMonths, countedNoun, countsForSide, countsOneYear, countsPartOfWhole, countsOtherThan, countsThing, figureBeside, sideAsked, statedFigures, statedWholes } from '../../../src/core/answer/count.js';
import { MONEY_FIGURE } from '../../../src/core/answer/facts.js';
import { SectionIndex } from '../../../src/core/search.js';
import { DOC } from './fixture.js';
import { intentOf } from '../../../src/core/answer/intent.js';
import { entry, fold, INDEX, passage } from './fixture.js';

describe('counting', () => {
  it('answers one year\'s figure only from a sentence that is not a total over several years', () => {
    const one = (q: string) => asksOneYear(q, fold(q).text);
    expect(one('2020年一年廣東PCT國際專利申請有幾多宗？')).toBe(true);
    expect(one("what was guangdong's PCT application count in 2020 alone")).toBe(true);
    expect(one('2020年廣東PCT國際專利申請有幾多宗？')).toBe(false);
    const q = '2020年一年PCT國際專利申請有幾多件？';
    const groups = contentGroups(INDEX, fold(q));
    const figure = intentOf(fold(q).text, q).evidence!;
    const pct = (text: string) => countsOneYear(passage(text), groups.map((g) => ({ ...g, anchor: g.alternatives.includes('pct') || g.anchor })), figure);
    expect(pct('“十三五”时期，PCT国际专利申请量累计达11万件。')).toBe(false);
    expect(pct('2020年PCT国际专利申请量2万件。')).toBe(true);
  });

  it('finds the noun a how-many question counts, in English and in Chinese', () => {
    expect(countedNoun('How many universities are there in Guangzhou?', '').english).toBe('universities');
    expect(countedNoun('', fold('广州有多少所大学？').text).chinese).toBe('大学');
    // Two questions run together: the second's subject is not what the first counts.
    expect(countedNoun('马德里商标目标是多少 实际完成多少', fold('马德里商标目标是多少 实际完成多少').text).chinese).toBeUndefined();
    // 这几次 is "these few times": the question word is 多少, and what it counts is 侵权货.
    expect(countedNoun('', fold('粤方海关在这几次粤港联合执法里一共查了多少件侵权货').text).chinese).not.toBe('粤港');
    // The glossary's words for the question's terms follow the question in the folded text: they are not what is counted.
    const liaison = '泛珠9+2协议要求每方出几个联络员';
    expect(countedNoun(liaison, fold(liaison).text).chinese).toBe('联络员');
    // A verb before the noun modifies it: 多少宗侵犯商業秘密案件 counts cases.
    const cases = '十三五時期廣東查處了多少宗侵犯商業秘密案件？';
    expect(countedNoun(cases, fold(cases).text).chinese).toBe('案件');
  });

  it('needs a sentence that gives a figure and names the counted thing and the place asked about', () => {
    const q = '广州有多少所大学？';
    const folded = fold(q);
    const groups = contentGroups(INDEX, folded);
    const { noun, places } = countedGroups(q, folded.text, groups);
    const required = [...(noun ? [noun] : []), ...places];
    expect(required.length).toBeGreaterThan(0);
    expect(countsThing(entry(0), intentOf(folded.text, q), required)).toBe(false);
  });

  it('accepts a passage that counts what is asked', () => {
    const q = '有几多名香港考生报名？';
    const folded = fold(q);
    const groups = contentGroups(INDEX, folded);
    const { noun, places } = countedGroups(q, folded.text, groups);
    expect(countsThing(entry(0), intentOf(folded.text, q), [...(noun ? [noun] : []), ...places])).toBe(true);
  });

  it('takes a figure as one for the year asked only when its sentence names that year or none', () => {
    const q = '有几多名香港考生报名？';
    const folded = fold(q);
    const intent = intentOf(folded.text, q);
    // "2016年共有120名香港考生…报名": a figure for 2016, not for 2015; the 27.8件 sentence names no year.
    expect(countsThing(entry(0), intent, [], [2016])).toBe(true);
    expect(countsThing(entry(0), intent, [], [2015])).toBe(false);
    expect(countsThing(entry(3), intent, [], [2025])).toBe(true);
  });

  it('finds what is counted in the sentence before the figure', () => {
    const q = 'How many people attended the seminar in Guangzhou?';
    const folded = fold(q);
    const groups = contentGroups(INDEX, folded);
    const { noun, places } = countedGroups(q, folded.text, groups);
    // "people attended" counts people (any 人), and Guangzhou is named in the sentence before "約200人出席".
    expect(noun).toBeUndefined();
    expect(places.map((g) => g.alternatives[0])).toEqual(['广州']);
    expect(countsThing(entry(2), intentOf(folded.text, q), places)).toBe(true);
  });
  it('takes a figure only from a paragraph that speaks of the most specific thing asked', () => {
    const q = '雷公行动一共查获了多少件假冒电池';
    const intent = intentOf(fold(q).text, q);
    const operation = { alternatives: ['雷公行动'], weight: 4.7, anchor: true, absent: false, general: false, surface: '雷公行动' };
    const asked = ['雷公行动', '电池', '查获', '假冒'];
    const seizures = '在四次的行动中，港方共查获14宗案件，近10万件侵权货品，总值约港币1,388万元。';
    const thunder = '双方于2017年4月开始就一宗涉嫌跨境制售假冒手机电池案件，开展代号为“雷公行动”的联合执法行动。';
    // The seizures are the paragraph before's, and "一宗…案件" is an article, not a count: no figure of the operation.
    expect(figureBeside(passage(`${seizures}\n${thunder}`), operation, intent, asked)).toBe(false);
    expect(figureBeside(passage(`${seizures}\n${thunder}`), operation, MONEY_FIGURE, asked)).toBe(false);
    // Told in one paragraph, the figures are the operation's.
    expect(figureBeside(passage(`${thunder}行动共检获电池3万件。`), operation, intent, asked)).toBe(true);
    // 一 before the thing asked is a count of it (各方确定一名联络员).
    const officers = { ...operation, alternatives: ['联络员'], surface: '联络员' };
    expect(figureBeside(passage('各方确定一名联络员，负责日常联系。'), officers, intentOf(fold('各方有几个联络员').text, '各方有几个联络员'), ['联络员'])).toBe(true);
  });
});

describe('the months a count is asked for', () => {
  const months = (q: string) => askedMonths(q, fold(q).text);
  const report = passage('2016年7月至2017年6月，雙方共交換各類情報信息78件。');

  it('reads a half year, a quarter or a calendar year said as such, and leaves a bare year to the year checks', () => {
    expect(months('2017年下半年粵港海關交換了多少宗情報？')).toEqual([2017 * 12 + 6, 2017 * 12 + 11]);
    expect(months('how many items did they swap in the second half of 2017')).toEqual([2017 * 12 + 6, 2017 * 12 + 11]);
    expect(months('香港海關2016年全年檢獲幾多件侵權貨品？')).toEqual([2016 * 12, 2016 * 12 + 11]);
    expect(months('2017年第一季度有幾多宗？')).toEqual([2017 * 12, 2017 * 12 + 2]);
    expect(months('2016年香港海關檢獲幾多件侵權貨品？')).toBeUndefined();
  });

  it('takes a July-to-June report as covering the months inside it only', () => {
    expect(coversMonths(report, months('2017年下半年交換了多少宗情報？')!)).toBe(false);
    expect(coversMonths(report, months('2016年全年交換了多少宗情報？')!)).toBe(false);
    expect(coversMonths(report, months('2016年下半年交換了多少宗情報？')!)).toBe(true);
    // A passage stating no period to the month is not judged here.
    expect(coversMonths(passage('雙方共交換各類情報信息78件。'), months('2017年下半年交換了多少宗情報？')!)).toBe(true);
  });
});

describe('the place a count is asked of', () => {
  it('is not a place the asker names only of themselves', () => {
    const q = '我係佛山做家具嘅，想知到2025年全省會有幾多個維權援助服務站？';
    const folded = fold(q);
    const groups = withoutSelfDescription(contentGroups(INDEX, folded), folded.text);
    expect(countedGroups(q, folded.text, groups).places.map((g) => g.surface)).not.toContain('佛山');
    expect(countedGroups('佛山有幾多個維權援助服務站？', fold('佛山有幾多個維權援助服務站？').text, contentGroups(INDEX, fold('佛山有幾多個維權援助服務站？'))).places.map((g) => g.surface)).toContain('佛山');
  });
});

describe('figures for one side of a joint operation', () => {
  const joint = new SectionIndex({
    documents: [DOC],
    sections: [{ id: 'p#0', docId: 'report', headingPath: ['聯合執法'], text: '在四次的行動中，港方共查獲14宗案件，近10萬件侵權貨品，總值約港幣1,388萬元。粵方海關共查獲侵權貨物60餘萬件。', order: 0 }],
    warnings: [],
  }).entry('p#0')!;
  const side = (q: string) => sideAsked(q, fold(q).text);

  it('reads the side a question names, and none when it names a body of the other side too', () => {
    expect(side('粵方海關查到嘅侵權貨值幾多錢？')).toBe('guangdong');
    expect(side('what was the value of the goods the mainland customs seized')).toBe('guangdong');
    expect(side('港方查獲幾多宗案件？')).toBe('hongkong');
    expect(side('HK customs同廣東分署交換咗幾多件情報')).toBeUndefined();
    expect(side('香港海關同海關總署廣東分署交換咗幾多件情報？')).toBeUndefined();
  });

  it("finds a side's figure only in a sentence naming that side", () => {
    expect(countsForSide(joint, 'hongkong', MONEY_FIGURE)).toBe(true);
    expect(countsForSide(joint, 'guangdong', MONEY_FIGURE)).toBe(false);
    expect(countsForSide(joint, 'guangdong', /\d+\s*(余|餘)?\s*万?\s*件/)).toBe(true);
  });
});


describe('a part of a whole the question counts itself', () => {
  const wholes = (q: string) => statedWholes(q, fold(q).text);

  it('reads the whole the asker already knows', () => {
    expect(wholes('26個代表入面有幾多個係學生')).toEqual([26]);
    expect(wholes('奪得的9個獎項中，有幾個是一等獎？')).toEqual([9]);
    expect(wholes('of the 282 cooperation projects how many were with Hong Kong alone')).toEqual([282]);
    // A year is no whole; nor is a count not followed by "among them".
    expect(wholes('how many copies of the 2015-16 agreement were signed')).toEqual([]);
    expect(wholes('2016年有幾多名考生報名？')).toEqual([]);
  });

  it('is answered only by a sentence giving the part its own figure', () => {
    const total = passage('中山市華僑中學師生共26名代表赴港交流。');
    expect(countsPartOfWhole(total, [26], ['学生'])).toBe(false);
    expect(countsPartOfWhole(passage('代表團共26名，其中學生20名。'), [26], ['学生'])).toBe(true);
    // The part in any of its words: "new" is 新增 here.
    expect(countsPartOfWhole(passage('落實24項合作項目，其中6項為新增項目。'), [24], ['新任', '新增'])).toBe(true);
  });
});

describe('a figure the question gives', () => {
  it('reads every figure with a unit, but no year', () => {
    expect(statedFigures(fold('那600个维权援助服务站现在建好了多少个').text)).toEqual([600]);
    expect(statedFigures(fold('2016年有幾多名考生報名？').text)).toEqual([]);
  });

  it('is no answer to how many: the passage must give another', () => {
    const target = passage('到2025年，建成600个知识产权维权援助工作站。');
    expect(countsOtherThan(target, [600])).toBe(false);
    expect(countsOtherThan(passage('计划建设600个工作站，已建成312个。'), [600])).toBe(true);
  });
});
