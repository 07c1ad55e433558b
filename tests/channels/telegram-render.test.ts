import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import {
  MESSAGE_BUDGET,
  escapeHtml,
  renderKeyboard,
  renderReply,
  splitToFit,
} from '../../src/channels/telegram/render.js';
import { chatIdOf, membershipChange, routeUpdate } from '../../src/channels/telegram/incoming.js';
import { FloodLimiter } from '../../src/channels/flood.js';
import { FAKE_BOT, callbackUpdate, memberUpdate, parseTelegramHtml, textUpdate } from '../support/fake-telegram.js';

function visible(html: string): string {
  const parsed = parseTelegramHtml(html);
  if ('error' in parsed) throw new Error(`${parsed.error}\n${html.slice(0, 200)}`);
  return parsed.text;
}

describe('Telegram HTML rendering', () => {
  it('escapes every block and maps block types to tags', () => {
    const reply: Reply = {
      blocks: [
        { type: 'heading', text: 'Fees <b>& "dates"</b>' },
        { type: 'text', text: 'a < b && c > d' },
        { type: 'quote', text: '<script>alert(1)</script>' },
        { type: 'source', text: 'Doc § 1 <2016>' },
        { type: 'note', text: 'Check & confirm' },
        { type: 'link', text: 'IPD <site>', url: 'https://www.ipd.gov.hk/?a=1&b="2"' },
      ],
    };
    const { parts } = renderReply(reply);
    expect(parts).toHaveLength(1);
    const html = parts[0]!;
    expect(html).toContain('<b>Fees &lt;b&gt;&amp; "dates"&lt;/b&gt;</b>');
    expect(html).toContain('a &lt; b &amp;&amp; c &gt; d');
    expect(html).toContain('<blockquote>&lt;script&gt;alert(1)&lt;/script&gt;</blockquote>');
    expect(html).toContain('<i>Doc § 1 &lt;2016&gt;</i>');
    expect(html).toContain('⚠ Check &amp; confirm');
    expect(html).toContain('<a href="https://www.ipd.gov.hk/?a=1&amp;b=&quot;2&quot;">IPD &lt;site&gt;</a>');
    // What the user sees is exactly the original text.
    expect(visible(html)).toContain('Fees <b>& "dates"</b>');
    expect(visible(html)).toContain('<script>alert(1)</script>');
  });

  it('shows a link that is not http(s) as text instead of an <a>', () => {
    const { parts } = renderReply({ blocks: [{ type: 'link', text: 'x', url: 'javascript:alert(1)' }] });
    expect(parts[0]).not.toContain('<a ');
    expect(visible(parts[0]!)).toBe('x: javascript:alert(1)');
  });

  it('keeps a short reply in one message and puts blocks on separate paragraphs', () => {
    const { parts } = renderReply({ blocks: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] });
    expect(parts).toEqual(['one\n\ntwo']);
  });

  it('splits a long reply under the limit, between blocks, without breaking tags or losing text', () => {
    const sentence = '粵港雙方積極組織香港考生報名參加考試，通報考點報名、考試要求及考前培訓等相關信息。';
    const quote = sentence.repeat(120); // ~4,900 characters in one block
    const reply: Reply = {
      blocks: [
        { type: 'heading', text: '專利代理人考試' },
        { type: 'quote', text: quote },
        { type: 'source', text: '出處：《第十六次會議》 › 17（2017-07）' },
      ],
      buttons: [[{ label: '👍', action: { type: 'feedback', questionId: 7, vote: 'up' } }]],
    };
    const { parts, keyboard } = renderReply(reply);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MESSAGE_BUDGET);
      expect(visible(part).length).toBeLessThanOrEqual(4096);
    }
    // Every quote piece is a balanced blockquote ending at a sentence end.
    const quoteParts = parts.join('\n\n').match(/<blockquote>[^]*?<\/blockquote>/g)!;
    expect(quoteParts.length).toBeGreaterThan(1);
    for (const q of quoteParts) expect(q).toMatch(/。<\/blockquote>$/);
    const seen = quoteParts.map((q) => q.slice('<blockquote>'.length, -'</blockquote>'.length)).join('');
    expect(seen).toBe(quote);
    expect(keyboard?.inline_keyboard[0]?.[0]?.callback_data).toBe('f:7:u');
  });

  it('prefers paragraph boundaries, then sentences, and hard-cuts only text with neither', () => {
    const fits = (s: string) => s.trim().length <= 50;
    const paragraphs = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)].join('\n\n');
    expect(splitToFit(paragraphs, fits).map((s) => s.trim())).toEqual(['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)]);
    const sentences = 'First sentence here. Second one is here. Third sentence ends it.';
    const cut = splitToFit(sentences, fits).map((s) => s.trim());
    expect(cut).toEqual(['First sentence here. Second one is here.', 'Third sentence ends it.']);
    const blob = '字'.repeat(120);
    const hard = splitToFit(blob, fits);
    expect(hard.map((s) => s.length)).toEqual([50, 50, 20]);
    expect(hard.join('')).toBe(blob);
  });

  it('never cuts inside a surrogate pair', () => {
    const emoji = '😀'.repeat(40); // 80 UTF-16 units
    const pieces = splitToFit(emoji, (s) => s.length <= 25);
    expect(pieces.join('')).toBe(emoji);
    for (const p of pieces) expect(p).toBe('😀'.repeat(p.length / 2));
  });

  it('counts escapes against the budget', () => {
    const amps = '&'.repeat(3000); // 15,000 characters once escaped
    const { parts } = renderReply({ blocks: [{ type: 'text', text: amps }] });
    expect(parts.length).toBe(4);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MESSAGE_BUDGET);
    expect(parts.map(visible).join('')).toBe(amps);
  });

  it('encodes buttons as short callback data and skips empty rows', () => {
    const keyboard = renderKeyboard([
      [
        { label: '專利代理人考試', action: { type: 'topic', topic: 'exam' } },
        { label: 'Confirm', action: { type: 'broadcast-confirm', broadcastId: 999_999_999_999 } },
      ],
      [],
    ]);
    expect(keyboard?.inline_keyboard).toHaveLength(1);
    for (const button of keyboard!.inline_keyboard[0]!) expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
    expect(keyboard?.inline_keyboard[0]?.[0]).toEqual({ text: '專利代理人考試', callback_data: 't:exam' });
    expect(escapeHtml('<&>')).toBe('&lt;&amp;&gt;');
  });

  it('gives a buttons-only reply a visible text, and an empty reply nothing', () => {
    expect(renderReply({ blocks: [], buttons: [[{ label: 'x', action: { type: 'help' } }]] }).parts).toHaveLength(1);
    expect(renderReply({ blocks: [{ type: 'text', text: '   ' }] }).parts).toEqual([]);
  });
});

