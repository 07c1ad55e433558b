import { describe, expect, it } from 'vitest';
import { contentGroups } from '../../../src/core/answer/content.js';
import { isVague, placeAskedWithin } from '../../../src/core/answer/decide.js';
import { SectionIndex } from '../../../src/core/search.js';
import { decision, DOC, fold, INDEX, indexOf } from './fixture.js';


describe('the decline decision', () => {
  it('answers from a passage that covers the question', () => {
    expect(decision('正版正货承诺是什么？').answer?.entry.section.id).toBe('report#1');
  });

  it('declines a question about something the documents never mention', () => {
    expect(decision('香港护照点样续期？')).toMatchObject({ answer: undefined, reason: 'no-covering-passage' });
  });

  it('declines a fee the passage does not state, and the date of an event still to come', () => {
    expect(decision('What is the fee for the patent agent exam?')).toMatchObject({ answer: undefined });
    expect(decision('下一届知识产权研讨会几时举行？')).toMatchObject({ answer: undefined, reason: 'upcoming-date' });
    expect(decision('知识产权研讨会几时举行？').answer?.entry.section.id).toBe('report#2');
    // A question dated in the past asks what was planned then.
    expect(decision('2016年的报告说下一届知识产权研讨会几时举行？').answer?.entry.section.id).toBe('report#2');
  });

  it('declines whether a goal was reached in a year after the document was written, and answers the goal itself', () => {
    const index = indexOf([['主要目標', '到2025年，每萬人口高價值發明專利擁有量達到20件。']]);
    expect(decision('到2025年每萬人口高價值發明專利擁有量嘅目標達到咗未？', { index })).toMatchObject({ answer: undefined, reason: 'upcoming-date' });
    expect(decision('did guangdong hit its 2025 target for high-value invention patents per 10,000 people?', { index })).toMatchObject({ answer: undefined, reason: 'upcoming-date' });
    // 實際 (actually) asks what was done, not what was planned.
    expect(decision('2025年實際做到每萬人口高價值發明專利擁有量幾多件？', { index })).toMatchObject({ answer: undefined, reason: 'upcoming-date' });
    expect(decision('2025年每萬人口高價值發明專利擁有量嘅目標係幾多？', { index }).answer?.entry.section.id).toBe('p#0');
  });

  it('declines whether something is still so today from a document years old, and answers from a recent one', () => {
    // The fixture's report is of 2017-06-30.
    expect(decision('正版正货承诺现在还可以参加吗？')).toMatchObject({ answer: undefined, reason: 'upcoming-date' });
    expect(decision('can shops still join the genuine products promise now?')).toMatchObject({ answer: undefined, reason: 'upcoming-date' });
    expect(decision('正版正货承诺现在还可以参加吗？', { year: 2019 }).answer?.entry.section.id).toBe('report#1');
    expect(decision('正版正货承诺是什么？').answer?.entry.section.id).toBe('report#1');
  });

  it('declines where within a place when the passage names only that place, and answers where it names one inside', () => {
    const index = indexOf([
      ['簽約儀式', '粵港雙方今日在香港簽署了六份合作協議。'],
      ['研討會', '研討會於2016年在香港會議展覽中心舉行。'],
    ]);
    expect(decision('粵港雙方喺香港邊度簽署合作協議？', { index })).toMatchObject({ answer: undefined, reason: 'no-place' });
    expect(placeAskedWithin('where in hong kong were the agreements signed?', '')).toBe('香港');
    expect(placeAskedWithin('where were the agreements signed?', '')).toBeUndefined();
    expect(decision('粵港雙方喺邊度簽署合作協議？', { index }).answer?.entry.section.id).toBe('p#0');
    expect(decision('研討會喺香港邊度舉行？', { index }).answer?.entry.section.id).toBe('p#1');
  });

  it('declines which work or brand when the passage only counts them, and answers where it names one', () => {
    const index = indexOf([
      ['發明獎', '香港共派出8位師生代表帶了12件參賽作品參加評審，共奪得了9個獎項。'],
      ['版權金獎', '作品《飛天》、《瀾滄江》等獲中國版權金獎。'],
    ]);
    expect(decision('香港哪件參賽作品奪得獎項？', { index })).toMatchObject({ answer: undefined, reason: 'no-names' });
    expect(decision('哪些作品獲得中國版權金獎？', { index }).answer?.entry.section.id).toBe('p#1');
  });

  it('answers a question told around a story when the passage matches much of its specific content', () => {
    const story = '本人喺觀塘開咗間小小嘅文具舖好多年，個仔今年讀大學，想知道2016年有幾多名香港考生喺廣東考點報名參加專利代理人資格考試？';
    expect(decision(story).answer?.entry.section.id).toBe('report#0');
  });

  it('declines a how-many question no sentence counts', () => {
    expect(decision('正版正货承诺有多少间商户参与？')).toMatchObject({ answer: undefined });
  });

  it('declines a how-many-people question whose passage counts only cases and goods, and answers one that counts people', () => {
    const index = indexOf([
      ['聯合執法', '香港海關與廣東省公安廳於2017年4月就一宗假冒手機電池案件開展代號為“雷公行動”的聯合執法行動，查獲侵權貨物3萬件。'],
      ['交流活動', '2017年4月，香港海關帶領16名香港青少年代表赴粵進行版權交流。'],
    ]);
    expect(decision('雷公行動拉咗幾多個人？', { index, minCoverage: 0.3 })).toMatchObject({ answer: undefined, reason: 'no-count' });
    expect(decision('雷公行動查獲幾多件侵權貨物？', { index }).answer?.entry.section.id).toBe('p#0');
    expect(decision('版權交流活動香港海關帶咗幾多個青少年？', { index }).answer?.entry.section.id).toBe('p#1');
  });

  it('declines a question about another year than the passage speaks of, and answers the year it does', () => {
    expect(decision('2015年有幾多名香港考生在廣東考點報名？')).toMatchObject({ answer: undefined, reason: 'other-year' });
    expect(decision('2016年有幾多名香港考生在廣東考點報名？').answer?.entry.section.id).toBe('report#0');
  });

  it('does not take a year in a title the passage cites for a year the passage speaks of', () => {
    const index = indexOf([['合作協議', '為貫徹《珠江三角洲地區改革發展規劃綱要（2008-2020年）》，粵港雙方推進知識產權合作項目。']]);
    expect(decision('2020年粵港知識產權合作項目有哪些？', { index, minCoverage: 0.3 })).toMatchObject({ answer: undefined, reason: 'other-year' });
  });

  it('declines a when-question whose passage gives no date for it', () => {
    expect(decision('正版正貨承諾活動幾時開始？')).toMatchObject({ answer: undefined, reason: 'no-date' });
    expect(decision('粵港知識產權研討會幾時舉辦？').answer?.entry.section.id).toBe('report#2');
  });

  it('takes no date from a passage about something else when the one about the question gives none', () => {
    const index = indexOf([
      ['商標研討會', '雙方合作舉辦“粵港商標品牌海外註冊與維權”研討會，介紹企業商標海外註冊及維權經驗。'],
      ['海關交流', '2017年2月28日，香港海關商標調查科人員到廣州舉辦交流會，介紹粵港商標合作。'],
    ]);
    expect(decision('粵港商標品牌海外註冊與維權研討會係邊日舉辦？', { index, minCoverage: 0.5 })).toMatchObject({ answer: undefined, reason: 'no-date' });
    expect(decision('香港海關商標調查科人員幾時到廣州交流？', { index, minCoverage: 0.5 }).answer?.entry.section.id).toBe('p#1');
  });

  it('answers which city only from a passage that names a city, not a region', () => {
    const index = indexOf([
      ['研討會', '2016年12月在廣州舉辦粵港知識產權研討會。'],
      ['論壇', '粵港雙方將在珠三角地區舉行知識產權論壇。'],
      ['其他', '香港海關與廣東省工商局繼續在各城市推廣正版正貨承諾活動。'],
      ['城市', '全省21個地級以上市及城市推廣知識產權。'],
      ['考試', '考試於11月在全國27個城市同時舉行。'],
    ]);
    expect(decision('研討會在哪個城市舉辦？', { index }).answer?.entry.section.id).toBe('p#0');
    expect(decision('論壇在哪個城市舉行？', { index })).toMatchObject({ answer: undefined, reason: 'no-place' });
    expect(decision('論壇在哪裡舉行？', { index }).answer?.entry.section.id).toBe('p#1');
    // "27個城市" counts cities; it names none.
    expect(decision('考試在哪個城市舉行？', { index })).toMatchObject({ answer: undefined, reason: 'no-place' });
  });

  it('takes Hong Kong for the city where something happened only after 在 (在香港舉行), not as the party (香港考生)', () => {
    const index = indexOf([
      ['考試', '2016年專利代理人資格考試於11月在全國27個城市同時舉行。粵港雙方積極組織香港考生報名參加考試，通報考點報名、考試要求等信息。'],
      ['講座', '2016年10月，知識產權執法講座在香港舉行。'],
    ]);
    expect(decision('2016年專利代理人資格考試的考點在哪個城市？', { index, minCoverage: 0.3 })).toMatchObject({ answer: undefined, reason: 'no-place' });
    expect(decision('知識產權執法講座在哪個城市舉行？', { index, minCoverage: 0.3 }).answer?.entry.section.id).toBe('p#1');
  });

  it('takes a place only from the paragraph on the thing asked, and not the question\'s own words for the place', () => {
    const index = indexOf([
      ['合作協議', '繼續在廣東省巡迴舉辦知識產權與中小企業發展研討會。\n舉辦粵港創意產業與知識產權論壇。'],
      ['保險', '鼓勵保險機構建立粵港澳大灣區知識產權保險服務中心，為企業辦理知識產權保險提供便利。'],
      ['交易會', '舉辦粵港創意產業與知識產權論壇，論壇在廣州市舉行。'],
    ]);
    // The seminars are held around the province; the forum's paragraph says nothing of where.
    const agreement = indexOf([['合作協議', '繼續在廣東省巡迴舉辦知識產權與中小企業發展研討會。\n舉辦粵港創意產業與知識產權論壇。']]);
    expect(decision('粵港創意產業與知識產權論壇在哪裡舉辦？', { index: agreement })).toMatchObject({ answer: undefined, reason: 'no-place' });
    // "粵港澳大灣區…保險服務中心" is the centre asked about, not the city it is in.
    expect(decision('粵港澳大灣區知識產權保險服務中心設在哪個城市？', { index })).toMatchObject({ answer: undefined });
    expect(decision('粵港創意產業與知識產權論壇在哪個城市舉行？', { index }).answer?.entry.section.id).toBe('p#2');
  });

  it('takes a date only from the paragraph on the thing asked', () => {
    const index = indexOf([['簽約儀式', '粵港雙方今日(八月二日)在香港簽署了六份合作協議。\n供港塘魚封識協議：雙方同意對供港塘魚運輸工具實施封識管理。']]);
    expect(decision('供港塘魚封識協議係邊日開始實施？', { index })).toMatchObject({ answer: undefined, reason: 'no-date' });
    expect(decision('粵港雙方幾時簽署六份合作協議？', { index }).answer?.entry.section.id).toBe('p#0');
  });

  it('answers a question about Macao alone only from a passage that speaks of Macao', () => {
    const index = indexOf([
      ['粵港合作協議', '粵港雙方簽署知識產權合作協議，具體合作項目包括研討會和執法協作。'],
      ['粵港澳資料庫', '更新粵港澳三地專利、商標法律法規。'],
      ['粵澳合作', '完善粵澳知識產權合作機制，推進粵澳知識產權合作項目。'],
    ]);
    expect(decision('粵港知識產權合作協議的具體合作項目有哪些？', { index }).answer?.entry.section.id).toBe('p#0');
    expect(decision('粵澳知識產權合作項目有哪些？', { index }).answer?.entry.section.id).toBe('p#2');
    expect(decision('澳門跟廣東簽嘅知識產權合作協議有咩具體項目？', { index: indexOf([['粵港合作協議', '粵港雙方簽署知識產權合作協議，具體合作項目包括研討會和執法協作。']]) })).toMatchObject({ answer: undefined });
    expect(decision("what are macau's trademark laws", { index: indexOf([['粵港澳資料庫', '更新粵港澳三地專利、商標法律法規。']]) })).toMatchObject({ answer: undefined });
  });

  it('declines where something was signed when the document prints the place as a blank, wherever the question ranks', () => {
    const index = indexOf([
      ['泛珠三角區域知識產權合作協議', '經福建、廣東、廣西、海南、香港、澳門特別行政區知識產權管理部門協商一致，簽定本協議。'],
      ['第六條', '本協議於二〇一六年 月 日在 簽署，自簽署之日起生效。'],
    ]);
    expect(decision('泛珠知識產權協議喺邊度簽？', { index })).toMatchObject({ answer: undefined, reason: 'no-place' });
    // Who signed is still told.
    expect(decision('協議由邊幾個地方協商一致簽定？', { index }).answer?.entry.section.id).toBe('p#0');
  });

  it('finds a one-word question about what every passage shares too vague to answer', () => {
    expect(isVague(contentGroups(INDEX, fold('香港？')))).toBe(true);
    expect(isVague(contentGroups(INDEX, fold('正版正货承诺')))).toBe(false);
  });

  it('answers what something is called from the passage that names it where it speaks of the subject', () => {
    const index = indexOf([
      ['打擊行動', '開展打擊侵犯知識產權犯罪專項行動。推廣“正版正貨承諾”。'],
      ['成效', '組織開展打擊侵犯知識產權犯罪“藍劍”行動。'],
    ]);
    expect(decision('打擊知識產權犯罪的行動叫什麼名字？', { index }).answer?.entry.section.id).toBe('p#1');
  });

  it('answers from a passage holding every word of a long question, though none of them is specific', () => {
    const filler = Array.from({ length: 45 }, (_, n): [string, string] => [`其他${n}`, `第${n}段講別的事情，例如會議和培訓。`]);
    const shared = Array.from({ length: 5 }, (_, n): [string, string] => [`指數${n}`, '全球創新指數排名，深圳、香港、廣州科技集群。']);
    const index = indexOf([...shared, ...filler]);
    expect(decision('全球創新指數排名深圳香港廣州科技集群', { index }).answer).toBeDefined();
  });

  it('does not take a place a delegation visited, or a body named after a province, for where the event was held', () => {
    const index = indexOf([
      ['博覽會', '2016年8月，香港知識產權署代表出席由廣東省版權局舉辦的第八屆國際影視動漫版權博覽會，並參觀東莞松山湖科技產業園區，以了解廣東省版權產業的最新發展情況。'],
    ]);
    expect(decision('第八屆國際影視動漫版權博覽會喺邊度舉行？', { index })).toMatchObject({ answer: undefined, reason: 'no-place' });
    // Asked what was visited, the visit is the answer.
    expect(decision('第八屆國際影視動漫版權博覽會期間去咗邊度參觀？', { index }).answer?.entry.section.id).toBe('p#0');
  });

  it("declines the next plan's target from the last plan's review, and a target figure from a passage with no figure", () => {
    const plan = { ...DOC, id: 'plan', title: '广东省知识产权保护和运用“十四五”规划', kind: 'plan' as const, script: 'zh-Hans' as const };
    const index = new SectionIndex({
      documents: [plan],
      sections: [
        { id: 'plan#0', docId: 'plan', headingPath: ['“十三五”时期工作成效', '“十三五”时期知识产权主要指标完成情况'], text: '指标 单位 目标值 完成值\n有效注册商标量 万件 210 543.0\n马德里商标累计有效注册量 件 6000 8862', order: 0 },
        { id: 'plan#1', docId: 'plan', headingPath: ['突出知识产权高质量创造'], text: '规范商标注册行为，建立健全商标恶意注册监测机制。', order: 1 },
      ],
      warnings: [],
    });
    expect(decision('十四五规划对有效注册商标量定了什么目标？', { index, minCoverage: 0.3 }).answer).toBeUndefined();
    // A plan period qualifying the figure pins it as well; the plan named as a document does not.
    expect(decision('十四五有效注册商标量要提高到多少万件？', { index, minCoverage: 0.3 }).answer).toBeUndefined();
    expect(decision('十四五规划里讲十三五有效注册商标量完成值是多少？', { index, minCoverage: 0.3 }).answer?.entry.section.id).toBe('plan#0');
    // The last plan's own target is answered from its review.
    expect(decision('十三五时期有效注册商标量的目标值是多少？', { index, minCoverage: 0.3 }).answer?.entry.section.id).toBe('plan#0');
  });

  it("declines the date and place of a meeting the report is made for but names only in its title", () => {
    const report = { ...DOC, id: 'meeting', title: '粤港保护知识产权合作专责小组第十六次会议进展报告', script: 'zh-Hans' as const };
    const index = new SectionIndex({
      documents: [report],
      sections: [{ id: 'meeting#0', docId: 'meeting', headingPath: ['执法交流'], text: '2017年2月28日，香港海关人员到广州与广东分署召开粤港海关知识产权保护合作专题会议。', order: 0 }],
      warnings: [],
    });
    expect(decision('粤港保护知识产权合作专责小组第十六次会议在何时召开？', { index, minCoverage: 0.3 })).toMatchObject({ answer: undefined, reason: 'no-date' });
    expect(decision('粤港海关知识产权保护合作专题会议在何时召开？', { index, minCoverage: 0.3 }).answer?.entry.section.id).toBe('meeting#0');
  });

  it("takes a figure from the passage about it, not from the table's note that defines a term with the same words", () => {
    const index = new SectionIndex({
      documents: [DOC],
      sections: [
        { id: 'p#0', docId: 'report', headingPath: ['主要指标表', '注'], text: '注：1“每万人口高价值发明专利拥有量”是指符合下列条件的发明专利：获得中国专利奖的发明专利；目标年份内有效。', order: 0 },
        { id: 'p#1', docId: 'report', headingPath: ['加强高价值知识产权培育'], text: '到2025年，中国专利奖获奖数量超过1000项。', order: 1 },
      ],
      warnings: [],
    });
    expect(decision('中国专利奖目标是多少项？', { index, minCoverage: 0.3 }).answer?.entry.section.id).toBe('p#1');
    // The note answers what a term means.
    expect(decision('每万人口高价值发明专利拥有量是指什么？', { index, minCoverage: 0.3 }).answer?.entry.section.id).toBe('p#0');
  });

  it('answers "the target for" an aim in words from a passage that states no figure', () => {
    const index = indexOf([['高質量創造', '逐步取消發明專利授權資助，全面取消專利、商標等領域知識產權資助。']]);
    expect(decision("What is the plan's target for patent subsidies?", { index, minCoverage: 0.3 }).answer?.entry.section.id).toBe('p#0');
  });

  it('declines which firm it was where the passage speaks of one only indefinitely (一所律师事务所)', () => {
    const index = indexOf([['商標交流', '2017年6月，廣東省工商局帶領企業代表來港，訪問了一所香港律師事務所。']]);
    expect(decision('Which Hong Kong law firm did the Guangdong delegation visit in June 2017?', { index, minCoverage: 0.3 })).toMatchObject({ answer: undefined, reason: 'no-names' });
    expect(decision('2017年6月廣東省工商局帶領企業代表來港訪問了甚麼？', { index, minCoverage: 0.3 }).answer?.entry.section.id).toBe('p#0');
  });

  it('declines a part asked alone (淨係, only) where the figure is a total, and answers the total', () => {
    const index = indexOf([['融資', '十三五時期，知識產權質押登記融資總額907.6億元。商標質押增長較快。']]);
    expect(decision('十三五期間廣東淨係商標質押融資有幾多億？', { index })).toMatchObject({ answer: undefined, reason: 'no-count' });
    expect(decision('十三五期間廣東知識產權質押融資有幾多億？', { index }).answer?.entry.section.id).toBe('p#0');
  });
});
