/**
 * Neutral replies → LINE text messages. LINE shows no markup, so blocks become plain text; buttons
 * become quick replies, which LINE only shows under the last message a user received — so they go
 * on the last message of the last call.
 * Limits: https://developers.line.biz/en/reference/messaging-api/#text-message and #quick-reply
 */
import type { messagingApi } from '@line/bot-sdk';
import { encodeAction } from '../../core/actions.js';
import { renderPlain, type Button, type Reply } from '../../core/reply.js';
import { wellFormed } from '../well-formed.js';

/** LINE accepts 1–5 messages per reply, push or multicast call. */
export const MAX_MESSAGES_PER_CALL = 5;
/** LINE text message limit; counted here in UTF-16 units, which is never fewer than LINE's count. */
export const MAX_TEXT_LENGTH = 5000;
export const MAX_QUICK_REPLIES = 13;
export const MAX_LABEL_LENGTH = 20;
export const MAX_POSTBACK_DATA = 300;
const MAX_DISPLAY_TEXT = 300;

export type LineTextMessage = messagingApi.TextMessage;

export interface RenderedReplies {
  /** Each inner array is one API call of 1–5 messages, in order. Empty when there is nothing to say. */
  calls: LineTextMessage[][];
  /** Buttons left out because LINE could not carry them (over 13, or data over 300 characters). */
  droppedButtons: number;
}

export function renderForLine(replies: readonly Reply[]): RenderedReplies {
  const texts = replies.map((r) => wellFormed(renderPlain(r.blocks)).trim()).filter((t) => t.length > 0);
  let chunks = texts.flatMap((t) => splitText(t, MAX_TEXT_LENGTH));
  // Separate bubbles read better, but fewer calls beat that: a reply token covers one call only.
  if (chunks.length > MAX_MESSAGES_PER_CALL) chunks = splitText(texts.join('\n\n'), MAX_TEXT_LENGTH);

  const { items, dropped } = quickReplyItems(replies.flatMap((r) => (r.buttons ?? []).flat()));
  const messages: LineTextMessage[] = chunks.map((text) => ({ type: 'text', text }));
  const last = messages[messages.length - 1];
  if (last && items.length > 0) last.quickReply = { items };

  const calls: LineTextMessage[][] = [];
  for (let i = 0; i < messages.length; i += MAX_MESSAGES_PER_CALL) {
    calls.push(messages.slice(i, i + MAX_MESSAGES_PER_CALL));
  }
  return { calls, droppedButtons: last ? dropped : dropped + items.length };
}

function quickReplyItems(buttons: readonly Button[]): { items: messagingApi.QuickReplyItem[]; dropped: number } {
  const items: messagingApi.QuickReplyItem[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const button of buttons) {
    const data = encodeAction(button.action);
    if (seen.has(data)) continue;
    seen.add(data);
    if (data.length > MAX_POSTBACK_DATA || items.length >= MAX_QUICK_REPLIES) {
      dropped++;
      continue;
    }
    const action: messagingApi.PostbackAction = {
      type: 'postback',
      label: quickReplyLabel(wellFormed(button.label)),
      data,
      // Shown as the user's own message, so the chat reads as a conversation.
      displayText: truncate(wellFormed(button.label), MAX_DISPLAY_TEXT),
    };
    items.push({ type: 'action', action });
  }
  return { items, dropped };
}

/**
 * A label within LINE's 20 characters. A bilingual label ("確認發送 / Confirm & send", 21) loses the
 * spaces around its slash before anything is cut, so both languages stay whole.
 */
export function quickReplyLabel(label: string): string {
  if (label.length <= MAX_LABEL_LENGTH) return label;
  const tight = label.replace(/\s*\/\s*/g, '/');
  return tight.length <= MAX_LABEL_LENGTH ? tight : truncate(label, MAX_LABEL_LENGTH);
}

/** Cuts to at most `max` UTF-16 units, ending in '…' when cut, never halving a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, safeCut(text, max - 1))}…`;
}

/**
 * Splits text into pieces of at most `max` UTF-16 units, preferring a paragraph break, then a line
 * break, then the end of a sentence (Chinese or Latin punctuation), then a space; a hard cut only
 * when a single "sentence" is longer than a message.
 */
export function splitText(text: string, max: number = MAX_TEXT_LENGTH): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = findCut(rest, max);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest.trim()) pieces.push(rest);
  return pieces;
}

const SENTENCE_END = /[。！？；!?;…](?:[」』）)"'”’])*|\.(?=\s)/g;

function findCut(text: string, max: number): number {
  const window = text.slice(0, max);
  // Cutting too early would leave many short messages; accept a boundary only in the back half.
  const floor = Math.floor(max / 2);
  const paragraph = window.lastIndexOf('\n\n');
  if (paragraph >= floor) return paragraph + 2;
  const line = window.lastIndexOf('\n');
  if (line >= floor) return line + 1;
  let sentenceEnd = -1;
  for (const m of window.matchAll(SENTENCE_END)) sentenceEnd = m.index + m[0].length;
  if (sentenceEnd >= floor) return sentenceEnd;
  const space = window.lastIndexOf(' ');
  if (space >= floor) return space + 1;
  return safeCut(text, max);
}

function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
