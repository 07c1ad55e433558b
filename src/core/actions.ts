/**
 * What a button press means. Encoded as short ASCII strings because Telegram's `callback_data`
 * allows 1–64 bytes (LINE postback data allows 300 characters).
 */
import { isLang, isTopicId, type Lang, type TopicId } from './types.js';

export type Vote = 'up' | 'down';

export type Action =
  | { type: 'topics' }
  | { type: 'topic'; topic: TopicId }
  | { type: 'subscribe'; topic: TopicId }
  | { type: 'unsubscribe'; topic: TopicId }
  | { type: 'help' }
  | { type: 'events' }
  | { type: 'lang'; lang: Lang }
  | { type: 'feedback'; questionId: number; vote: Vote }
  | { type: 'broadcast-confirm'; broadcastId: number }
  | { type: 'broadcast-cancel'; broadcastId: number };

const LANG_CODES: Record<Lang, string> = { 'zh-Hant': 'hant', 'zh-Hans': 'hans', en: 'en' };

export function encodeAction(action: Action): string {
  switch (action.type) {
    case 'topics':
      return 'T';
    case 'topic':
      return `t:${action.topic}`;
    case 'subscribe':
      return `s:${action.topic}`;
    case 'unsubscribe':
      return `u:${action.topic}`;
    case 'help':
      return 'h';
    case 'events':
      return 'e';
    case 'lang':
      return `l:${LANG_CODES[action.lang]}`;
    case 'feedback':
      return `f:${action.questionId}:${action.vote === 'up' ? 'u' : 'd'}`;
    case 'broadcast-confirm':
      return `bc:${action.broadcastId}`;
    case 'broadcast-cancel':
      return `bx:${action.broadcastId}`;
  }
}

/** Parses data from a button; anything unknown or forged gives `undefined`, never a throw. */
export function decodeAction(data: string): Action | undefined {
  if (typeof data !== 'string' || data.length > 64) return undefined;
  const [head, a, b] = data.split(':');
  const id = (s: string | undefined) => (s !== undefined && /^\d{1,12}$/.test(s) ? Number(s) : undefined);
  switch (head) {
    case 'T':
      return a === undefined ? { type: 'topics' } : undefined;
    case 'h':
      return a === undefined ? { type: 'help' } : undefined;
    case 'e':
      return a === undefined ? { type: 'events' } : undefined;
    case 't':
    case 's':
    case 'u': {
      if (!isTopicId(a) || b !== undefined) return undefined;
      const type = head === 't' ? 'topic' : head === 's' ? 'subscribe' : 'unsubscribe';
      return { type, topic: a };
    }
    case 'l': {
      const lang = (Object.keys(LANG_CODES) as Lang[]).find((l) => LANG_CODES[l] === a);
      return lang && isLang(lang) && b === undefined ? { type: 'lang', lang } : undefined;
    }
    case 'f': {
      const questionId = id(a);
      if (questionId === undefined || (b !== 'u' && b !== 'd')) return undefined;
      return { type: 'feedback', questionId, vote: b === 'u' ? 'up' : 'down' };
    }
    case 'bc':
    case 'bx': {
      const broadcastId = id(a);
      if (broadcastId === undefined || b !== undefined) return undefined;
      return { type: head === 'bc' ? 'broadcast-confirm' : 'broadcast-cancel', broadcastId };
    }
    default:
      return undefined;
  }
}
