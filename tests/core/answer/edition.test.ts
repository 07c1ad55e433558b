import { describe, expect, it } from 'vitest';
import { editionAsked, namesEdition, speaksOfOtherEdition } from '../../../src/core/answer/edition.js';
import { SectionIndex } from '../../../src/core/search.js';
import { DOC, fold, passage } from './fixture.js';

const asked = (q: string) => editionAsked(q, fold(q).text);

describe('editions of a recurring event', () => {
  it('reads the edition a question names, in Chinese or English, but not a plan period', () => {
    expect(asked('第十四屆廣東省少年兒童發明獎香港學生攞咗幾多個獎')).toBe(14);
    expect(asked('粵港專責小組第17次會議幾時開？')).toBe(17);
    expect(asked("how many prizes did HK students win at the 14th children's invention awards")).toBe(14);
    expect(asked('what does the 14th five-year plan say about patents')).toBeUndefined();
    expect(asked('14th fyp target for pct applications')).toBeUndefined();
    expect(asked('發明獎有幾多個香港學生得獎？')).toBeUndefined();
  });

  it('finds the edition asked in a sentence, in Chinese numerals or digits', () => {
    expect(namesEdition('专责小组第十六次会议在广州召开', 16)).toBe(true);
    expect(namesEdition('专责小组第16次会议在广州召开', 16)).toBe(true);
    expect(namesEdition('专责小组第十五次会议在广州召开', 16)).toBe(false);
    expect(namesEdition('召开粤港海关专题会议', 16)).toBe(false);
  });

  it('finds a passage that numbers only another edition, and leaves one that numbers none to the rest', () => {
    const fifteenth = passage('推薦香港學生參加第十五屆“廣東省少年兒童發明獎”，共奪得9個獎項。');
    expect(speaksOfOtherEdition(fifteenth, 14)).toBe(true);
    expect(speaksOfOtherEdition(fifteenth, 15)).toBe(false);
    expect(speaksOfOtherEdition(passage('香港學生參加廣東省少年兒童發明獎。'), 14)).toBe(false);
  });

  it('takes a batch for an edition, and 首批 for the first', () => {
    expect(editionAsked('中歐地理標誌互認第二批有哪些廣東產品？', fold('中歐地理標誌互認第二批有哪些廣東產品？').text)).toBe(2);
    const first = passage('鳳凰單叢、吳川月餅等4個地理標誌產品入選首批中歐互認互保地理標誌名錄。');
    expect(speaksOfOtherEdition(first, 2)).toBe(true);
    expect(speaksOfOtherEdition(first, 1)).toBe(false);
    // 首次 is "for the first time", not an edition.
    expect(speaksOfOtherEdition(passage('首次舉辦知識產權研討會。'), 2)).toBe(false);
  });

  it("reads the edition a document's title numbers (the 16th meeting's report) for each of its passages", () => {
    const report = { ...DOC, title: '粵港保護知識產權合作專責小組第十六次會議進展報告' };
    const index = new SectionIndex({ documents: [report], sections: [{ id: 'p#0', docId: 'report', headingPath: ['考試'], text: '2016年共有30名香港考生報名。', order: 0 }], warnings: [] });
    expect(speaksOfOtherEdition(index.entry('p#0')!, 17)).toBe(true);
    expect(speaksOfOtherEdition(index.entry('p#0')!, 16)).toBe(false);
  });
});

