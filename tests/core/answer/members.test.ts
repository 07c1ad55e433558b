import { describe, expect, it } from 'vitest';
import { asksName, asksWhatCalled, asksWhichOnes, countedMembersAsked, givesName, leavesUnnamed, namedKindAsked, namesBodiesAsked, namesKind, namesMembers, onlyCounts, partyAsked } from '../../../src/core/answer/members.js';
import { fold, passage } from './fixture.js';

const asked = (q: string) => countedMembersAsked(q, fold(q).text);

describe('which members of a counted set', () => {
  it('reads how many members a which-question says there are', () => {
    expect(asked('廣東設立知識產權學院的五所高校是哪幾所？')).toBe(5);
    expect(asked('十三五期間廣東攞咗4個中國版權金獎，係邊4個作品')).toBe(4);
    expect(asked('十三五廣東攞中國版權金獎嗰4個係咩作品')).toBe(4);
    expect(asked('which two national GI demo zones did guangdong build')).toBe(2);
  });

  it('leaves alone questions that ask how many, or count nothing, or name a plan period or an edition', () => {
    expect(asked('廣東建成幾多個地理標誌示範區？')).toBeUndefined();
    expect(asked('十四五規劃有哪些保障措施？')).toBeUndefined();
    expect(asked('第十五屆發明獎有哪些香港學生得獎？')).toBeUndefined();
  });

  it('finds the members named before the count (等4個) or after it (包括…), and not where they are only counted', () => {
    expect(namesMembers(passage('鳳凰單叢、吳川月餅、英德紅茶、大埔蜜柚等4個地理標誌產品入選名錄。'), 4)).toBe(true);
    expect(namesMembers(passage('雙方簽署了六份合作協議，包括以下項目：深化CEPA。'), 6)).toBe(true);
    expect(namesMembers(passage('建成2個國家地理標誌產品保護示範區。'), 2)).toBe(false);
    // A passage that does not count them is judged by the rest of the decision.
    expect(namesMembers(passage('支持高校建立知識產權學院。'), 5)).toBe(true);
  });
});

describe('a thing asked by name', () => {
  const name = (q: string) => asksName(q, fold(q).text);

  it('reads a question asking what something is called or which firm or school it was', () => {
    expect(name('交流活動拜訪嗰間香港律師事務所叫咩名')).toBe(true);
    expect(name('拜訪的是哪一家律師事務所？')).toBe(true);
    expect(name('which hk universities sent people to nansha')).toBe(true);
    expect(name('what was the law firm called')).toBe(true);
    expect(name('十四五規劃有哪些保障措施？')).toBe(false);
    expect(name('How many universities set up IP schools?')).toBe(false);
  });

  it('finds a passage that mentions it only as "a firm" or "several universities", and one that names it', () => {
    const firm = [['律师事务所']];
    expect(leavesUnnamed(passage('訪問了香港海關和由香港商標師公會安排的一所香港律師事務所。'), firm)).toBe(true);
    expect(leavesUnnamed(passage('香港多間大學的代表到訪南沙。'), [['大学', '高校']])).toBe(true);
    expect(leavesUnnamed(passage('重點打擊經廣東部分重點地區口岸輸往香港的侵權貨物。'), [['口岸']])).toBe(true);
    expect(name('四次聯合執法分別喺邊幾個口岸做？')).toBe(true);
    expect(leavesUnnamed(passage('代表團到訪中山大學南沙研究院。'), [['大学', '高校']])).toBe(false);
    // A passage that does not mention it is judged by the rest of the decision.
    expect(leavesUnnamed(passage('代表團到訪香港海關。'), firm)).toBe(false);
    // Asked for Hong Kong's ones, the universities the passage names on the other side do not answer.
    const visit = passage('香港多間大學的技術轉移中心代表到訪華南理工大學研究院和中山大學南沙研究院。');
    expect(leavesUnnamed(visit, [['大学', '高校']])).toBe(false);
    expect(leavesUnnamed(visit, [['大学', '高校']], '香港')).toBe(true);
    expect(leavesUnnamed(passage('香港中文大學和香港多間大學的代表到訪南沙。'), [['大学', '高校']], '香港')).toBe(false);
    const party = (q: string) => partyAsked(q, fold(q).text);
    expect(party('交流活動有哪幾間香港大學參加？')).toBe('香港');
    expect(party('去南沙交流嗰啲係香港邊幾間大學')).toBe('香港');
    expect(party('which hk universities sent people to nansha')).toBe('香港');
    expect(party('交流活動有哪幾間大學參加？')).toBeUndefined();
  });

  it('answers what something is called only from a passage that gives a name in quotation marks or a code name', () => {
    const called = (q: string) => asksWhatCalled(q, fold(q).text);
    expect(called('粵港合作拍嘅版權保護廣告片叫咩名？')).toBe(true);
    expect(called('what was the code name of the joint op')).toBe(true);
    expect(called('拜訪的是哪一家律師事務所？')).toBe(false);
    expect(givesName(passage('雙方聯合開展代號為“雷公行動”的打擊行動。'))).toBe(true);
    expect(givesName(passage('與香港知識產權署合作製作版權保護廣告宣傳片。'))).toBe(false);
    // The name must be given where the passage speaks of the subject, not in a slogan two sentences away.
    const campaign = passage('開展打擊侵犯知識產權犯罪專項行動。推廣“正版正貨承諾”。');
    expect(givesName(campaign, [['犯罪']])).toBe(false);
    expect(givesName(campaign, [['正版']])).toBe(true);
    expect(givesName(passage('組織開展打擊侵犯知識產權犯罪“藍劍”行動。'), [['犯罪'], ['名称', '名字']])).toBe(true);
    // A full name without quotation marks, from a place to the thing asked; a description beginning with a verb is none.
    expect(givesName(passage('舉辦粵港澳大灣區高價值商標品牌培育大賽。'), [['大赛', '比赛']])).toBe(true);
    expect(givesName(passage('與香港知識產權署合作製作版權保護廣告宣傳片。'), [['宣传片', '广告']])).toBe(false);
    // The place may stand inside the name: 知識產權珠江論壇.
    expect(givesName(passage('積極參與知識產權珠江論壇，將其打造成為區域品牌。'), [['论坛']])).toBe(true);
    expect(givesName(passage('積極參與知識產權交流論壇。'), [['论坛']])).toBe(false);
  });
});

