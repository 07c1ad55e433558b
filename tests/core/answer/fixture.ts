/** A small knowledge base and index for the engine's module tests: three passages of the kind the documents hold. */
import type { DocumentMeta, KnowledgeBase, Section } from '../../../src/core/knowledge/types.js';
import { contentGroups, unknownWeight, withoutFrame } from '../../../src/core/answer/content.js';
import { decide, DEFAULT_MIN_COVERAGE } from '../../../src/core/answer/decide.js';
import { intentOf } from '../../../src/core/answer/intent.js';
import { rank } from '../../../src/core/answer/rank.js';
import { SectionIndex } from '../../../src/core/search.js';
import { foldQuery } from '../../../src/core/text/fold.js';
import { loadGlossary } from '../../../src/knowledge/load-engine.js';

export const DOC: DocumentMeta = {
  id: 'report',
  file: 'report.txt',
  title: '粵港知識產權合作進展報告',
  titleEn: 'Progress report',
  issuers: ['x'],
  date: '2017-06-30',
  script: 'zh-Hant',
  kind: 'progress-report',
  description: 'd',
};

const TEXTS: Array<[heading: string, text: string]> = [
  ['專利代理人資格考試', '協助香港考生參加全國專利代理人資格考試。2016年共有120名香港考生在廣東考點報名，其中5人通過考試。考試於11月舉行。'],
  ['正版正貨承諾', '香港海關與廣東省工商局繼續推廣“正版正貨承諾”活動。參與商戶承諾只售賣正版貨品。'],
  ['知識產權研討會', '2016年12月在廣州舉辦粵港知識產權研討會，由廣東省知識產權局主辦。約200人出席。'],
  ['統計', '每萬人口發明專利擁有量達到27.8件。'],
  ['著名商標', '2015年廣東省著名商標認定工作如期完成。'],
];

export const KB: KnowledgeBase = {
  documents: [DOC],
  sections: TEXTS.map(([heading, text], order): Section => ({ id: `report#${order}`, docId: 'report', headingPath: [heading], text, order })),
  warnings: [],
};

export const INDEX = new SectionIndex(KB);

/** The real glossary: English and Cantonese questions fold as they do in service. */
const { glossary } = loadGlossary('knowledge');

export const fold = (question: string) => foldQuery(question, glossary);

export const entry = (order: number) => INDEX.entry(`report#${order}`)!;

/** The decline decision for a question over an index (the shared fixture unless given), as the engine makes it. */
export function decision(q: string, { index = INDEX, minCoverage = DEFAULT_MIN_COVERAGE, year = 2026 }: { index?: SectionIndex; minCoverage?: number; year?: number } = {}) {
  const folded = fold(q);
  const intent = intentOf(folded.text, q);
  const groups = withoutFrame(contentGroups(index, folded), intent);
  const ranked = rank(index, folded, groups, intent);
  return decide({ question: q, folded: folded.text, groups, intent, ranked, minCoverage, year, unknownWeight: unknownWeight(index) });
}

/** One passage of its own (id `p#0`, heading 成效) in a one-document index, for checks on a single passage's text. */
export function passage(text: string) {
  return new SectionIndex({ documents: [DOC], sections: [{ id: 'p#0', docId: 'report', headingPath: ['成效'], text, order: 0 }], warnings: [] }).entry('p#0')!;
}

/** A one-document index of the given passages (id `p#n`, in order), for a check the shared fixture cannot show. */
export function indexOf(texts: Array<[heading: string, text: string]>): SectionIndex {
  return new SectionIndex({
    documents: [DOC],
    sections: texts.map(([heading, text], order) => ({ id: `p#${order}`, docId: 'report', headingPath: [heading], text, order })),
    warnings: [],
  });
}
