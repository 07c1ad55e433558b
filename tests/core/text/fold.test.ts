import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { englishForms, foldColloquial, foldQuery, SHORT_FORMS } from '../../../src/core/text/fold.js';
import { parseGlossary } from '../../../src/core/text/glossary-file.js';

const shipped = parseGlossary(readFileSync('knowledge/glossary.yaml', 'utf8'), 'glossary.yaml');
const glossary = shipped.glossary;
const alternativesOf = (question: string) => foldQuery(question, glossary).concepts.flatMap((c) => c.alternatives);

describe('the shipped glossary', () => {
  it('loads without warnings', () => {
    expect(shipped.warnings).toEqual([]);
    expect(glossary.terms.length).toBeGreaterThan(100);
    expect(glossary.colloquial.length).toBeGreaterThan(30);
  });
});

describe('Cantonese folding', () => {
  it.each([
    ['香港考生喺邊度考', '香港考生在哪里考'],
    ['幾時報名', '什么时候報名'],
    ['有冇培訓', '有没有培訓'],
    ['幾多人合格', '多少人合格'],
    ['點樣申請', '怎样申請'],
    ['佢哋搵咗', '他们找了'],
    ['係咪可以', '是不是可以'],
  ])('%s → %s', (colloquial, standard) => {
    expect(foldColloquial(colloquial, glossary)).toBe(standard);
  });

  it('also folds the Simplified spelling of multi-character forms', () => {
    expect(foldColloquial('边度', glossary)).toBe('哪里');
  });

  it('never rewrites ordinary words that contain a colloquial character', () => {
    expect(foldColloquial('粵港合作關係', glossary)).toBe('粵港合作关系');
    expect(foldColloquial('考點報名', glossary)).toBe('考点報名');
    expect(foldColloquial('點報名', glossary)).toBe('怎样报名');
    expect(foldQuery('报名系统', glossary).text).toContain('系统');
    // 講 says "say", but a speaker (講者) and a lecture (講座) stay what they are.
    expect(foldColloquial('佢講咗', glossary)).toContain('说');
    expect(foldColloquial('研討會有邊幾個講者', glossary)).toContain('講者');
    expect(foldColloquial('有冇講座', glossary)).toContain('講座');
  });

  it('folds the whole question to Simplified', () => {
    expect(foldQuery('香港考生喺邊度考專利代理人考試？', glossary).text).toContain('香港考生在哪里考专利代理人考试');
  });
});

describe('terms', () => {
  it('maps English names of programmes to the documents’ Chinese terms', () => {
    expect(alternativesOf('What is the No Fakes Pledge?')).toContain('正版正货承诺');
    expect(alternativesOf('When is BIP Asia held?')).toContain('亚洲知识产权营商论坛');
    expect(alternativesOf('Tell me about the IP Manager Scheme')).toContain('知识产权管理人员计划');
    expect(alternativesOf('Guangdong famous trademark for HK-funded firms')).toEqual(
      expect.arrayContaining(['广东省著名商标', '在粤港资企业']),
    );
  });

  it('replaces English phrases in the search text and drops English stopwords', () => {
    const folded = foldQuery('Where is the patent agent exam held?', glossary);
    expect(folded.searchText).toContain('专利代理人');
    expect(folded.searchText).not.toMatch(/patent|where|the/);
  });

  it('bridges Hong Kong and Mainland synonyms in both directions', () => {
    expect(alternativesOf('專利代理師考試')).toContain('专利代理人');
    expect(alternativesOf('著作權')).toContain('版权');
    expect(alternativesOf('版權')).toContain('著作权');
    expect(alternativesOf('trade mark')).toContain('商标');
  });

  it('reports English words no entry knows, marking names and acronyms', () => {
    const folded = foldQuery('When is the HKICPA QP exam?', glossary);
    expect(folded.unknownEnglish).toEqual(['hkicpa', 'qp']);
    expect(folded.concepts.filter((c) => c.name).map((c) => c.surface)).toEqual(['hkicpa', 'qp']);
    const plain = foldQuery('How do I renew my snorkel?', glossary);
    expect(plain.concepts.find((c) => c.surface === 'snorkel')?.name).toBeUndefined();
  });
});