describe('which ones, several', () => {
  const which = (q: string) => asksWhichOnes(q, fold(q).text);
  const group = (alternatives: string[], weight: number) => ({ alternatives, weight, anchor: true, absent: false, general: false, surface: alternatives[0]! });

  it('reads a question asking which ones, in Chinese or with a plural in English, and not one asking which one', () => {
    expect(which('十三五时期拿到中国版权金奖的是哪几部作品')).toBe(true);
    expect(which('which hk companies got famous trademark status in 2017')).toBe(true);
    expect(which('which association does the bureau guide on this?')).toBe(false);
    expect(which('研討會喺邊度舉行？')).toBe(false);
  });

  it('finds a passage that only counts them, and not one that lists them', () => {
    const gold = [group(['金奖'], 4.7), group(['十三五'], 2.7)];
    expect(onlyCounts(passage('“十三五”期间，超额完成指标、任务。获中国版权金奖4项。'), gold)).toBe(true);
    expect(onlyCounts(passage('获中国版权金奖4项：《春天的故事》《大湾区》等。'), gold)).toBe(false);
    expect(onlyCounts(passage('凤凰单丛、吴川月饼等4个产品获金奖。'), gold)).toBe(false);
    // All of them, counted, is an answer: every one.
    expect(onlyCounts(passage('在全省21个地级以上市推广金奖活动。'), gold)).toBe(false);
  });

  it('takes bodies asked for (哪些部门) as named where a sentence has one as its subject, beside a count', () => {
    const q = '香港海关会与广东哪些部门交换侵权情报?';
    const exchanged = passage('香港海关与广东省工商局通过定期的情报交流掌握侵权势态，交换情报信息共12份。');
    expect(namesBodiesAsked(q, q, exchanged)).toBe(true);
    // Only the body the question names: no other is named.
    expect(namesBodiesAsked(q, q, passage('香港海关共交换情报信息78件。'))).toBe(false);
    // Not asking bodies: the count rule stands.
    expect(namesBodiesAsked('哪些品牌获奖?', '哪些品牌获奖?', exchanged)).toBe(false);
  });
});

describe('a thing of a kind that bears names', () => {
  const kind = (q: string) => namedKindAsked(fold(q).text);

  it('reads the kind after a which-word or before "called"', () => {
    expect(kind('第十五屆發明獎，香港哪件作品拿了一等獎？')).toBe('作品');
    expect(kind('聯合行動中查獲的侵權貨品主要是哪些品牌')).toBe('品牌');
    expect(kind('2016年考試在廣東設了哪幾個考點城市？')).toBe('城市');
    expect(kind('簽約儀式是在香港哪棟大樓舉行的')).toBe('大楼');
    expect(kind('香港學生的獲獎作品叫什麼名字')).toBe('作品');
  });

  it('leaves alone which-questions about descriptions, places and times', () => {
    expect(kind('十四五規劃有哪些保障措施？')).toBeUndefined();
    expect(kind('重點加強邊幾個範疇')).toBeUndefined();
    expect(kind('考試喺邊度考？')).toBeUndefined();
    expect(kind('哪一年簽的協議？')).toBeUndefined();
  });

  it('finds one named in a list, in quotation marks or as a proper name, and not where they are only counted', () => {
    const works = ['作品'];
    expect(namesKind(passage('香港共派出8位師生代表帶了12件參賽作品參加評審，共奪得了9個獎項。'), works)).toBe(false);
    expect(namesKind(passage('考試於11月在全國27個城市同時舉行。'), ['城市'])).toBe(false);
    expect(namesKind(passage('考試在廣州、深圳等城市舉行。'), ['城市'])).toBe(true);
    expect(namesKind(passage('代表到訪中山大學南沙研究院。'), ['研究院'])).toBe(true);
    expect(namesKind(passage('探索建立與“一帶一路”沿線國家和地區的合作機制。'), ['国家'])).toBe(true);
    expect(namesKind(passage('港方代表參觀廣州唯品會信息科技有限公司。'), ['公司'])).toBe(true);
    expect(namesKind(passage('香港多間大學的技術轉移中心代表到訪南沙。'), ['大学'])).toBe(false);
    // A passage that never uses the kind's word names none of that kind.
    expect(namesKind(passage('考試於11月舉行，香港考生在粵報名。'), ['城市'])).toBe(false);
  });
});
