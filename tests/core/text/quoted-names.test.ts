import { describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../../src/core/answer/engine.js';
import type { KnowledgeBase } from '../../../src/core/knowledge/types.js';
import { SectionIndex } from '../../../src/core/search.js';
import { EMPTY_GLOSSARY, foldQuery } from '../../../src/core/text/fold.js';
import { quotedNames, withQuotedNames } from '../../../src/core/text/quoted-names.js';
import { DOC } from '../answer/fixture.js';

describe('names the documents coin in quotation marks', () => {
  it('are the quoted runs jieba cuts into loose characters, not compounds it knows the parts of', () => {
    const names = quotedNames(['推动知识产权业务“一窗通办”，举办“亚洲知识产权营商论坛”。', '开展“剑网”行动。']);
    expect(names).toEqual(['一窗通办', '剑网']);
  });

  it('become glossary phrases, unless the glossary already knows a part of the name', () => {
    const glossary = { ...EMPTY_GLOSSARY, terms: [{ ask: ['大灣區'], search: ['大湾区', '粤港澳大湾区'] }] };
    const extended = withQuotedNames(glossary, ['一窗通办', '粤港澳大湾区']);
    expect(extended.terms.map((t) => t.ask[0])).toEqual(['大灣區', '一窗通办']);
    expect(foldQuery('一窗通办包括啥业务', extended).concepts.map((c) => c.surface)).toEqual(['一窗通办']);
  });

  it('let a question naming one, without the quotation marks, find the passage that speaks of it', () => {
    const kb: KnowledgeBase = {
      documents: [DOC],
      sections: [
        { id: 'report#0', docId: 'report', headingPath: ['服務窗口'], text: '開設窗口，提供咨詢服務。業務辦理實現一網通。', order: 0 },
        { id: 'report#1', docId: 'report', headingPath: ['集成服務'], text: '推動專利、商標業務“一窗通辦”，提升服務效率。', order: 1 },
      ],
      warnings: [],
    };
    const engine = createAnswerEngine(new SectionIndex(kb), EMPTY_GLOSSARY);
    const answer = engine.ask('一窗通办包括啥业务');
    expect(answer.answered).toBe(true);
    expect(answer.sources[0]?.section).toContain('集成服务');
  });
});
