import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MAX_SECTION_CHARS, parseDocument } from '../../../src/core/knowledge/parse.js';
import type { DocumentMeta, Section } from '../../../src/core/knowledge/types.js';

const KNOWLEDGE = new URL('../../../knowledge/', import.meta.url);
const catalogue = parse(readFileSync(new URL('catalogue.yaml', KNOWLEDGE), 'utf8')) as { documents: DocumentMeta[] };

function parsed(id: string): { meta: DocumentMeta; sections: Section[] } {
  const meta = catalogue.documents.find((d) => d.id === id);
  if (!meta) throw new Error(`no catalogue entry ${id}`);
  const { sections, warnings } = parseDocument(meta, readFileSync(new URL(meta.file, KNOWLEDGE), 'utf8'));
  expect(warnings).toEqual([]);
  return { meta, sections };
}

const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十', '二十一'];

/** The distinct heading labels at one depth, in document order. */
function labelsAt(sections: Section[], depth: number): string[] {
  const labels: string[] = [];
  for (const s of sections) {
    const label = s.headingPath[depth];
    if (label !== undefined && labels[labels.length - 1] !== label) labels.push(label);
  }
  return labels;
}

describe('D0 Guangdong–Hong Kong agreement 2015–2016 (Traditional)', () => {
  const { meta, sections } = parsed('gd-hk-ip-agreement-2015');

  it('has the 21 articles （一）…（二十一） in order, each under its part heading', () => {
    const articles = labelsAt(sections, 1);
    expect(articles).toHaveLength(21);
    articles.forEach((label, k) => expect(label.startsWith(`（${CHINESE_NUMERALS[k]}）`)).toBe(true));
    expect(sections.find((s) => s.headingPath[1]?.startsWith('（一）'))?.headingPath).toEqual(['一、完善粵港知識產權合作機制', '（一）深化粵港知識產權合作項目機制']);
    expect(sections.find((s) => s.headingPath[1]?.startsWith('（十二）'))?.headingPath[0]).toBe('五、完善粵港知識產權引導服務');
  });

  it('rejoins headings the PDF broke across lines', () => {
    const articles = labelsAt(sections, 1);
    expect(articles).toContain('（四）建立粵港海關與兩地快件監管部門和行業的聯動機制');
    expect(articles).toContain('（十四）鼓勵在粵港資企業實施《企業知識產權管理規範》國家標準');
    expect(articles).toContain('（二十一）持續更新“粵港澳知識產權資料庫”與“粵港知識產權合作專欄”');
  });

  it('puts the exam article text under its heading, readable and in Traditional script', () => {
    const exam = sections.find((s) => s.headingPath[1]?.startsWith('（十二）'))!;
    expect(exam.text).toContain('雙方繼續協助香港考生參加2015年全國專利代理人資格考試廣東考點的考試。');
    expect(exam.text).not.toContain('（十二）'); // the heading is not repeated in the text
  });

  it('keeps the preamble and the closing clause as document-level sections', () => {
    expect(sections[0]!.headingPath).toEqual([meta.title]);
    expect(sections[0]!.text.startsWith('為貫徹《珠江三角洲地區改革發展規劃綱要')).toBe(true);
    const closing = sections[sections.length - 1]!;
    expect(closing.headingPath).toEqual([meta.title]);
    expect(closing.text).toContain('二○一五年九月九日在香港簽署');
  });
});

describe('D1 progress report of the 16th meeting (Simplified)', () => {
  const { sections } = parsed('gd-hk-progress-2017');

  it('has items 1–24 in order', () => {
    const items = labelsAt(sections, 0);
    expect(items.map((l) => Number(l.split('.')[0]))).toEqual(Array.from({ length: 24 }, (_, k) => k + 1));
    expect(items[16]).toBe('17. 协助香港考生参加全国专利代理人资格考试');
  });

  it('keeps each item a unit, joining lines broken across blank lines', () => {
    const exam = sections.filter((s) => s.headingPath[0]?.startsWith('17.'));
    expect(exam).toHaveLength(1);
    expect(exam[0]!.text).toContain('自2004年以来，香港共有56人通过考试，目前有18人在内地执业。');
    expect(sections.find((s) => s.headingPath[0]?.startsWith('9.'))!.text).toContain('并与香港版权业界人士进行交流');
  });
});

describe('D2 press release 2007 (Traditional)', () => {
  const { meta, sections } = parsed('gd-hk-signing-2007');

  it('uses each underlined agreement title as a heading, without its footnote digit', () => {
    const titles = labelsAt(sections, 0).filter((t) => t !== meta.title);
    expect(titles).toHaveLength(6);
    expect(titles).toContain('2007年至2008年粵港保護知識產權合作協議');
    for (const t of titles) expect(t).not.toMatch(/\d$/);
  });

  it('keeps the IP agreement bullets together with the footnote saying who signed it', () => {
    const ip = sections.filter((s) => s.headingPath[0] === '2007年至2008年粵港保護知識產權合作協議');
    const text = ip.map((s) => s.text).join('\n');
    expect(text).toContain('• 雙方決定加強保護知識產權合作。');
    expect(text).toContain('在兩地深入開展“正版正貨”承諾活動');
    expect(text).toContain('由粵港保護知識產權合作專責小組（即香港特區知識產權署和廣東省知識產權局）簽署');
    // Footnotes of other agreements do not leak into the IP agreement's text.
    expect(text).not.toContain('由香港特區環境局');
  });

  it('restores the mixed-width date line', () => {
    expect(sections.map((s) => s.text).join('\n')).toContain('2007年8月2日（星期四）');
  });
});

