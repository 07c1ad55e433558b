import { describe, expect, it } from 'vitest';
import { cleanQuestion, smallTalkKind } from '../../../src/core/answer/clean.js';

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