describe('Telegram update routing', () => {
  const me = FAKE_BOT;
  const alice = { id: 42, language_code: 'zh-hk' };

  it('maps a private message to a neutral incoming with locale and keys', () => {
    const routed = routeUpdate({ update_id: 1, ...textUpdate(alice, '商標點註冊？') } as any, me);
    expect(routed?.incoming).toEqual({
      channel: 'telegram',
      chat: 'telegram:42',
      sender: 'telegram:42',
      event: { type: 'text', text: '商標點註冊？' },
      locale: 'zh-hk',
    });
    expect(routed?.replyToMessageId).toBeUndefined();
  });

  it('strips this bot’s @suffix from commands and ignores commands for other bots', () => {
    const ours = routeUpdate({ update_id: 1, ...textUpdate(alice, '/subscribe@ipbot_test_bot exam') } as any, me);
    expect(ours?.incoming.event).toEqual({ type: 'text', text: '/subscribe exam' });
    const group = { id: -100, type: 'supergroup', title: 'g' };
    const theirs = routeUpdate({ update_id: 2, ...textUpdate(alice, '/start@other_bot', { chat: group }) } as any, me);
    expect(theirs).toBeUndefined();
  });

  it('answers in groups only when mentioned, replied to or given a command', () => {
    const group = { id: -100, type: 'supergroup', title: 'g' };
    const chatter = routeUpdate({ update_id: 1, ...textUpdate(alice, '今日食咩好', { chat: group }) } as any, me);
    expect(chatter).toBeUndefined();
    const mention = '@ipbot_test_bot';
    const mentioned = routeUpdate(
      { update_id: 2, ...textUpdate(alice, `${mention} 商標點註冊？`, { chat: group, entities: [{ type: 'mention', offset: 0, length: mention.length }] }) } as any,
      me,
    );
    expect(mentioned?.incoming).toMatchObject({ chat: 'telegram:-100', sender: 'telegram:42', event: { type: 'text', text: '商標點註冊？' } });
    expect(mentioned?.replyToMessageId).toBeTypeOf('number');
    const reply = routeUpdate({ update_id: 3, ...textUpdate(alice, '咁幾時考？', { chat: group, reply_to_message: { message_id: 5, from: me, chat: group, date: 0 } }) } as any, me);
    expect(reply?.incoming.event).toEqual({ type: 'text', text: '咁幾時考？' });
    const command = routeUpdate({ update_id: 4, ...textUpdate(alice, '/topics', { chat: group }) } as any, me);
    expect(command?.incoming.event).toEqual({ type: 'text', text: '/topics' });
  });

  it('passes a wordless sticker or photo in a private chat as empty text, and ignores service messages', () => {
    const sticker = { message_id: 9, date: 0, chat: { id: 42, type: 'private', first_name: 'A' }, from: { id: 42, is_bot: false, first_name: 'A' }, sticker: { file_id: 'x' } };
    expect(routeUpdate({ update_id: 1, message: sticker } as any, me)?.incoming.event).toEqual({ type: 'text', text: '' });
    const pinned = { ...sticker, sticker: undefined, pinned_message: { message_id: 1 } };
    delete (pinned as any).sticker;
    expect(routeUpdate({ update_id: 2, message: pinned } as any, me)).toBeUndefined();
    const fromBot = { ...sticker, text: 'hi', from: { id: 7, is_bot: true, first_name: 'B' } };
    expect(routeUpdate({ update_id: 3, message: fromBot } as any, me)).toBeUndefined();
  });

  it('decodes button data and drops forged data', () => {
    const tap = routeUpdate({ update_id: 1, ...callbackUpdate(alice, 't:exam') } as any, me);
    expect(tap?.incoming.event).toEqual({ type: 'action', action: { type: 'topic', topic: 'exam' } });
    expect(routeUpdate({ update_id: 2, ...callbackUpdate(alice, 't:../../etc') } as any, me)).toBeUndefined();
  });

  it('reads block and unblock from my_chat_member', () => {
    expect(membershipChange({ update_id: 1, ...memberUpdate(alice, 'kicked') } as any)).toMatchObject({ chatId: 42, active: false });
    expect(membershipChange({ update_id: 2, ...memberUpdate(alice, 'member') } as any)).toMatchObject({ chatId: 42, active: true });
    expect(chatIdOf('telegram:-1001234')).toBe(-1001234);
    expect(chatIdOf('line:U123')).toBeUndefined();
  });
});

describe('flood limiter', () => {
  it('allows the limit, gives one notice, then silence until the minute has passed', () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const limiter = new FloodLimiter(3, { now: () => new Date(now) });
    const verdicts = Array.from({ length: 6 }, () => limiter.check('u'));
    expect(verdicts).toEqual(['allow', 'allow', 'allow', 'notice', 'drop', 'drop']);
    expect(limiter.check('someone-else')).toBe('allow');
    now += 60_000;
    expect(limiter.check('u')).toBe('allow');
  });
});