describe('English inflection and the everyday lexicon', () => {
  it('matches a glossary word in its inflected forms', () => {
    for (const q of ['Who registers?', 'Who registered?', 'Who is registering?']) expect(alternativesOf(q), q).toContain('报名');
    expect(alternativesOf('planning')).toContain('规划');
    expect(alternativesOf('companies')).toContain('企业');
    expect(alternativesOf('a five year plan')).toEqual(alternativesOf('a five-year plan'));
  });

  it('does not reduce a glossary word to another word ("listing" is not "list")', () => {
    expect(alternativesOf('the list')).not.toContain('上市');
  });

  it('drops inflected stopwords', () => {
    expect(foldQuery('It keeps happening, the report mentions, saying so', glossary).unknownEnglish).toEqual([]);
    // A contraction is its word: "they'd" is "they".
    expect(foldQuery("did they'd say it isn't, can't or won't", glossary).unknownEnglish).toEqual([]);
  });

  it('maps everyday English to Chinese, marked as lexicon words, searched but kept out of the question text', () => {
    const folded = foldQuery('Which vehicles carry freshwater fish?', glossary);
    const fish = folded.concepts.find((c) => c.surface === 'fish');
    expect(fish?.lexicon).toBe(true);
    expect(fish?.alternatives).toContain('鱼');
    expect(folded.searchText).toContain('淡水');
    expect(folded.text).not.toContain('淡水');
    expect(folded.unknownEnglish).toEqual([]);
    // A subject the documents do not cover still gets its Chinese word, so it can be weighed.
    expect(foldQuery('weather tomorrow', glossary).concepts.find((c) => c.surface === 'weather')?.alternatives).toEqual(['天气']);
  });

  it('reads the shorthand people type in a hurry as the full word (GD, depts, unis, govt)', () => {
    expect(alternativesOf('GD plan patent target')).toContain('广东');
    expect(alternativesOf('which depts does hk customs work with')).toContain('部门');
    expect(alternativesOf('how many unis set up ip schools')).toContain('大学');
    expect(foldQuery('which govt orgs signed', glossary).unknownEnglish).toEqual([]);
  });

  it('lets a programme entry win over the everyday word', () => {
    expect(alternativesOf('award')).toContain('奖项');
  });

  it('reads `lexicon:` entries, an empty value making a stopword, and warns about broken ones with their line', () => {
    const { glossary: g, warnings } = parseGlossary(['terms: []', 'lexicon:', '  fish: 鱼|塘鱼', '  kindly: ""', '  鱼: fish'].join('\n'), 'g.yaml');
    expect(g.terms).toEqual([{ ask: ['fish'], search: ['鱼', '塘鱼'], lexicon: true }]);
    expect(g.englishStopwords.has('kindly')).toBe(true);
    expect(warnings.map((w) => w.line)).toEqual([5]);
  });
});

describe('parseGlossary', () => {
  it('keeps search words in the form passages are matched in: Simplified, lower case (CEPA → cepa)', () => {
    const { glossary: g } = parseGlossary(['terms:', '  - ask: [closer partnership]', '    search: [CEPA, 內地與香港]'].join('\n'), 'g.yaml');
    expect(g.terms[0]?.search).toEqual(['cepa', '内地与香港']);
  });

  it('turns each broken entry into a warning with its line and keeps the rest', () => {
    const source = [
      'colloquial:',
      '  喺: 在',
      'terms:',
      '  - ask: [IPD]',
      '    search: [知识产权署]',
      '  - ask: [nothing to search]',
      '  - just a string',
      'extras: 1',
    ].join('\n');
    const { glossary: g, warnings } = parseGlossary(source, 'glossary.yaml');
    expect(g.terms).toHaveLength(1);
    expect(g.colloquial).toEqual([['喺', '在']]);
    expect(warnings.map((w) => w.line)).toEqual([6, 7, 8]);
    expect(warnings.every((w) => w.file === 'glossary.yaml')).toBe(true);
  });

  it('finds a Cantonese ask phrase in a question read as standard Chinese first', () => {
    const source = ['colloquial:', '  冇: 沒有', '  嘅: 的', '  嘢: 東西', '  講: 說', 'terms:', '  - ask: [冇講到嘅嘢]', '    search: [未尽事宜]'].join('\n');
    const { glossary: g } = parseGlossary(source, 'g.yaml');
    expect(foldQuery('泛珠協議冇講到嘅嘢點算', g).concepts.flatMap((c) => c.alternatives)).toContain('未尽事宜');
  });

  it('reports a YAML syntax error with its line instead of throwing', () => {
    const { warnings } = parseGlossary('colloquial:\n  喺: 在\nterms:\n  - ask: [a\n    search: b\n', 'glossary.yaml');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatchObject({ file: 'glossary.yaml', line: expect.any(Number) });
    expect(warnings[0]?.line).toBeGreaterThanOrEqual(4);
  });
});

describe('English glossary phrases in any inflected form', () => {
  /** Each phrase of the glossary with one word at a time in each of its forms ("registered trademarks"). */
  function variants(phrase: string): string[] {
    const words = phrase.split(/\s+/);
    const out = new Set([phrase]);
    words.forEach((word, k) => {
      const [head, last] = [word.split('-').slice(0, -1), word.split('-').at(-1)!];
      for (const form of [...englishForms(last), ...(SHORT_FORMS[last] ?? [])]) out.add([...words.slice(0, k), [...head, form].join('-'), ...words.slice(k + 1)].join(' '));
    });
    // A hyphen may be written as a space or left out ("five-year", "five year", "fiveyear").
    return [...out].flatMap((v) => (v.includes('-') ? [v, v.replaceAll('-', ' '), v.replaceAll('-', '')] : [v]));
  }

  it('are each recognised as a glossary term in every form (registered, companies, planning, e mail, yr…)', () => {
    const english = glossary.terms.flatMap((t) => t.ask).filter((a) => !/\p{Script=Han}/u.test(a));
    expect(english.length).toBeGreaterThan(1000);
    for (const phrase of english) {
      for (const question of variants(phrase.toLowerCase().normalize('NFKC'))) {
        expect(foldQuery(`${question}？`, glossary).concepts.some((c) => c.glossary), question).toBe(true);
      }
    }
  });
});
