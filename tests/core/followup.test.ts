import { describe, expect, it } from 'vitest';
import { asksForMore, readFollowUp } from '../../src/core/followup.js';
import type { ConversationContext } from '../../src/core/ports.js';

const at = new Date('2026-11-30T02:00:00Z');
const after = (question: string, minutes = 5): ConversationContext => ({
  question,
  lang: 'zh-Hant',
  at: new Date(at.getTime() - minutes * 60_000).toISOString(),
});

describe('follow-ups are recognised by the shape of ellipsis', () => {
  it('reads a question that only asks (who, how much, when, where) with the subject of the one before', () => {
    const context = after('廣東省著名商標係咩嚟？');
    for (const q of ['邊個部門負責？', '幾多錢？', '幾時？', '喺邊度？', '哪个单位管？', 'who runs it?', 'where then?', 'how much?']) {
      const read = readFollowUp(q, context, at);
      expect(read, q).toMatchObject({ kind: 'read-as' });
      expect(read?.kind === 'read-as' && read.question, q).toMatch(/^广东省著名商标 /);
    }
  });

  it('puts a new subject named after 咁/那/and/what about into the question before', () => {
    const read = readFollowUp('那海外维权呢？', after('正版正货承诺有哪些重点工作？'), at);
    expect(read).toEqual({ kind: 'read-as', question: '海外维权 哪些' });
    expect(readFollowUp('and the award?', after('When is the seminar held?'), at)).toEqual({ kind: 'read-as', question: 'award when' });
  });

  it('leaves a question that names its own subject alone, and any question once the context is old', () => {
    const context = after('專利代理人考試喺邊度考？');
    expect(readFollowUp('少年兒童發明獎幾時舉行？', context, at)).toBeUndefined();
    expect(readFollowUp('香港知識產權署有冇舉辦研討會？', context, at)).toBeUndefined();
    expect(readFollowUp('幾時？', after('專利代理人考試喺邊度考？', 31), at)).toBeUndefined();
    expect(readFollowUp('幾時？', undefined, at)).toBeUndefined();
  });

  it('hears "tell me more" in every language, and nothing longer as that', () => {
    for (const q of ['tell me more', 'More details please', '再講多啲', '詳細啲', '详细些', '仲有呢？']) expect(asksForMore(q), q).toBe(true);
    expect(asksForMore('tell me more about the exam fee structure in Guangdong')).toBe(false);
  });
});
