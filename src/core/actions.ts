/**
 * What a button press means. Encoded as short ASCII strings because Telegram's `callback_data`
 * allows 1–64 bytes (LINE postback data allows 300 characters).
 */
import { FEEDBACK_REASONS, isLang, isTopicId, type FeedbackReason, type Lang, type TopicId } from './types.js';

export type Vote = 'up' | 'down';

/**
 * `lang` on a navigation button: the language the person was reading when they pressed it (an
 * English answer in a Chinese chat), so the reply does not switch language under them. Absent means
 * the chat's language.
 */
type InLang = { lang?: Lang };

export type Action =
  | ({ type: 'topics' } & InLang)
  | ({ type: 'topic'; topic: TopicId } & InLang)
  | ({ type: 'subscribe'; topic: TopicId } & InLang)
  | ({ type: 'unsubscribe'; topic: TopicId } & InLang)
  | ({ type: 'help' } & InLang)
  | ({ type: 'events' } & InLang)
  | { type: 'lang'; lang: Lang }
  | { type: 'feedback'; questionId: number; vote: Vote }
  /** What was wrong with an answer rated 👎. */
  | { type: 'feedback-reason'; questionId: number; reason: FeedbackReason }
  /** "Tell me more": the next sentences of the section last quoted in this chat. */
  | ({ type: 'more' } & InLang)
  /** The answer to a clarifying question: the chat's last question, about this topic. */
  | { type: 'clarify'; topic: TopicId }
  /** The full note on what changed since a document (an id in `updates.yaml`). */
  | ({ type: 'changed'; update: string } & InLang)
  | { type: 'broadcast-confirm'; broadcastId: number }
  | { type: 'broadcast-cancel'; broadcastId: number }
  /** "Ask staff" under a declined or disliked answer: hands the question to STAFF_CHAT. */
  | { type: 'handoff'; questionId: number };

const LANG_CODES: Record<Lang, string> = { 'zh-Hant': 'hant', 'zh-Hans': 'hans', en: 'en' };

/** Action types whose reply is shown in the language the button carries. */
export const LANG_CARRYING = ['topics', 'topic', 'subscribe', 'unsubscribe', 'help', 'events', 'more', 'changed'] as const;

const REASON_CODES: Record<FeedbackReason, string> = { wrong: 'w', outdated: 'o', unclear: 'u', other: 'x' };

export function encodeAction(action: Action): string {
  const inLang = (code: string) => ('lang' in action && action.lang && action.type !== 'lang' ? `${code}:${LANG_CODES[action.lang]}` : code);
  switch (action.type) {
    case 'topics':
      return inLang('T');
    case 'topic':
      return inLang(`t:${action.topic}`);
    case 'subscribe':
      return inLang(`s:${action.topic}`);
    case 'unsubscribe':
      return inLang(`u:${action.topic}`);
    case 'help':
      return inLang('h');
    case 'events':
      return inLang('e');
    case 'lang':
      return `l:${LANG_CODES[action.lang]}`;
    case 'feedback':
      return `f:${action.questionId}:${action.vote === 'up' ? 'u' : 'd'}`;
    case 'feedback-reason':
      return `fr:${action.questionId}:${REASON_CODES[action.reason]}`;
    case 'more':
      return inLang('m');
    case 'clarify':
      return `c:${action.topic}`;
    case 'changed':
      return `w:${action.update}${'lang' in action && action.lang ? `:${LANG_CODES[action.lang]}` : ''}`;
    case 'broadcast-confirm':
      return `bc:${action.broadcastId}`;
    case 'broadcast-cancel':
      return `bx:${action.broadcastId}`;
    case 'handoff':
      return `a:${action.questionId}`;
  }
}

/** Parses data from a button; anything unknown or forged gives `undefined`, never a throw. */
export function decodeAction(data: string): Action | undefined {
  if (typeof data !== 'string' || data.length > 64) return undefined;
  const [head, a, b, c] = data.split(':');
  const id = (s: string | undefined) => (s !== undefined && /^\d{1,12}$/.test(s) ? Number(s) : undefined);
  const langOf = (code: string | undefined) => (Object.keys(LANG_CODES) as Lang[]).find((l) => LANG_CODES[l] === code);
  // An optional trailing language code: nothing, or a known one (a forged code is no action at all).
  const withLang = <T extends Action>(action: T, code: string | undefined, rest: string | undefined): T | undefined => {
    if (rest !== undefined) return undefined;
    if (code === undefined) return action;
    const lang = langOf(code);
    return lang ? { ...action, lang } : undefined;
  };
  switch (head) {
    case 'T':
      return withLang({ type: 'topics' }, a, b);
    case 'h':
      return withLang({ type: 'help' }, a, b);
    case 'e':
      return withLang({ type: 'events' }, a, b);
    case 't':
    case 's':
    case 'u': {
      if (!isTopicId(a)) return undefined;
      const type = head === 't' ? 'topic' : head === 's' ? 'subscribe' : 'unsubscribe';
      return withLang({ type, topic: a }, b, c);
    }
    case 'l': {
      const lang = langOf(a);
      return lang && isLang(lang) && b === undefined ? { type: 'lang', lang } : undefined;
    }
    case 'f': {
      const questionId = id(a);
      if (questionId === undefined || (b !== 'u' && b !== 'd')) return undefined;
      return { type: 'feedback', questionId, vote: b === 'u' ? 'up' : 'down' };
    }
    case 'fr': {
      const questionId = id(a);
      const reason = FEEDBACK_REASONS.find((r) => REASON_CODES[r] === b);
      if (questionId === undefined || !reason || c !== undefined) return undefined;
      return { type: 'feedback-reason', questionId, reason };
    }
    case 'm':
      return withLang({ type: 'more' }, a, b);
    case 'c':
      return isTopicId(a) && b === undefined ? { type: 'clarify', topic: a } : undefined;
    case 'w':
      return a && /^[a-z0-9][a-z0-9-]{0,50}$/.test(a) ? withLang({ type: 'changed', update: a }, b, c) : undefined;
    case 'bc':
    case 'bx': {
      const broadcastId = id(a);
      if (broadcastId === undefined || b !== undefined) return undefined;
      return { type: head === 'bc' ? 'broadcast-confirm' : 'broadcast-cancel', broadcastId };
    }
    case 'a': {
      const questionId = id(a);
      return questionId === undefined || b !== undefined ? undefined : { type: 'handoff', questionId };
    }
    default:
      return undefined;
  }
}
