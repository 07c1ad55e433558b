import { describe, expect, it } from 'vitest';
import { cleanQuestion, smallTalkKind, fullYears } from '../../../src/core/answer/clean.js';

describe('cleanQuestion', () => {
  it('keeps the words of a question and drops markup, links and control characters', () => {
    expect(cleanQuestion('<b>考試</b>幾時？ https://x.y/z\u0007')).toBe('考試幾時？');
    expect(cleanQuestion('**專利** _考試_')).toBe('專利考試');
  });

  it('turns what is not a string into an empty question', () => {
    expect(cleanQuestion(undefined)).toBe('');
    expect(cleanQuestion(42)).toBe('');
  });
});

describe('smallTalkKind', () => {
  it('recognises greetings, thanks and help in every language, and nothing readable', () => {
    expect(smallTalkKind('你好！')).toBe('greeting');
    expect(smallTalkKind('唔該晒')).toBe('thanks');
    expect(smallTalkKind('what can you do?')).toBe('help');
    expect(smallTalkKind('？？')).toBe('empty');
  });

  it('leaves a question that starts with a greeting to the engine', () => {
    expect(smallTalkKind('你好，考試幾時？')).toBeUndefined();
  });
});

describe('two-digit years', () => {
  it('writes a chat year out in full where it is clearly a year', () => {
    expect(fullYears('07年签的节能协议')).toBe('2007年签的节能协议');
    expect(fullYears('香港海关17年初去广州')).toBe('香港海关2017年初去广州');
    // A five-year plan's span of years is that plan's period, as the plan names it; other spans stay.
    expect(fullYears('ip pledge loans in gd over 2016-2020')).toBe('ip pledge loans in gd over 十三五期间');
    expect(fullYears('2021年至2025年的目标')).toBe('十四五期间的目标');
    expect(fullYears('What campaigns did Guangdong run from 2016 to 2020?')).toBe('What campaigns did Guangdong run from 十三五期间?');
    expect(fullYears('targets between 2021 and 2025')).toBe('targets between 十四五期间');
    expect(fullYears('from 2016 to 2019')).toBe('from 2016 to 2019');
    expect(fullYears('2016-17 合作项目')).toBe('2016-2017 合作项目');
    expect(fullYears('2015-2025年')).toBe('2015-2025年');
    expect(fullYears('16年12月的论坛')).toBe('2016年12月的论坛');
    expect(fullYears('four joint ops 2016-17: how many cases')).toBe('four joint ops 2016-2017: how many cases');
    // A year span before 年度 (2016至17年度) is the two years too: the documents say 2016年7月至2017年6月.
    expect(fullYears('2016/17年度')).toBe('2016/2017年度');
    expect(fullYears('2016至17年度落實咗幾多個項目')).toBe('2016至2017年度落實咗幾多個項目');
    expect(fullYears('2015-16')).toBe('2015-2016');
  });

  it('leaves a number of years and full years alone', () => {
    expect(fullYears('保护期16年')).toBe('保护期16年');
    expect(fullYears('2016年12月')).toBe('2016年12月');
  });
});
