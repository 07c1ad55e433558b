import { describe, expect, it } from 'vitest';
import { foldQuery, withEnglishSlipsCorrected } from '../../../src/core/text/fold.js';
import { EnglishSpeller, withinOneEdit } from '../../../src/core/text/spelling.js';
import { isEnglishWord } from '../../../src/knowledge/english-words.js';
import { loadGlossary } from '../../../src/knowledge/load-engine.js';

const { glossary } = loadGlossary('knowledge');

describe('English spelling slips', () => {
  const vocabulary = ['enforcement', 'medicine', 'will', 'the', 'home', 'bank', 'patent', 'parent'];
  const speller = new EnglishSpeller(vocabulary, (w) => vocabulary.includes(w));

  it('reads a slip as the one known word a single edit away', () => {
    expect(speller.correction('enforcment')).toBe('enforcement');
    expect(speller.correction('medecine')).toBe('medicine');
    expect(speller.correction('wil')).toBe('will');
    expect(speller.correction('teh')).toBe('the');
  });

  it('leaves known words, short real words and ambiguous slips alone', () => {
    expect(speller.correction('patent')).toBeUndefined();
    expect(speller.correction('hope')).toBeUndefined();
    expect(speller.correction('back')).toBeUndefined();
    // "pament" is one edit from "patent" and from "parent": no guess.
    expect(speller.correction('pament')).toBeUndefined();
  });

  it('prefers the commonest slip, a doubled letter typed once, among several known words one edit away', () => {
    const words = ['battery', 'bakery'];
    expect(new EnglishSpeller(words, (w) => words.includes(w)).correction('batery')).toBe('battery');
  });

  it('is read before the question checks: "phone batery" asks of batteries, not a phone number', () => {
    expect(withEnglishSlipsCorrected('when did police bust the fake phone batery gang', glossary, { isEnglishWord })).toBe(
      'when did police bust the fake phone battery gang',
    );
    expect(withEnglishSlipsCorrected('香港海關電話', glossary, { isEnglishWord })).toBe('香港海關電話');
  });

  it('reads a slip one edit from several forms of one word as that word', () => {
    const forms = ['sign', 'signed', 'signs', 'design'];
    const bases = (w: string) => (w.endsWith('ed') ? [w, w.slice(0, -2)] : w.endsWith('s') ? [w, w.slice(0, -1)] : [w]);
    const inflecting = new EnglishSpeller(forms, (w) => forms.includes(w), bases);
    expect(inflecting.correction('signd')).toBe('sign');
    // Different words stay a choice not made.
    expect(new EnglishSpeller(vocabulary, (w) => vocabulary.includes(w), bases).correction('pament')).toBeUndefined();
  });

  it('measures one edit the Damerau way', () => {
    expect(withinOneEdit('enforcment', 'enforcement')).toBe(true);
    expect(withinOneEdit('recieve', 'receive')).toBe(true);
    expect(withinOneEdit('patent', 'patent')).toBe(false);
    expect(withinOneEdit('patnet', 'parent')).toBe(false);
  });

  it('folds a misspelt question like the well-spelt one, and never touches a name or a real word', () => {
    const spelling = { isEnglishWord };
    const alternatives = (q: string) => foldQuery(q, glossary, spelling).concepts.flatMap((c) => c.alternatives);
    expect(alternatives('ip enforcment in guangdong')).toEqual(alternatives('ip enforcement in guangdong'));
    expect(foldQuery('does Tencent hold patents', glossary, spelling).unknownEnglish).toContain('tencent');
    // "barking" is one letter from "banking", but it is English as written.
    expect(foldQuery('which city is guangdong barking', glossary, spelling).unknownEnglish).toContain('barking');
    // A word no dictionary holds is a name even in lower case; a real word the glossary lacks is phrasing.
    const concept = (q: string, surface: string) => foldQuery(q, glossary, spelling).concepts.find((c) => c.surface === surface);
    expect(concept('does tencent hold patents in guangdong', 'tencent')?.name).toBe(true);
    expect(concept('which city is guangdong barking', 'barking')?.name).toBeUndefined();
    // Without a dictionary to tell real words from slips, nothing is corrected.
    expect(foldQuery('ip enforcment', glossary).unknownEnglish).toContain('enforcment');
  });

  it('reads IT and US in capitals as the acronyms, not the pronouns', () => {
    const alternatives = (q: string) => foldQuery(q, glossary).concepts.flatMap((c) => c.alternatives);
    expect(alternatives('what did the 2007 IT deal cover')).toContain('信息化');
    expect(alternatives('what is it about')).not.toContain('信息化');
    expect(alternatives('WHAT IS IT ABOUT')).not.toContain('信息化');
  });

  it('reads shorthand inside a phrase (the 13th five yr plan)', () => {
    const alternatives = (q: string) => foldQuery(q, glossary).concepts.flatMap((c) => c.alternatives);
    expect(alternatives('pledge financing in the 13th five yr plan')).toContain('十三五');
  });
});
