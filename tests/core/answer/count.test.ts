import { describe, expect, it } from 'vitest';
import { contentGroups } from '../../../src/core/answer/content.js';
import { countedGroups, countedNoun, countsThing } from '../../../src/core/answer/count.js';
import { intentOf } from '../../../src/core/answer/intent.js';
import { entry, fold, INDEX } from './fixture.js';

describe('counting', () => {
  it('finds the noun a how-many question counts, in English and in Chinese', () => {
    expect(countedNoun('How many universities are there in Guangzhou?', '').english).toBe('universities');
    expect(countedNoun('', fold('广州有多少所大学？').text).chinese).toBe('大学');
  });

  it('needs a sentence that gives a figure and names the counted thing and the place asked about', () => {
    const q = '广州有多少所大学？';
    const folded = fold(q);
    const groups = contentGroups(INDEX, folded);
    const { noun, places } = countedGroups(q, folded.text, groups);
    const required = [...(noun ? [noun] : []), ...places];
    expect(required.length).toBeGreaterThan(0);
    expect(countsThing(entry(0), intentOf(folded.text, q), required)).toBe(false);
  });

  it('accepts a passage that counts what is asked', () => {
    const q = '有几多名香港考生报名？';
    const folded = fold(q);
    const groups = contentGroups(INDEX, folded);
    const { noun, places } = countedGroups(q, folded.text, groups);
    expect(countsThing(entry(0), intentOf(folded.text, q), [...(noun ? [noun] : []), ...places])).toBe(true);
  });

  it('takes a figure as one for the year asked only when its sentence names that year or none', () => {
    const q = '有几多名香港考生报名？';
    const folded = fold(q);
    const intent = intentOf(folded.text, q);
    // "2016年共有120名香港考生…报名": a figure for 2016, not for 2015; the 27.8件 sentence names no year.
    expect(countsThing(entry(0), intent, [], [2016])).toBe(true);
    expect(countsThing(entry(0), intent, [], [2015])).toBe(false);
    expect(countsThing(entry(3), intent, [], [2025])).toBe(true);
  });

  it('finds what is counted in the sentence before the figure', () => {
    const q = 'How many people attended the seminar in Guangzhou?';
    const folded = fold(q);
    const groups = contentGroups(INDEX, folded);
    const { noun, places } = countedGroups(q, folded.text, groups);
    // "people attended" counts people (any 人), and Guangzhou is named in the sentence before "約200人出席".
    expect(noun).toBeUndefined();
    expect(places.map((g) => g.alternatives[0])).toEqual(['广州']);
    expect(countsThing(entry(2), intentOf(folded.text, q), places)).toBe(true);
  });
});
