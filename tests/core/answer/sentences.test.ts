import { describe, expect, it } from 'vitest';
import { contentGroups } from '../../../src/core/answer/content.js';
import { otherSideOnly } from '../../../src/core/answer/count.js';
import { intentOf } from '../../../src/core/answer/intent.js';
import { bestSentences, scoreSentences, splitSentences } from '../../../src/core/answer/sentences.js';
import { SectionIndex } from '../../../src/core/search.js';
import { DOC, entry, fold, INDEX, indexOf } from './fixture.js';

function quote(q: string, order: number, max = 1) {
  const folded = fold(q);
  return bestSentences(entry(order), contentGroups(INDEX, folded), intentOf(folded.text, q), max);
}

describe('sentence selection', () => {
  it('splits at full stops, semicolons and line breaks, keeping the punctuation', () => {
    expect(splitSentences('甲。乙；丙\n丁！')).toEqual(['甲。', '乙；', '丙', '丁！']);
  });

  it('quotes the sentence with the fact asked for, not the passage\'s opening', () => {
    expect(quote('有几多人通过考试？', 0)).toBe('2016年共有120名香港考生在廣東考點報名，其中5人通過考試。');
    expect(quote('考试几时举行？', 0)).toMatch(/11月/);
  });

  it('marks a gap between sentences that are not neighbours', () => {
    expect(quote('考试几月举行？有几多人通过？', 0, 2)).toBe('2016年共有120名香港考生在廣東考點報名，其中5人通過考試。考試於11月舉行。');
    expect(quote('全国资格考试11月举行', 0, 2)).toBe('協助香港考生參加全國專利代理人資格考試。……考試於11月舉行。');
  });

  it('reads a sentence in the light of the one before it, choosing what to quote', () => {
    const index = new SectionIndex({
      documents: [DOC],
      sections: [
        {
          id: 'p#0',
          docId: 'report',
          headingPath: ['聯合執法'],
          text: [
            '期間，廣東分署分別四次組織協調廣東省內海關與香港海關合作開展聯合執法行動，重點打擊侵權貨物。在四次的行動中，港方共查獲14宗案件，近10萬件侵權貨品。粵方海關共查獲侵權貨物60餘萬件。',
            '香港海關與廣東省公安廳於2017年4月開始就一宗涉嫌製售假冒電池案件，在兩地開展聯合執法行動。',
          ].join('\n'),
          order: 0,
        },
      ],
      warnings: [],
    });
    const quoted = (q: string) => {
      const folded = fold(q);
      return bestSentences(index.entry('p#0')!, contentGroups(index, folded), intentOf(folded.text, q), 1);
    };
    // The sentence with the figure says only 港方; the one before it names the operations and the customs.
    expect(quoted('四次聯合執法行動中香港海關查獲幾多宗案件？')).toContain('14宗案件');
    // A new paragraph starts afresh: the battery case is not read as part of the four operations.
    expect(quoted('一宗假冒電池案件幾時開始？')).toContain('2017年4月');
  });

  it('does not quote the other side\'s figures when the question asks one side\'s', () => {
    const index = new SectionIndex({
      documents: [DOC],
      sections: [{ id: 'p#0', docId: 'report', headingPath: ['聯合執法'], text: '廣東分署四次組織廣東省內海關與香港海關開展聯合執法行動，打擊侵權貨物。在四次的行動中，港方共查獲14宗案件，近10萬件侵權貨品。粵方海關共查獲侵權貨物60餘萬件。', order: 0 }],
      warnings: [],
    });
    const q = '粵方海關在幾次聯合執法中查獲多少件侵權貨物？';
    const folded = fold(q);
    const quote = bestSentences(index.entry('p#0')!, contentGroups(index, folded), intentOf(folded.text, q), 2, [], otherSideOnly('guangdong'));
    expect(quote).toContain('60餘萬件');
    expect(quote).not.toContain('港方');
  });

  it("in ranking, reads a section's first sentence as going on from its heading", () => {
    const index = indexOf([['專欄17 建設大灣區知識產權人才港', '依託中新廣州知識城，建設人才培養平台。開展人才交流。']]);
    const q = '人才港會喺邊度起？';
    const folded = fold(q);
    const [first, second] = scoreSentences(index.entry('p#0')!, contentGroups(index, folded), intentOf(folded.text, q));
    expect(first).toBeGreaterThan(second!);
    expect(first).toBeGreaterThan(0.3);
  });
});

