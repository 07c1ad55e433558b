import { readdirSync, readFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { detectLang, profileScript, toScript, toSimplified, toTraditional } from '../../../src/core/text/script.js';

describe('detectLang', () => {
  it.each([
    ['香港考生可以在哪個考點參加考試？', 'zh-Hant'],
    ['香港考生可以在哪个考点参加考试？', 'zh-Hans'],
    ['Where do Hong Kong candidates sit the patent agent exam?', 'en'],
    // Written Cantonese is answered in Traditional even when every other character is shared by both scripts.
    ['佢哋喺邊度考？', 'zh-Hant'],
    ['有冇考前培训？', 'zh-Hant'],
    // 几时 and 几多 are Mandarin too: written in Simplified, they want Simplified back.
    ['雷公行动几时收网', 'zh-Hans'],
    ['今年考试几多人报名', 'zh-Hans'],
    // English prose around a Chinese term stays English; a Chinese question with a programme's name stays Chinese.
    ['What is 正版正貨承諾?', 'en'],
    ['BIP Asia 幾時舉行？', 'zh-Hant'],
    ['BIP Asia', 'en'],
    ['BIP Asia 什么时候举行？', 'zh-Hans'],
  ] as const)('%s → %s', (question, lang) => {
    expect(detectLang(question)).toBe(lang);
  });

  it('gives questions written only in characters common to both scripts the fallback (Traditional by default)', () => {
    expect(detectLang('香港考生')).toBe('zh-Hant');
    expect(detectLang('香港考生', 'zh-Hans')).toBe('zh-Hans');
  });

  it('gives text with nothing readable the fallback, never English by accident', () => {
    expect(detectLang('🙂🙂')).toBe('zh-Hant');
    expect(detectLang('')).toBe('zh-Hant');
    expect(detectLang('12345')).toBe('zh-Hant');
  });
});

describe('script conversion', () => {
  it('converts Simplified to Hong Kong Traditional forms, not Taiwan vocabulary', () => {
    expect(toTraditional('香港知识产权署')).toBe('香港知識產權署');
    expect(toTraditional('里面')).toBe('裏面');
    expect(toTraditional('软件')).not.toBe('軟體');
  });

  it('converts Traditional to Simplified and leaves Simplified alone', () => {
    expect(toSimplified('粵港保護知識產權合作協議')).toBe('粤港保护知识产权合作协议');
    expect(toSimplified('专利代理人')).toBe('专利代理人');
  });

  it('quotes for English readers in Traditional', () => {
    expect(toScript('正版正货承诺', 'en')).toBe('正版正貨承諾');
    expect(toScript('正版正貨承諾', 'zh-Hans')).toBe('正版正货承诺');
  });
});

describe('the tables imported for a question (not opencc-js\'s whole bundle)', () => {
  const characters = Array.from({ length: 0x9fff - 0x3400 + 1 }, (_, k) => String.fromCodePoint(0x3400 + k));
  const fullToSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const fullToTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });

  it('convert to Simplified exactly as the whole bundle, every character and every document line', () => {
    const lines = readdirSync('knowledge/docs').flatMap((f) => readFileSync(`knowledge/docs/${f}`, 'utf8').split('\n'));
    for (const text of [...lines, characters.join('')]) expect(toSimplified(text)).toBe(fullToSimplified(text));
  });

  it('find the same Simplified-only characters as the whole bundle', () => {
    for (const ch of characters) {
      const simplifiedOnly = fullToSimplified(ch) === ch && fullToTraditional(ch) !== ch;
      expect(profileScript(ch).simplifiedOnly, ch).toBe(simplifiedOnly ? 1 : 0);
    }
  });
});
