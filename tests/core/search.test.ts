import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import type { DocumentMeta, KnowledgeBase, Section } from '../../src/core/knowledge/types.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { foldForIndex, SectionIndex, type SectionIndexSnapshot } from '../../src/core/search.js';
import { TOKENIZER_NAMES, tokenize } from '../../src/core/text/tokenize.js';

function doc(id: string, script: DocumentMeta['script']): DocumentMeta {
  return { id, file: `${id}.txt`, title: id, titleEn: id, issuers: ['x'], date: '2016-01-01', script, kind: 'note', description: 'd' };
}

function kbOf(sections: Array<[docId: string, heading: string, text: string]>): KnowledgeBase {
  const docs = [doc('hant', 'zh-Hant'), doc('hans', 'zh-Hans')];
  const out: Section[] = sections.map(([docId, heading, text], order) => ({
    id: `${docId}#${order}`,
    docId,
    headingPath: [heading],
    text,
    order,
  }));
  return { documents: docs, sections: out, warnings: [] };
}

const kb = kbOf([
  ['hant', '協助香港考生', '協助香港考生參加全國專利代理人資格考試，在廣東考點報名。'],
  ['hans', '正版正货', '继续在广东推广“正版正货承诺”活动。'],
  ['hans', '代理商', '支持知识产权代理商发展。'],
  ['hans', 'PCT', '2025年PCT国际专利申请量达到3万件。'],
]);

describe('tokenize', () => {
  it('makes the same terms from Traditional and Simplified once both are folded', () => {
    for (const name of TOKENIZER_NAMES) {
      expect(tokenize(foldForIndex('專利代理人資格考試'), name)).toEqual(tokenize(foldForIndex('专利代理人资格考试'), name));
    }
  });

  it('keeps Latin words and numbers, including decimals, as terms', () => {
    expect(tokenize('2025年pct申请35.1万件', 'bigram')).toEqual(expect.arrayContaining(['2025', 'pct', '35.1']));
  });
});

describe('SectionIndex', () => {
  const index = new SectionIndex(kb);

  it('finds a Traditional passage from a Simplified query and the reverse', () => {
    expect(index.search(foldForIndex('专利代理人考试'))[0]?.entry.section.docId).toBe('hant');
    expect(index.search(foldForIndex('正版正貨承諾'))[0]?.entry.section.docId).toBe('hans');
  });

  it('does not treat a word one character away as the same word (no fuzzy or prefix matching for Han terms)', () => {
    const hits = index.search(foldForIndex('代理人'));
    expect(hits[0]?.entry.section.id).toBe('hant#0');
    const other = hits.find((h) => h.entry.section.id === 'hans#2');
    expect(other?.terms ?? []).not.toContain('代理人');
    expect(other?.terms ?? []).not.toContain('理人');
  });

  it('matches Latin terms and numbers', () => {
    expect(index.search('pct 2025')[0]?.entry.section.id).toBe('hans#3');
  });

  it('counts the sections a word occurs in', () => {
    expect(index.documentFrequency('考试')).toBe(1);
    expect(index.documentFrequency('天气')).toBe(0);
    expect(index.idf('天气')).toBeGreaterThan(index.idf('考试'));
  });
});

describe('SectionIndex on the shipped knowledge', () => {
  const index = new SectionIndex(loadKnowledge('knowledge'));

  it('ranks the exam sections first for an exam query, in either script', () => {
    for (const q of ['香港考生参加全国专利代理人资格考试', '香港考生參加全國專利代理人資格考試']) {
      const top = index.search(foldForIndex(q))[0];
      expect(top?.entry.foldedHeading).toContain('专利代理人资格考试');
    }
  });
});

describe('a SectionIndex saved and read back (v8.serialize, as the engine cache does)', () => {
  const shipped = loadKnowledge('knowledge');
  const built = new SectionIndex(shipped);
  const queries = ['香港考生 专利代理人 考试', '正版正货承诺', 'pct 国际专利申请', '知识产权 保护 中心 几家', '不存在的词语'];
  const results = (index: SectionIndex) => queries.map((q) => index.search(q).map((h) => [h.entry.section.id, h.score, h.terms]));
  const readBack = (snapshot: SectionIndexSnapshot) => SectionIndex.fromSnapshot(shipped, deserialize(serialize(snapshot)) as SectionIndexSnapshot);

  it('finds the same sections with the same scores, and tells the same document frequencies', () => {
    const restored = readBack(built.toSnapshot()!)!;
    expect(restored).toBeDefined();
    expect(results(restored)).toEqual(results(built));
    for (const word of ['专利', '考试', '香港', '蛋挞']) expect(restored.documentFrequency(word), word).toBe(built.documentFrequency(word));
  });

  it('is refused (so the engine is built afresh) when its saved MiniSearch or sections do not fit', () => {
    const snapshot = built.toSnapshot()!;
    const misfits = [
      { ...snapshot, mini: { ...snapshot.mini, tree: {} as Map<string, unknown> } },
      { ...snapshot, mini: { ...snapshot.mini, fields: { ...snapshot.mini.fields, _fieldIds: { text: 0 } } } },
      { ...snapshot, mini: { ...snapshot.mini, fields: { ...snapshot.mini.fields, _documentCount: snapshot.mini.fields._documentCount + 1 } } },
      { ...snapshot, mini: { ...snapshot.mini, fields: { ...snapshot.mini.fields, _documentIds: [] as unknown as Map<number, unknown> } } },
    ];
    for (const misfit of misfits) expect(readBack(misfit)).toBeUndefined();
    expect(readBack({ ...snapshot, entries: snapshot.entries.slice(1) })).toBeUndefined();
    expect(readBack(snapshot)).toBeDefined();
  });
});
