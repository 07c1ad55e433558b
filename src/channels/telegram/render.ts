/**
 * Neutral replies → Telegram messages in HTML parse mode.
 * https://core.telegram.org/bots/api#html-style — only `&lt; &gt; &amp; &quot;` are named entities,
 * so every piece of block text is escaped here and nowhere else.
 */
import { encodeAction } from '../../core/actions.js';
import type { Block, Button, Reply } from '../../core/reply.js';
import { wellFormed } from '../well-formed.js';

/** Telegram: "1-4096 characters after entities parsing" (sendMessage). */
export const TELEGRAM_TEXT_LIMIT = 4096;
/**
 * We measure the HTML source (tags and escapes included), which is never shorter than the text
 * Telegram counts, and keep a margin on top. Lengths are JS `.length`: UTF-16 units, as Telegram counts.
 */
export const MESSAGE_BUDGET = 4000;
/** Telegram: callback_data is 1–64 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

export interface InlineKeyboardMarkup {
  inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
}

export interface RenderedReply {
  /** HTML message texts, each within MESSAGE_BUDGET; send in order. */
  parts: string[];
  /** Goes on the last part. */
  keyboard?: InlineKeyboardMarkup;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

/** What a user would see of our HTML: for resending as plain text if Telegram ever refuses the markup. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

type Style = 'plain' | 'bold' | 'quote' | 'italic';

const WRAP: Record<Style, (html: string) => string> = {
  plain: (html) => html,
  bold: (html) => `<b>${html}</b>`,
  quote: (html) => `<blockquote>${html}</blockquote>`,
  italic: (html) => `<i>${html}</i>`,
};

// Telegram only turns http(s) and tg:// links into entities; anything else is shown as text.
const LINKABLE = /^(https?|tg):\/\/\S+$/i;

/** One block as (style, plain text) — a link becomes an <a> when it is a single usable URL. */
function styled(block: Block): { style: Style; text: string; html?: string } {
  switch (block.type) {
    case 'heading':
      return { style: 'bold', text: block.text };
    case 'quote':
      return { style: 'quote', text: block.text };
    case 'source':
      return { style: 'italic', text: block.text };
    case 'note':
      return { style: 'plain', text: `⚠ ${block.text}` };
    case 'link': {
      const label = block.text.trim() || block.url;
      const html = `<a href="${escapeAttribute(block.url)}">${escapeHtml(label)}</a>`;
      if (LINKABLE.test(block.url) && html.length <= MESSAGE_BUDGET) return { style: 'plain', text: label, html };
      return { style: 'plain', text: `${label}: ${block.url}` };
    }
    case 'text':
      return { style: 'plain', text: block.text };
  }
}

function wellFormedBlock(block: Block): Block {
  return block.type === 'link'
    ? { ...block, text: wellFormed(block.text), url: wellFormed(block.url) }
    : { ...block, text: wellFormed(block.text) };
}

/** Renders one block as one or more HTML pieces, each a complete, balanced fragment within `budget`. */
export function renderBlock(block: Block, budget = MESSAGE_BUDGET): string[] {
  const { style, text, html } = styled(wellFormedBlock(block));
  if (html !== undefined) return [html];
  const render = (piece: string) => WRAP[style](escapeHtml(piece));
  return splitToFit(text, (piece) => render(piece.trim()).length <= budget)
    .map((piece) => piece.trim())
    .filter((piece) => piece.length > 0)
    .map(render);
}

/** Ways of cutting text, coarsest first; each keeps its separator on the left piece, so pieces rejoin exactly. */
const SPLITTERS: Array<(text: string) => string[]> = [
  (text) => text.split(/(?<=\n[ \t]*\n)/),
  (text) => text.split(/(?<=\n)/),
  (text) =>
    Array.from(
      text.matchAll(/[^]*?(?:[。！？!?；;…]+[」』”’"'）)]*\s*|\.(?:\s+|$)|$)/gu),
      (m) => m[0],
    ).filter((s) => s.length > 0),
  (text) => Array.from(text.matchAll(/[^]*?(?:[，、：:]|,\s+|\s+|$)/gu), (m) => m[0]).filter((s) => s.length > 0),
];

/** Cuts `text` into pieces that each satisfy `fits`, at the coarsest boundary that works. */
export function splitToFit(text: string, fits: (piece: string) => boolean, level = 0): string[] {
  if (fits(text)) return [text];
  const splitter = SPLITTERS[level];
  if (!splitter) return hardSplit(text, fits);
  const pieces = splitter(text);
  if (pieces.length <= 1) return splitToFit(text, fits, level + 1);
  const out: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (fits(current + piece)) {
      current += piece;
      continue;
    }
    if (current) out.push(current);
    current = '';
    if (fits(piece)) current = piece;
    else out.push(...splitToFit(piece, fits, level + 1));
  }
  if (current) out.push(current);
  return out;
}

/** Last resort: cut by code points (never inside a surrogate pair), as much per piece as fits. */
function hardSplit(text: string, fits: (piece: string) => boolean): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  let start = 0;
  while (start < chars.length) {
    // Largest end such that chars[start, end) fits; one char always goes, so this always progresses.
    let lo = start + 1;
    let hi = chars.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (fits(chars.slice(start, mid).join(''))) lo = mid;
      else hi = mid - 1;
    }
    out.push(chars.slice(start, lo).join(''));
    start = lo;
  }
  return out;
}

export function callbackData(button: Button): string {
  const data = encodeAction(button.action);
  const bytes = Buffer.byteLength(data, 'utf8');
  if (bytes < 1 || bytes > CALLBACK_DATA_MAX_BYTES) {
    throw new Error(`telegram: callback_data for button "${button.label}" is ${bytes} bytes (Telegram allows 1–64)`);
  }
  return data;
}

export function renderKeyboard(rows: readonly Button[][] | undefined): InlineKeyboardMarkup | undefined {
  const keyboard = (rows ?? [])
    .filter((row) => row.length > 0)
    .map((row) => row.map((button) => ({ text: wellFormed(button.label), callback_data: callbackData(button) })));
  return keyboard.length > 0 ? { inline_keyboard: keyboard } : undefined;
}

// Telegram refuses an empty message, but a reply may be only buttons.
const BUTTONS_ONLY_TEXT = '👇';

/** Blocks are rendered one by one and packed into messages; a message never ends inside a tag. */
export function renderReply(reply: Reply, budget = MESSAGE_BUDGET): RenderedReply {
  const pieces = reply.blocks.flatMap((block) => renderBlock(block, budget));
  const parts: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const joined = current ? `${current}\n\n${piece}` : piece;
    if (joined.length <= budget) {
      current = joined;
    } else {
      parts.push(current);
      current = piece;
    }
  }
  if (current) parts.push(current);
  const keyboard = renderKeyboard(reply.buttons);
  if (parts.length === 0 && keyboard) parts.push(BUTTONS_ONLY_TEXT);
  return keyboard ? { parts, keyboard } : { parts };
}
