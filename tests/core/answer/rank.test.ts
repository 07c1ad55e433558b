import { describe, expect, it } from 'vitest';
import { contentGroups } from '../../../src/core/answer/content.js';
import { intentOf } from '../../../src/core/answer/intent.js';
import { coverageOf, rank } from '../../../src/core/answer/rank.js';
import { SectionIndex } from '../../../src/core/search.js';
import { DOC, entry, fold, INDEX, indexOf } from './fixture.js';

function ranked(q: string) {
  const folded = fold(q);
  return rank(INDEX, folded, contentGroups(INDEX, folded), intentOf(folded.text, q));
}

/** The id of the passage ranked first for a question, in a small index of the test's own. */
function firstIn(index: SectionIndex) {
  return (q: string) => {
    const folded = fold(q);
    return rank(index, folded, contentGroups(index, folded), intentOf(folded.text, q))[0]?.entry.section.id;
  };
}

/** A small index of one section per row: [id, document id, heading, text]. */
function indexOfRows(documents: Array<typeof DOC>, rows: Array<[string, string, string, string]>): SectionIndex {
  return new SectionIndex({ documents, sections: rows.map(([id, docId, heading, text], order) => ({ id, docId, headingPath: [heading], text, order })), warnings: [] });
}

describe('ranking', () => {
  it('puts the passage that covers the question first, Traditional or Simplified', () => {
    expect(ranked('专利代理人考试有几个香港考生通过？')[0]?.entry.section.id).toBe('report#0');
    expect(ranked('研討會由邊個主辦？')[0]?.entry.section.id).toBe('report#2');
  });

  it('prefers the review of the past for what was done, and the plan for what is planned', () => {
    const index = indexOfRows([DOC], [
      ['p#0', 'report', '“十三五”时期工作成效', '开展打击侵权假冒专项行动，查处一批案件。'],
      ['p#1', 'report', '加强知识产权行政保护', '开展打击侵权假冒专项行动，查处一批案件。'],
    ]);
    const first = firstIn(index);
    expect(first('广东搞过什么打击侵权假冒专项行动？')).toBe('p#0');
    expect(first('广东打算开展什么打击侵权假冒专项行动？')).toBe('p#1');
  });

  it('between two documents saying the same, prefers the one the question names (粵港協議: the agreement, not the report)', () => {
    const agreement: typeof DOC = { ...DOC, id: 'agreement', title: '粵港保護知識產權合作協議', kind: 'agreement', date: '2015-09-09' };
    // The report's wording is a little closer to the question's; the agreement is the document named.
    const index = indexOfRows([DOC, agreement], [
      ['report#0', 'report', '協助香港考生參加全國專利代理人資格考試', '香港考生可以去廣東考點考專利代理人資格考試。'],
      ['agreement#0', 'agreement', '協助香港考生參加全國專利代理人資格考試', '協助香港考生參加全國專利代理人資格考試，在廣東設立考點。'],
    ]);
    const first = firstIn(index);
    expect(first('粵港協議話香港考生可以去邊個考點考專利代理人？')).toBe('agreement#0');
    expect(first('香港考生可以去邊個考點考專利代理人？')).toBe('report#0');
  });

  it('reports coverage and whether a specific term anchors the passage', () => {
    const folded = fold('正版正货承诺');
    const groups = contentGroups(INDEX, folded);
    expect(coverageOf(entry(1), groups)).toMatchObject({ anchored: true });
    expect(coverageOf(entry(1), groups).coverage).toBeGreaterThan(0.9);
    expect(coverageOf(entry(2), groups).coverage).toBeLessThan(0.3);
  });

  it('finds the kind of document a question names (那篇新聞稿, the press release) as it finds words of its title', () => {
    const release = new SectionIndex({
      documents: [{ ...DOC, id: 'release', title: '粵港合作協議簽約儀式', kind: 'press-release' }],
      sections: [{ id: 'release#0', docId: 'release', headingPath: ['簽約儀式'], text: '2007年8月2日（星期四）', order: 0 }],
      warnings: [],
    });
    const groups = contentGroups(INDEX, fold('那篇新闻稿')).filter((g) => g.alternatives.includes('新闻稿'));
    expect(groups.length).toBe(1);
    expect(coverageOf(release.entry('release#0')!, groups).coverage).toBe(1);
    // The fixture's progress report is no press release.
    expect(coverageOf(entry(0), groups).coverage).toBe(0);
  });

  it('does not count the base of a ratio as the subject unless a ratio is asked', () => {
    const groups = contentGroups(INDEX, fold('人口'));
    expect(coverageOf(entry(3), groups).coverage).toBeLessThan(1);
    expect(coverageOf(entry(3), groups, true).coverage).toBe(1);
  });

  it('credits a passage naming no year with its dated report\'s year, below a year it states', () => {
    const coverage = (q: string, order: number) => coverageOf(entry(order), contentGroups(INDEX, fold(q))).coverage;
    // The fixture report is dated 2017; its 正版正貨 passage names no year.
    expect(coverage('2017年正版正貨承諾', 1)).toBeGreaterThan(coverage('2015年正版正貨承諾', 1));
    expect(coverage('2017年正版正貨承諾', 1)).toBeLessThan(1);
  });

  it('ranks the section on one agreement above an opening that lists every agreement by its title', () => {
    const index = new SectionIndex({
      documents: [DOC],
      sections: [
        { id: 'p#0', docId: 'report', headingPath: ['合作協議簽約儀式'], text: '粵港雙方今日在香港簽署了三份合作協議，包括以下項目：\n• 粵港保護知識產權合作協議\n• 粵港社會福利合作安排\n• 粵港信息化合作安排', order: 0 },
        { id: 'p#1', docId: 'report', headingPath: ['粵港保護知識產權合作協議'], text: '香港與廣東雙方加強執法合作。', order: 1 },
        { id: 'p#2', docId: 'report', headingPath: ['粵港社會福利合作安排'], text: 'CEPA服務業合作協議下，港方推進服務提供者在廣東開辦養老機構，由香港特區勞工及福利局和廣東省民政廳簽署。', order: 2 },
      ],
      warnings: [],
    });
    const first = firstIn(index);
    expect(first('what does the gd hk ip protection cooperation agreement cover')).toBe('p#1');
    expect(first('粵港保護知識產權合作協議講咗咩？')).toBe('p#1');
    // A question about all of them (where that batch was signed) names none: the list answers it.
    expect(first('粵港嗰批協議係喺邊度簽㗎？')).toBe('p#0');
  });

  it('weighs a year found only in a title the passage cites as half a match', () => {
    const index = new SectionIndex({
      documents: [DOC],
      sections: [
        { id: 'p#0', docId: 'report', headingPath: ['引言'], text: '根據《知識產權強國建設綱要（2021—2035年）》制定本規劃。', order: 0 },
        { id: 'p#1', docId: 'report', headingPath: ['目標'], text: '到2035年，建成知識產權強省。', order: 1 },
      ],
      warnings: [],
    });
    const folded = fold('2035年目標');
    const groups = contentGroups(index, folded);
    const cited = coverageOf(index.entry('p#0')!, groups).coverage;
    const stated = coverageOf(index.entry('p#1')!, groups).coverage;
    expect(stated).toBeGreaterThan(cited);
  });

  it('ranks first the section a question names by its title, abridged, above one with a closer sentence', () => {
    const index = indexOf([
      ['深化實施CEPA、共同推進粵港服務業合作協議', '雙方加大在高端服務業合作力度。註：由香港特區商務及經濟發展局和廣東省經濟貿易委員會簽署'],
      ['粵港社會福利合作安排', 'CEPA服務業合作協議下，港方推進服務提供者在廣東開辦養老機構，由香港特區勞工及福利局和廣東省民政廳簽署。'],
    ]);
    const q = '深化CEPA、推進服務業合作那份協議，港方由哪個政策局簽署？';
    const folded = fold(q);
    expect(rank(index, folded, contentGroups(index, folded), intentOf(folded.text, q))[0]?.entry.section.id).toBe('p#0');
  });
});
