import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../../src/core/answer/engine.js';
import { listingFor } from '../../../src/core/answer/listing.js';
import type { KnowledgeBase } from '../../../src/core/knowledge/types.js';
import { SectionIndex } from '../../../src/core/search.js';
import { loadAnswerEngine, loadGlossary } from '../../../src/knowledge/load-engine.js';
import { DOC } from './fixture.js';

const TEXTS: Array<[string[], string]> = [
  [['泛珠三角區域知識產權合作協議'], '為深化區域知識產權合作，簽定本協議。'],
  [['第一條 合作宗旨'], '推動區域知識產權事業全面發展。'],
  [['第二條 深化合作原則', '（一）自願參與、平等互利'], '各方自願參與合作項目，享有平等的地位。'],
  [['第二條 深化合作原則', '（二）政府推動、市場主導'], '發揮市場配置創新資源的決定性作用。'],
  [['第二條 深化合作原則', '（二）政府推動、市場主導'], '強化政府的引導作用。'],
  [['第二條 深化合作原則', '（三）開放公平、優勢互補'], '堅持開放、公平和非排他性原則。'],
  [['第三條 保護措施', '（一）執法協作'], '建立跨地區案件移送機制。'],
  [['第三條 保護措施', '（二）信息通報'], '加強執法信息通報。'],
];
const KB: KnowledgeBase = {
  documents: [DOC],
  sections: TEXTS.map(([headingPath, text], order) => ({ id: `report#${order}`, docId: 'report', headingPath, text, order })),
  warnings: [],
};
const index = new SectionIndex(KB);
const best = index.entry('report#5')!;

describe('list questions', () => {
  it('finds the numbered parts of the whole a list question names, once each and in order', () => {
    const listing = listingFor(index, best, [], '泛珠合作原則有邊幾條？', '泛珠合作原则有哪几条?');
    expect(listing?.parent).toEqual(['第二條 深化合作原則']);
    expect(listing?.parts.map((p) => p.section.headingPath.at(-1))).toEqual(['（一）自願參與、平等互利', '（二）政府推動、市場主導', '（三）開放公平、優勢互補']);
  });

  it('lists nothing for a question that is no list, or names no whole', () => {
    expect(listingFor(index, best, [], '合作原則是甚麼？', '合作原则是什么?')).toBeUndefined();
    expect(listingFor(index, best, [], '有哪些地位？', '有哪些地位?')).toBeUndefined();
    // The whole's name must be what is listed: here the list word asks which regions, and 合作原则 is elsewhere.
    expect(listingFor(index, best, [], '要和哪些國家地區一起堅持合作原則？', '要和哪些国家地区一起坚持合作原则?')).toBeUndefined();
    expect(listingFor(index, best, [], '有哪些合作原則？', '有哪些合作原则?')?.parent).toEqual(['第二條 深化合作原則']);
  });

  it('lists the parts for a question in English or Cantonese, over the shipped documents', () => {
    const { engine } = loadAnswerEngine('knowledge');
    expect(engine.ask('What are the principles of the pan-PRD IP cooperation agreement?').answer).toContain('4 parts');
    expect(engine.ask('十四五規劃有哪些保障措施').answer).toContain('第八章 保障措施（共3項）');
    // "What principles" (講咩原則) asks for them all too.
    expect(engine.ask('泛珠知識產權合作講咩原則').answer).toContain('深化合作原則（共4項）');
    // A question about one detail inside a chapter is no list of its sections.
    expect(engine.ask('十四五規劃說要在哪些新領域研究加強知識產權保護措施？').answer).not.toContain('（共');
  });

  it('answers with the parts under the whole\'s heading, cited to the whole', () => {
    const engine = createAnswerEngine(index, loadGlossary('knowledge').glossary, { now: () => new Date('2026-11-30T00:00:00Z') });
    const answer = engine.ask('泛珠三角協議有哪幾項合作原則？');
    expect(answer.answer).toContain('第二條 深化合作原則（共3項）');
    expect(answer.answer).toContain('「（一）自願參與、平等互利」');
    expect(answer.answer.indexOf('（一）')).toBeLessThan(answer.answer.indexOf('（三）'));
    expect(answer.sources.slice(0, 3).map((s) => s.sectionId)).toEqual(['report#2', 'report#3', 'report#5']);
  });
});
