/**
 * One-tap subscription links for notices and posters.
 *
 * Telegram: `https://t.me/<bot>?start=sub_award-seminar` opens the bot and sends `/start sub_award-seminar`
 * (Telegram allows 1–64 characters of A–Z a–z 0–9 _ - in a start parameter, so topics are joined by `-`).
 * LINE has no start parameter: `https://line.me/R/oaMessage/<basic id>/?<text>` opens the chat with
 * the text typed in, and the text is a subscription sentence the assistant already understands.
 * https://core.telegram.org/bots/features#deep-linking
 * https://developers.line.biz/en/docs/messaging-api/using-line-url-scheme/#sending-text-messages
 */
import { TOPICS } from './topics.js';
import { isTopicId, TOPIC_IDS, type Lang, type TopicId } from './types.js';

const START_PREFIX = 'sub_';
const TELEGRAM_START_PARAMETER = /^[A-Za-z0-9_-]{1,64}$/;

export type StartPayload =
  | { kind: 'subscribe'; topics: TopicId[] }
  /** Not a subscription link ipbot made: `unknown` names what could not be read. */
  | { kind: 'invalid'; unknown: string };

/** `sub_award`, `sub_award-seminar`, `sub_all` → the topics; anything else is invalid. */
export function parseStartPayload(payload: string): StartPayload {
  const text = payload.trim();
  if (!TELEGRAM_START_PARAMETER.test(text) || !text.toLowerCase().startsWith(START_PREFIX)) {
    return { kind: 'invalid', unknown: text.slice(0, 64) };
  }
  const words = text.slice(START_PREFIX.length).toLowerCase().split('-').filter(Boolean);
  if (words.length === 1 && words[0] === 'all') return { kind: 'subscribe', topics: [...TOPIC_IDS] };
  const unknown = words.filter((w) => !isTopicId(w));
  if (!words.length || unknown.length) return { kind: 'invalid', unknown: unknown.join('-') || text.slice(0, 64) };
  return { kind: 'subscribe', topics: [...new Set(words as TopicId[])] };
}

export function startPayload(topics: readonly TopicId[] | 'all'): string {
  return `${START_PREFIX}${topics === 'all' ? 'all' : topics.join('-')}`;
}

/** `https://t.me/<username>?start=sub_<topics>`. */
export function telegramSubscribeLink(username: string, topics: readonly TopicId[] | 'all'): string {
  return `https://t.me/${encodeURIComponent(username)}?start=${startPayload(topics)}`;
}

const SUBSCRIBE_WORD: Record<Lang, string> = { 'zh-Hant': '訂閱', 'zh-Hans': '订阅', en: 'subscribe' };
const ALL_WORD: Record<Lang, string> = { 'zh-Hant': '全部', 'zh-Hans': '全部', en: 'all' };

/**
 * The sentence a LINE link types in: `訂閱 研討會`. Its script decides the reply's language, as for
 * anything a person types (LINE's audience here reads Traditional by default).
 */
export function subscriptionSentence(topic: TopicId | 'all', lang: Lang = 'zh-Hant'): string {
  return `${SUBSCRIBE_WORD[lang]} ${topic === 'all' ? ALL_WORD[lang] : TOPICS[topic].label[lang]}`;
}

/** `https://line.me/R/oaMessage/@basicid/?訂閱%20研討會`: the basic id keeps its `@`. */
export function lineSubscribeLink(basicId: string, topic: TopicId | 'all', lang: Lang = 'zh-Hant'): string {
  return `https://line.me/R/oaMessage/${encodeURIComponent(basicId).replace(/^%40/, '@')}/?${encodeURIComponent(subscriptionSentence(topic, lang))}`;
}
