import { describe, expect, it } from 'vitest';
import { FACT_KINDS, speaksOfYear, unsupportedFact } from '../../../src/core/answer/facts.js';
import { entry, fold } from './fixture.js';

const unsupported = (q: string, order: number) => unsupportedFact(q, fold(q).text, entry(order));

describe('fact kinds the documents never state', () => {
  it('declines a fee question unless the passage gives an amount of money', () => {
    expect(unsupported('考試費用多少錢？', 0)).toBe('money');
    // A charge typed as a heading asks its amount too.
    expect(unsupported('專利代理人考試費用', 0)).toBe('money');
    expect(unsupported('patent agent exam fee?', 0)).toBe('money');
    expect(unsupported('what are the trademark registration fees in hong kong', 0)).toBe('money');
    expect(unsupported('研發費用加計扣除有冇講', 0)).toBeUndefined();
    // Whether a fee may be deducted is no question of its amount.
    expect(unsupported('can my company claim extra tax deduction on patent filing and agent fees', 0)).toBeUndefined();
    expect(unsupported('can a firm deduct agent fees for tax purposes under the plan', 0)).toBeUndefined();
    expect(unsupported('what are the fees for the patent agent exam', 0)).toBe('money');
  });

  it('declines whether one pays, or what goods were worth, unless the passage gives an amount or says free', () => {
    expect(unsupported('正版正貨承諾點樣參加？要唔要俾錢', 1)).toBe('money');
    expect(unsupported('Was the seminar free or did you have to pay?', 2)).toBe('money');
    expect(unsupported('查獲的侵權貨物總值多少？', 1)).toBe('money');
    // How a fee is worked out asks its amount.
    expect(unsupported('发明专利年费怎么算', 3)).toBe('money');
    // GDP (地区生产总值) is no value of goods.
    expect(unsupported('專利密集型產業佔GDP比重目標係幾多', 3)).toBeUndefined();
    expect(FACT_KINDS.find((f) => f.kind === 'money')?.alsoWhen?.('研讨会要不要给钱', '研讨会免费入场。')).toBe(true);
  });

  it('declines a target figure asked of a passage that gives no figure or ranking', () => {
    // Passage 1 (正版正貨承諾) states no figure; passage 3 gives 27.8件.
    expect(unsupported('正版正貨承諾定了甚麼目標？', 1)).toBe('target-figure');
    expect(unsupported('How many shops is the Genuine Products Promise targeting?', 1)).toBe('target-figure');
    // "The target for X" in English is as often an aim in words.
    expect(unsupported('What is the target for the Genuine Products Promise?', 1)).toBeUndefined();
    expect(unsupported('每萬人口發明專利擁有量目標是多少？', 3)).toBeUndefined();
    // An aim asked in words is no figure asked.
    expect(unsupported('正版正貨承諾的目標是甚麼？', 1)).toBeUndefined();
  });

  it('declines a venue by its kind, a deadline and how often, unless the passage states them', () => {
    expect(unsupported('研討會喺邊間酒店舉行？', 2)).toBe('venue');
    expect(unsupported('Which hotel was the seminar held in?', 2)).toBe('venue');
    // Which school the exam was sat in is a venue; the exam passage names none.
    expect(unsupported('2016年專利代理人考試，廣東考點喺邊間學校考㗎', 0)).toBe('venue');
    expect(unsupported('專利代理人考試幾時截止報名？', 0)).toBe('deadline');
    expect(unsupported('What is the deadline for the patent agent exam?', 0)).toBe('deadline');
    expect(unsupported('研討會多久舉辦一次？', 2)).toBe('frequency');
    expect(unsupported('How often is the seminar held?', 2)).toBe('frequency');
    // The seminar's city is no venue asked for; "how often" is stated where a passage says 每年.
    expect(unsupported('研討會喺邊個城市舉行？', 2)).toBeUndefined();
    const yearly = '研討會每年舉辦一次。';
    expect(FACT_KINDS.find((f) => f.kind === 'frequency')?.evidence.test(yearly.replace('舉辦', '举办'))).toBe(true);
  });

  it('declines a person named by title the passage does not name', () => {
    expect(unsupported('who is the current director of the gd market regulation bureau', 1)).toBe('person');
    expect(unsupported('name of the hk official who signed the seminar report', 2)).toBe('person');
    // Any head by title (院長, 會長), and who chairs or heads a body.
    expect(unsupported('廣州互聯網法院的院長是誰？', 1)).toBe('person');
    // Who holds a post, asked the other way round.
    expect(unsupported('專責小組由誰擔任組長？', 1)).toBe('person');
    expect(unsupported('專責小組由哪個部門牽頭？', 1)).toBeUndefined();
    expect(unsupported('who chairs the GD-HK IP protection task force', 1)).toBe('person');
    expect(unsupported("who is hong kong's liaison officer under the pan prd ip agreement", 1)).toBe('person');
    expect(unsupported('泛珠協議香港嘅聯絡員係邊個？', 1)).toBe('person');
    // The name of a campaign is no person's.
    expect(unsupported('whats the name of the special campaign against ip crime', 1)).toBeUndefined();
  });

  it('declines how to file for a patent or trade mark, but not a question about money around filing', () => {
    expect(unsupported('點樣申請專利？', 1)).toBe('filing-procedure');
    expect(unsupported('How do I register a trade mark in Hong Kong?', 1)).toBe('filing-procedure');
    expect(unsupported('申請專利嗰啲申請費、代理費可唔可以加計扣除？', 1)).toBeUndefined();
    expect(unsupported('聽講廣東以後唔再資助申請專利，係咪真？', 1)).toBeUndefined();
    // Suing is a procedure; being sued is what the asker fears, and the plan's protection answers it.
    expect(unsupported('我點樣起訴抄我設計嘅公司？', 1)).toBe('filing-procedure');
    expect(unsupported('我去展會參展，驚被人起訴侵權，規劃點樣做？', 1)).toBeUndefined();
    // Staff taking client files away (帶走…資料) is no question of papers to hand in.
    expect(unsupported('我間公司驚啲員工跳槽帶走客戶資料，政府有咩計劃保護商業秘密', 1)).toBeUndefined();
  });

  it('declines a rate the passage gives only as counts, and answers one it states', () => {
    // Fixture passage 0: 120 sat the exam, 5 passed; no rate is printed.
    expect(unsupported('What was the pass rate of the 2016 patent agent exam?', 0)).toBe('rate');
    expect(unsupported('專利代理人考試合格率係幾多？', 0)).toBe('rate');
    expect(FACT_KINDS.find((f) => f.kind === 'rate')?.alsoWhen?.('专用标志使用覆盖率目标', '标志覆盖率达到 ８０％以上')).toBe(true);
    expect(unsupported('有幾多人通過考試？', 0)).toBeUndefined();
    // A rate named must be the passage's: a passage giving other percentages states no interest rate.
    const rate = FACT_KINDS.find((f) => f.kind === 'rate')!;
    expect(rate.alsoWhen?.('质押融资贷款利率是多少', '质押融资登记金额增长１５％。')).toBe(false);
    expect(rate.alsoWhen?.('代理授权率目标', '专利申请代理授权率 ％ ５６ ５ ６０ 预期性')).toBe(true);
    // A budget asked in money terms asks an amount.
    expect(unsupported("what's the annual budget in yuan for the plan", 0)).toBe('money');
  });

  it('declines a code or reference number the passage does not give', () => {
    expect(unsupported('《企業知識產權管理規範》國家標準的編號是甚麼？', 1)).toBe('identifier');
    expect(FACT_KINDS.find((f) => f.kind === 'identifier')?.evidence.test('企业知识产权管理规范（GB/T 29490-2013）')).toBe(true);
  });

  it('declines a fine and a place in a ranking the passage does not state', () => {
    expect(['penalty', 'money']).toContain(unsupported('港方查獲嘅14宗案件一共罰咗幾多錢？', 0));
    expect(unsupported('港方查獲嘅案件罰咗幾多？', 0)).toBe('penalty');
    expect(unsupported('2020年廣東每萬人口發明專利擁有量喺全國排第幾？', 3)).toBe('ranking');
    expect(FACT_KINDS.find((f) => f.kind === 'ranking')?.evidence.test('數量均為全國第一')).toBe(true);
  });

  it('declines a phone number, an opening time and a recommendation', () => {
    expect(unsupported('What is the phone number of customs?', 1)).toBe('contact');
    // Phones as goods are no contact details.
    expect(unsupported('fake phone and laptop batteries seized by customs', 1)).toBeUndefined();
    expect(unsupported('香港海關今日有冇開？', 1)).toBe('contact');
    // Office hours: asked as when staff start work or when a body opens; a time of day answers them.
    expect(unsupported('广州商标审查协作中心几点上班', 1)).toBe('contact');
    expect(unsupported('what time does the IP office open on weekdays?', 1)).toBe('contact');
    expect(FACT_KINDS.find((f) => f.kind === 'contact')?.evidence.test('办公时间为上午9时至下午5时')).toBe(true);
    expect(unsupported('Can you recommend a good IP firm?', 2)).toBe('recommendation');
  });

  it('declines a person\'s name, a number of days and the papers for an application the passage does not give', () => {
    expect(unsupported('研討會帶隊嗰位叫咩名？', 2)).toBe('person');
    expect(unsupported('Who led the seminar delegation?', 2)).toBe('person');
    expect(unsupported('研討會開咗幾多日？', 2)).toBe('duration');
    expect(unsupported('申请质押融资需要准备哪些材料？', 1)).toBe('paperwork');
    expect(unsupported('點樣申請質押融資？', 1)).toBe('paperwork');
    expect(unsupported('申請質押融資需要甚麼條件？', 2)).toBe('paperwork');
    // How to take part in a programme ipbot covers is what the documents describe.
    expect(unsupported('點樣申請參加正版正貨承諾？', 1)).toBeUndefined();
    // …but not the papers to hand in, for a programme or not; nor how to sign up for an exchange the text reports.
    expect(unsupported('想申請廣東省著名商標要交咩文件？', 1)).toBe('paperwork');
    expect(unsupported('how to apply for a guangdong famous trademark, what documents do i need to submit', 1)).toBe('paperwork');
    expect(unsupported('香港中學如何報名參加中學生交流活動？', 1)).toBe('paperwork');
    // A scheme ipbot's topics do not cover (the IP manager scheme, a loan scheme) is described, never how to join it.
    expect(unsupported('點樣報名參加知識產權管理人員計劃？', 1)).toBe('paperwork');
    expect(unsupported('how do i sign up for the IP manager scheme', 1)).toBe('paperwork');
    expect(unsupported('研討會有哪幾位講者？', 2)).toBe('person');
    expect(unsupported('研討會報告邊個代表香港簽？', 2)).toBe('person');
    expect(unsupported('Who signed the seminar report for Hong Kong?', 2)).toBe('person');
    expect(unsupported('研討會獎金有多少？', 2)).toBe('money');
  });

  it('lets an ordinary question through', () => {
    expect(unsupported('考試在哪裡報名？', 0)).toBeUndefined();
    // "Which days" asks when, not how long.
    expect(unsupported('研討會是哪幾天舉辦的？', 2)).toBeUndefined();
    expect(unsupported('香港考生去哪里报名考试？', 0)).toBeUndefined();
    // Who signed an agreement is answered by the bodies that signed it; a prize (专利奖 金奖) is no prize money.
    expect(unsupported('Who signed the seminar report?', 2)).toBeUndefined();
    expect(unsupported('研討會拿了多少個專利獎 金獎呢', 2)).toBeUndefined();
  });

  it('knows whether a passage speaks of a year or later', () => {
    expect(speaksOfYear(entry(2), 2016)).toBe(true);
    expect(speaksOfYear(entry(2), 2026)).toBe(false);
  });
});
