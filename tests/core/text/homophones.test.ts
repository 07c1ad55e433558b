import { describe, expect, it } from 'vitest';
import { applyCorrections, HomophoneCorrector } from '../../../src/core/text/homophones.js';
import { homophoneTable } from '../../../src/knowledge/homophone-table.js';
import { words } from '../../../src/core/text/tokenize.js';

const corpusWords: Array<[string, number]> = [['专利', 40], ['著名商标', 12], ['雷公', 1], ['知识产权', 150], ['有机', 2], ['网点', 3], ['融资', 9]];
const corrector = new HomophoneCorrector(homophoneTable(corpusWords, '专利力著名明商标雷公工知识产权全有机几网点店考试行动融资'));
const known = new Set(['专利', '著名商标', '雷公', '知识产权', '有机', '网点', '考试', '行动', '融资']);
const phrasing = new Set(['几', '有', '几时', '什么']);

function correct(text: string): string {
  const found = corrector.corrections(text, words(text).map((w) => w.word), (s) => known.has(s), (w) => phrasing.has(w));
  return applyCorrections(text, found);
}

describe('homophone correction', () => {
  it('reads an input-method typo as the documents\' word of the same sound', () => {
    expect(correct('专力代理人考试几时考')).toBe('专利代理人考试几时考');
    expect(correct('著明商标有什么好处')).toBe('著名商标有什么好处');
    expect(correct('雷工行动')).toBe('雷公行动');
    expect(correct('知识产全')).toBe('知识产权');
    // The typo may be a character the documents never use (姿): every character an input method types has its sound.
    expect(correct('质押融姿目标')).toBe('质押融资目标');
  });

  it('leaves words the documents use, question words and everyday words as written', () => {
    expect(correct('考试有几个人')).toBe('考试有几个人');
    expect(correct('怎么开网店')).toBe('怎么开网店');
  });

  it('never joins the end of one word to the start of the next', () => {
    // 试有 sounds like 时有, but 考试 | 有 are two words.
    expect(correct('专利考试有几')).toBe('专利考试有几');
  });
});

describe('romanised names', () => {
  const names = new HomophoneCorrector(homophoneTable([['前海', 3], ['南沙', 4], ['雷公', 1], ['化为', 2], ['专利', 40]], '前海南沙雷公化为专利'));

  it('reads a name written in pinyin, run together or apart, as the documents write it', () => {
    expect(names.romanised('qianhai')).toBe('前海');
    expect(names.romanised('qian hai')).toBe('前海');
    expect(names.romanised('Nansha')).toBe('南沙');
    expect(names.romanised('leigong')).toBe('雷公');
  });

  it('writes a run of unknown words that is a name as the documents do, leaving English words and known ones alone', () => {
    const english = (w: string) => ['window', 'in', 'the'].includes(w);
    expect(names.withRomanisedNames('a trademark window in qian hai', ['window', 'qian', 'hai'], english)).toBe('a trademark window in  前海 ');
    expect(names.withRomanisedNames('visit Nansha', ['nansha'], english)).toBe('visit  南沙 ');
    // A word the glossary knows (not in `unknown`) is no part of a name.
    expect(names.withRomanisedNames('qian hai', ['qian'], english)).toBe('qian hai');
    expect(names.withRomanisedNames('the window', ['window'], english)).toBe('the window');
  });

  it('takes no everyday word for a name, and no single syllable or English word', () => {
    // Huawei sounds like 化为 ("turns into"), which no one writes in pinyin.
    expect(names.romanised('huawei')).toBeUndefined();
    expect(names.romanised('window')).toBeUndefined();
    expect(names.romanised('hai')).toBeUndefined();
  });
});

describe('a phrasing character typed for a word\'s own', () => {
  const table = new HomophoneCorrector(homophoneTable([['代理人', 20], ['考试', 30], ['哪里', 2]], '代理人考试哪里里'));
  const fix = (text: string) =>
    applyCorrections(text, table.corrections(text, words(text).map((w) => w.word), (s) => ['代理人', '考试', '哪里'].includes(s), (w) => ['里', '哪里', '是'].includes(w)));

  it('reads 代里人 as 代理人 when 里 is the one slip', () => {
    expect(fix('专利代里人考试')).toBe('专利代理人考试');
  });

  it('leaves a phrasing word alone in a short stretch or where it is not the slip', () => {
    expect(fix('考试在哪里')).toBe('考试在哪里');
    expect(fix('考试是几时')).toBe('考试是几时');
  });
});

describe('Cantonese slips', () => {
  const table = new HomophoneCorrector(homophoneTable([['原则', 6], ['合作', 40], ['年度', 8], ['性地', 2]], '原则合作年度性地'));
  const fix = (text: string) => applyCorrections(text, table.corrections(text, words(text).map((w) => w.word), (s) => ['原则', '合作', '年度', '性地'].includes(s), () => false));

  it('reads a character of the same Cantonese sound and tone as the slip (側 for 則: zak1; Mandarin ce and ze)', () => {
    expect(fix('合作原侧有几条')).toBe('合作原则有几条');
  });

  it('takes no character of another Cantonese tone for a slip (到 dou3 is not 度 dou6, 成 sing4 not 性 sing3)', () => {
    expect(fix('2016年到2017年')).toBe('2016年到2017年');
    expect(fix('系统成地')).toBe('系统成地');
  });
});