describe('D3 Pan-PRD agreement (Simplified)', () => {
  const { sections } = parsed('pan-prd-ip-agreement-2016');

  it('splits along 第一条…第六条 and their titled items', () => {
    expect(labelsAt(sections, 0)).toEqual([
      '泛珠三角区域深化知识产权合作协议',
      '第一条 深化合作宗旨',
      '第二条 深化合作原则',
      '第三条 深化合作要求',
      '第四条 深化合作内容',
      '第五条 深化合作机制',
      '第六条',
    ]);
    expect(sections.find((s) => s.headingPath[1] === '（八）知识产权交流研讨')?.text).toContain('知识产权珠江论坛');
    expect(sections.find((s) => s.headingPath[0] === '第六条')?.text).toContain('本协议于二〇一六年\u3000月\u3000日在\u3000签署，自签署之日起生效。');
  });

  it('drops the empty signature placeholders', () => {
    expect(sections.some((s) => s.text.includes('福建省代表'))).toBe(false);
  });
});

describe('D4 Guangdong 14th Five-Year IP plan (Simplified, from a PDF)', () => {
  const { sections } = parsed('gd-ip-plan-14th-fyp');

  it('has chapters 第一章…第八章, with two-line chapter titles rejoined', () => {
    const chapters = labelsAt(sections, 0).filter((l) => l.startsWith('第'));
    expect(chapters.map((l) => l.slice(0, 3))).toEqual(['第一章', '第二章', '第三章', '第四章', '第五章', '第六章', '第七章', '第八章']);
    expect(chapters).toContain('第一章 “十三五”时期工作成效和“十四五”时期发展形势');
    expect(chapters).toContain('第七章 统筹知识产权区域布局和国际合作 助力打造新发展格局战略支点');
  });

  it('places the 专栏 boxes 1–20 under their chapter and section', () => {
    const boxes = new Set(sections.map((s) => s.headingPath.find((h) => h.startsWith('专栏'))).filter(Boolean));
    expect([...boxes].map((b) => Number(/^专栏(\d+)/.exec(b!)![1]))).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
    const insurance = sections.find((s) => s.headingPath[2]?.startsWith('专栏7'))!;
    expect(insurance.headingPath).toEqual(['第三章 全面加强知识产权保护 激发全社会创新活力', '第五节 加强海外知识产权保护', '专栏7 知识产权海外侵权责任保险推广工程']);
    expect(insurance.text).toContain('知识产权海外侵权责任险');
    expect(sections.some((s) => s.headingPath[2] === '专栏18 粤港澳大湾区知识产权交易博览会暨中国(国际)地理标志产品交易博览会')).toBe(true);
  });

  it('ends a box where the main text resumes', () => {
    const civil = sections.find((s) => s.text.startsWith('加强民事司法保护。'))!;
    expect(civil.headingPath).toEqual(['第三章 全面加强知识产权保护 激发全社会创新活力', '第二节 加强知识产权司法保护']);
    const overseas = sections.find((s) => s.text.includes('支持建立广东企业海外知识产权互助金'))!;
    expect(overseas.headingPath[1]).toBe('第五节 加强海外知识产权保护');
    expect(overseas.headingPath).toHaveLength(2);
  });

  it('restores the lost decimal points', () => {
    const all = sections.map((s) => s.text).join('\n');
    for (const figure of ['35.1万件', '543.0万件', '27.8件', '907.6亿元', '1.6万家企业', '4.8万件', '8.7%']) expect(all).toContain(figure);
    expect(all).not.toMatch(/\d \d(万|亿|件|%)/);
  });

  it('keeps the indicator tables as their own sections, row by row', () => {
    const table = sections.find((s) => s.headingPath.at(-1) === '广东省“十三五”时期知识产权主要指标完成情况')!;
    expect(table.text.split('\n')).toContain('发明专利有效量 万件 20 35.1');
    expect(table.text.split('\n')).toContain('每万人口作品著作权和计算机软件著作权拥有量 件 36 103');
    const plan = sections.filter((s) => s.headingPath.at(-1) === '广东省“十四五”知识产权发展主要指标表').map((s) => s.text.split('\n')).flat();
    // Rows the PDF broke over several lines are whole again.
    expect(plan).toContain('专利密集型产业增加值占地区生产总值比重 % ——— ≥19 预期性');
    expect(plan).toContain('知识产权质押融资登记金额、项目数 亿元、项 (907.6)、(3765) (2500)、(5000) 预期性');
    expect(plan).toContain('商标品牌发展指数 分 87.95 90 预期性');
    const notes = sections.find((s) => s.headingPath.at(-1) === '注' && s.headingPath.at(-2) === '广东省“十四五”知识产权发展主要指标表');
    expect(notes?.text).toContain('“每万人口高价值发明专利拥有量”是指');
  });
});

