/**
 * Telegram, LINE and the terminal render the same parts of an answer, in the same order: the lead line,
 * the quote, the one source line, the one ⚠ line, and the same buttons ("What changed since?" included).
 */
import { describe, expect, it } from 'vitest';
import { renderForLine } from '../../src/channels/line/render.js';
import { renderReply } from '../../src/channels/telegram/render.js';
import { renderPlain, type Reply } from '../../src/core/reply.js';
import { parseTelegramHtml } from '../support/fake-telegram.js';

const answer: Reply = {
  blocks: [
    { type: 'heading', text: '5人（2016年）' },
    { type: 'quote', text: '2016年，共有30名香港考生在粵報名參加全國專利代理人資格考試，5人通過考試。' },
    { type: 'source', text: '出處：《粵港專責小組第十六次會議進展報告》 17，2017-07' },
    { type: 'note', text: '2017年的進展報告，情況或已改變。其後：「專利代理人」改稱「專利代理師」。' },
  ],
  buttons: [
    [
      { label: '👍', action: { type: 'feedback', questionId: 7, vote: 'up' } },
      { label: '👎', action: { type: 'feedback', questionId: 7, vote: 'down' } },
    ],
    [{ label: '之後有咩改變？', action: { type: 'changed', update: 'patent-agent-renamed-2019' } }],
    [{ label: '➕ 再講多啲', action: { type: 'more' } }],
  ],
};

/** Where each part's text starts in a rendering: they must come in the blocks' order. */
const order = (text: string) => answer.blocks.map((b) => text.indexOf(b.text));

describe('one answer, three channels', () => {
  it('shows the same parts in the same order, with the same buttons', () => {
    const terminal = renderPlain(answer.blocks);
    const telegram = renderReply(answer);
    const parsed = parseTelegramHtml(telegram.parts.join('\n\n'));
    if ('error' in parsed) throw new Error(parsed.error);
    const line = renderForLine([answer]);
    const lineText = line.calls.flat().map((m) => m.text).join('\n\n');

    for (const text of [terminal, parsed.text, lineText]) {
      const at = order(text);
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(text.match(/出處：/g)).toHaveLength(1);
      expect(text.match(/⚠/g)).toHaveLength(1);
    }
    const labels = answer.buttons!.flat().map((b) => b.label);
    expect(telegram.keyboard?.inline_keyboard.flat().map((b) => b.text)).toEqual(labels);
    expect(line.calls.flat().at(-1)?.quickReply?.items?.map((i) => i.action?.label)).toEqual(labels);
  });
});
