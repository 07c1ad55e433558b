import { describe, expect, it } from 'vitest';
import { absentWordWeight, chineseNumeral, contentGroups, selfDescription, unknownWeight, withoutFrame, withoutSelfDescription } from '../../../src/core/answer/content.js';
import { intentOf } from '../../../src/core/answer/intent.js';
import { fold, INDEX, indexOf } from './fixture.js';

const groups = (q: string) => contentGroups(INDEX, fold(q));
const surfaces = (q: string) => groups(q).map((g) => g.surface);

describe('content weighting', () => {
  it('keeps what a question is about and drops how it is asked', () => {
    const s = surfaces('请问正版正货承诺是什么？');
    expect(s.join(' ')).toMatch(/正版/);
    expect(s).not.toContain('请问');
    expect(s).not.toContain('什么');
    // Question words with any measure word (几部, 几成, 哪一天) ask; they are not what the question is about.
    expect(surfaces('十三五時期拿到版權金獎的是哪幾部作品')).not.toContain('几部');
    expect(surfaces('雷公行動在哪一天收網？')).not.toContain('哪一天');
    // …nor a question word jieba joined to the next character (星期幾出 → 几出).
    expect(surfaces('2007年嗰篇新聞稿係星期幾出㗎').some((w) => w.startsWith('几'))).toBe(false);
  });

  it('weighs a word the documents rarely use above one they use everywhere', () => {
    const g = groups('广东正版');
    const weight = (w: string) => g.find((x) => x.alternatives.includes(w))?.weight ?? 0;
    expect(weight('正版')).toBeGreaterThan(weight('广东'));
  });

  it('marks words the documents never use as absent, a rare noun heavier than phrasing', () => {
    const g = groups('护照这边');
    expect(g.find((x) => x.surface === '护照')).toMatchObject({ absent: true });
    const passport = g.find((x) => x.surface === '护照')?.weight ?? 0;
    const here = g.find((x) => x.surface === '这边')?.weight ?? 0;
    expect(passport).toBeGreaterThan(here);
  });

  it('weighs a place the documents never mention as a subject (台灣, Singapore), however common the name', () => {
    const taiwan = groups('台湾企业申请专利有什么优惠').find((g) => g.surface === '台湾');
    expect(taiwan).toMatchObject({ absent: true });
    expect(taiwan!.weight).toBeGreaterThanOrEqual(0.6 * unknownWeight(INDEX) - 1e-9);
  });

  it('weighs down the body word of a who-question', () => {
    const q = '哪个部门主办研讨会？';
    const before = groups(q).find((g) => g.alternatives.includes('部门'));
    const after = withoutFrame(groups(q), intentOf(fold(q).text, q)).find((g) => g.alternatives.includes('部门'));
    expect(after?.weight).toBeLessThan(before?.weight ?? 0);
  });

  it('weighs down what a figure question calls its figure (比例, 人数): the documents state the figure itself', () => {
    const q = '有多少比例的考生通過考試？';
    const before = groups(q).find((g) => g.alternatives.includes('比例'));
    const after = withoutFrame(groups(q), intentOf(fold(q).text, q)).find((g) => g.alternatives.includes('比例'));
    expect(after?.weight).toBeLessThan(before?.weight ?? 0);
    expect(after?.anchor).toBe(false);
  });

  it('weighs down the unit of the figure asked for (多少万件): it is the form of the answer, not its subject', () => {
    const q = '專利代理人考試有多少萬件？';
    const unit = (gs: ReturnType<typeof groups>) => gs.find((g) => g.alternatives.includes('万件'));
    const after = unit(withoutFrame(groups(q), intentOf(fold(q).text, q)));
    expect(after?.weight).toBeLessThan(unit(groups(q))?.weight ?? 0);
    expect(after?.anchor).toBe(false);
  });

  it('weighs down the role a who-question asks about (负责) so the subject decides, and never anchors on it', () => {
    const q = '著名商标哪个部门负责？';
    const before = groups(q).find((g) => g.alternatives.includes('负责'));
    const weighed = withoutFrame(groups(q), intentOf(fold(q).text, q));
    const role = weighed.find((g) => g.alternatives.includes('负责'));
    const subject = weighed.find((g) => g.alternatives.includes('著名商标'));
    expect(role?.anchor).toBe(false);
    expect(role!.weight).toBeLessThan(before!.weight);
    expect(subject!.weight).toBe(groups(q).find((g) => g.alternatives.includes('著名商标'))!.weight);
  });

  it('writes numbers as the documents number editions', () => {
    expect(chineseNumeral(15)).toBe('十五');
    expect(groups('第15届').some((g) => g.alternatives.includes('十五'))).toBe(true);
  });

  it('weighs down what the documents never mention when the asker says it of themselves, not what follows', () => {
    expect(selfDescription('我是一间做手袋的小公司,申请专利那些申请费可不可以加计扣除?')).toBe('我是一间做手袋的小公司');
    expect(selfDescription('i run a small electronics firm in shenzhen, does the plan help')).toBe('i run a small electronics firm in shenzhen');
    // A Cantonese question asks with its own words (有冇, 係咪), or only with its question mark: the last clause asks.
    expect(selfDescription('我係做小家電嘅SME，以前申請專利有政府資助，十四五之後仲有冇得資助？')).toBe('我係做小家電嘅sme 以前申請專利有政府資助');
    expect(selfDescription('我係做手袋嘅小公司，以前申請商標政府有資助，聽講十四五之後冇咗？')).toBe('我係做手袋嘅小公司 以前申請商標政府有資助');
    // 十几年 is a number of years, not a question.
    expect(selfDescription('我们是港资厂，在东莞设厂十几年，想申请著名商标。2017年港资企业有多少件？')).toBe('我们是港资厂 在东莞设厂十几年 想申请著名商标');
    // A firm speaking of itself (本公司) tells who asks as 我 does.
    expect(selfDescription('本公司是深圳一家做蓝牙耳机的中小企，下年准备去德国参展。规划有什么支援措施？')).toBe('本公司是深圳一家做蓝牙耳机的中小企 下年准备去德国参展');
    // An English sentence ends the story as a comma does; a decimal point does not.
    expect(selfDescription('we export to europe and worry about ip suits. does the plan say anything about insurance?')).toBe('we export to europe and worry about ip suits');
    expect(selfDescription('we sell 2.5 million toys a year. does the plan help?')).toBe('we sell 2.5 million toys a year');
    // A question that opens with its question, or a first clause that already asks, tells nothing about the asker.
    expect(selfDescription('手袋有冇得申请专利?我是小公司')).toBe('');
    expect(selfDescription('我可不可以申请专利?')).toBe('');
    const q = '我是香港老板,在东莞开了厂,想申请广东省著名商标,哪个部门会指导?';
    const boss = (gs: ReturnType<typeof groups>) => gs.find((g) => g.surface === '老板')?.weight ?? 0;
    expect(boss(withoutSelfDescription(groups(q), fold(q).text))).toBeCloseTo(boss(groups(q)) / 4);
    // …and is marked, so that it does not count as a subject the documents lack (the decision's margin).
    expect(withoutSelfDescription(groups(q), fold(q).text).find((g) => g.surface === '老板')?.selfDescribed).toBe(true);
  });

  it('marks a place the documents use, said only of the asker, as told rather than asked, keeping its weight', () => {
    const index = indexOf([['商標', '東莞市企業申請著名商標。']]);
    const dongguan = (q: string) => withoutSelfDescription(contentGroups(index, fold(q)), fold(q).text).find((g) => g.surface === '东莞');
    const told = dongguan('我们在东莞设厂十几年，2017年有多少件著名商标？');
    expect(told?.selfDescribed).toBe(true);
    expect(told?.weight).toBeCloseTo(contentGroups(index, fold('东莞')).find((g) => g.surface === '东莞')!.weight);
    // Asked about again after the story, it is what is asked.
    expect(dongguan('我们在东莞设厂，东莞有多少件著名商标？')?.selfDescribed).toBeUndefined();
  });

  it('reads a coordinated abbreviation as both words it shortens (繁简体 → 繁体 + 简体)', () => {
    const index = indexOf([['協議', '本協議一式四份（繁體版簡體版各二份）。']]);
    const s = contentGroups(index, fold('协议繁简体各几份')).map((g) => g.surface);
    expect(s).toEqual(expect.arrayContaining(['繁体', '简体']));
    expect(s).not.toContain('繁简体');
  });

  it("weighs a verb the documents never use as the asker's wording, unless the question asks how to do it", () => {
    const cover = groups('粵港合作有沒有涵蓋電商').find((g) => g.surface === '涵盖');
    expect(cover).toMatchObject({ absent: true });
    expect(cover!.weight).toBeLessThan(absentWordWeight(INDEX, '涵盖', 'v', true));
    // "How do I get a refund": the deed asked about is the subject.
    const refund = groups('網購買到假貨點樣退錢？').find((g) => g.surface === '退钱');
    expect(refund!.weight).toBeCloseTo(absentWordWeight(INDEX, '退钱', 'v', true));
  });

  it('reads the pan-PRD region as one concept whichever way it is written, and "which places" as the frame of the question', () => {
    const region = (q: string) => contentGroups(INDEX, fold(q)).find((g) => g.alternatives.includes('泛珠三角区域'));
    // 泛珠三角 is not 泛 + 珠三角 (the Pearl River Delta).
    expect(region('泛珠三角知識產權協議有邊啲地方參加')?.weight).toBe(region('泛珠知識產權協議有邊啲地方參加')?.weight);
    expect(surfaces('泛珠三角知識產權協議有邊啲地方參加')).not.toContain('珠三角');
    expect(surfaces('泛珠三角知識產權協議有邊啲地方參加')).not.toContain('地方');
  });

  it('reads 一间 as counting, not as content', () => {
    expect(surfaces('我係香港一間細規模嘅代理行')).not.toContain('一间');
    // A measure word after a demonstrative (嗰份協議) names nothing; after 幾多 it is the unit asked for.
    expect(surfaces('2007年嗰份資訊化合作安排係邊兩個部門簽嘅')).not.toContain('份');
    expect(surfaces('泛珠知產協議一共簽咗幾多份')).toContain('份');
    // …nor joined to its noun (哪份文件 → 份文件), nor the word for a name asked for.
    expect(surfaces('泛珠三角知識產權協議是根據國務院哪份文件訂立的？')).not.toContain('份文件');
    expect(surfaces('十四五規劃裏大灣區那個商標品牌比賽叫甚麼名字')).not.toContain('名字');
    // 何時何地 asks when and where; 今期 is when the asker is; 我間公司 is "my company".
    expect(surfaces('2016年的研討會預計何時何地舉行')).not.toContain('何时何地');
    expect(surfaces('粵港專責小組今期落實咗幾多項合作項目')).not.toContain('今期');
    expect(surfaces('我間公司驚啲員工跳槽')).not.toContain('间');
  });

  it('weighs down the word "target" in a question about what a plan aims at: the plan states its targets as figures', () => {
    const q = '十四五專利商標質押融資目標是多少';
    const target = (gs: ReturnType<typeof groups>) => gs.find((g) => g.alternatives.every((a) => a === '目标'));
    expect(target(withoutFrame(groups(q), intentOf(fold(q).text, q)))!.weight).toBeLessThan(target(groups(q))!.weight);
  });
});