describe('every document', () => {
  const all = catalogue.documents.flatMap((d) => parsed(d.id).sections);

  it('has non-empty sections within the length cap, with unique ids in order', () => {
    for (const s of all) {
      expect(s.text.trim().length).toBeGreaterThan(0);
      expect(s.text.length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
      expect(s.headingPath.length).toBeGreaterThan(0);
      expect(s.id).toBe(`${s.docId}#${s.order}`);
    }
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);
  });

  it('leaves no extraction artefacts in any section or heading', () => {
    for (const s of all) {
      const visible = [s.text, ...s.headingPath].join('\n');
      expect(visible).not.toMatch(/[ꎬꎮꎻ«»０-９Ａ-Ｚａ-ｚ①②③]/);
      expect(visible).not.toMatch(/—\d+—/);
      // Headings keep one deliberate space after their ordinal; running text has none between Han characters
      // (Table rows keep a space between cells.)
      if (!/指标/.test(s.headingPath.at(-1) ?? '')) expect(s.text).not.toMatch(/[\u4E00-\u9FFF] +[\u4E00-\u9FFF]/);
    }
  });

  it('splits long passages only at sentence ends', () => {
    for (let k = 1; k < all.length; k++) {
      const before = all[k - 1]!;
      const after = all[k]!;
      const isContinuation = before.docId === after.docId && before.headingPath.join('›') === after.headingPath.join('›');
      const isTable = /指标/.test(before.headingPath.at(-1) ?? '');
      if (isContinuation && !isTable) expect(before.text).toMatch(/[。；！？：]$/);
    }
  });
});

describe('parseDocument on other input', () => {
  const meta: DocumentMeta = {
    id: 'note-test',
    file: 'docs/note.txt',
    title: '測試文件',
    titleEn: 'Test',
    issuers: ['測試'],
    date: '2024-01-01',
    script: 'zh-Hant',
    kind: 'note',
    description: '測試',
  };

  it('makes a document without headings one titled passage', () => {
    const { sections } = parseDocument(meta, '香港知識產權署舉辦研討會。\n\n歡迎中小企業參加。');
    expect(sections).toEqual([{ id: 'note-test#0', docId: 'note-test', headingPath: ['測試文件'], text: '香港知識產權署舉辦研討會。歡迎中小企業參加。', order: 0 }]);
  });

  it('splits a very long section into balanced passages at sentence ends', () => {
    const sentence = '粵港雙方將繼續支持香港民間組織參加廣東省少年兒童發明獎，並通報有關比賽信息。';
    const raw = `（一）支持發明獎\n${sentence.repeat(60)}`;
    const { sections } = parseDocument(meta, raw);
    expect(sections.length).toBeGreaterThan(3);
    for (const s of sections) {
      expect(s.headingPath).toEqual(['（一）支持發明獎']);
      expect(s.text.length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
      expect(s.text.endsWith('。')).toBe(true);
      expect(s.text.length).toBeGreaterThan(MAX_SECTION_CHARS / 2);
    }
    expect(sections.map((s) => s.text).join('')).toBe(sentence.repeat(60));
  });

  it('reports an empty or garbled document instead of failing', () => {
    expect(parseDocument(meta, '  \n\n ').warnings[0]?.message).toMatch(/no text/);
    const garbled = parseDocument(meta, '第一行\n香港\uFFFD考生');
    expect(garbled.warnings).toEqual([expect.objectContaining({ file: 'docs/note.txt', line: 2 })]);
  });
});

describe('parseDocument never fails on odd input', () => {
  const meta: DocumentMeta = { id: 'odd', file: 'docs/odd.txt', title: '奇怪', titleEn: 'Odd', issuers: ['x'], date: '2024-01', script: 'zh-Hans', kind: 'note', description: 'x' };
  const inputs = [
    '第一章\n第一节\n专栏 1\n（一）\n1. 标题',
    'a\r\nb\r\n\r\nc',
    '\u0000\u0007控制字符\u001b[31m',
    '<p>HTML <b>粗体</b></p>\n# Markdown 标题\n* 列表',
    '😀😀😀\n🎉',
    '😀'.repeat(700),
    '知'.repeat(20000),
    '———\n———\n—1—\n─────',
  ];
  it.each(inputs.map((input) => ({ input, label: input.slice(0, 20) })))('$label', ({ input }) => {
    const { sections } = parseDocument(meta, input);
    for (const s of sections) {
      expect(s.text.length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
      expect(s.text.trim()).not.toBe('');
    }
  });
});
