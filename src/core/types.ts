/** Vocabulary shared by every part of ipbot. */

export const LANGS = ['zh-Hant', 'zh-Hans', 'en'] as const;
/** Reply language: Hong Kong Traditional, Simplified, or English. */
export type Lang = (typeof LANGS)[number];

export const TOPIC_IDS = ['exam', 'trademark', 'overseas', 'genuine', 'award', 'seminar'] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

/** Why an answer got 👎, as the person said with a button. */
export const FEEDBACK_REASONS = ['wrong', 'outdated', 'unclear', 'other'] as const;
export type FeedbackReason = (typeof FEEDBACK_REASONS)[number];

export type ChannelName = 'telegram' | 'line' | 'cli';

/** A text in each reply language. */
export type Localized = Record<Lang, string>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function isTopicId(value: unknown): value is TopicId {
  return typeof value === 'string' && (TOPIC_IDS as readonly string[]).includes(value);
}

/** `telegram:123` → `telegram`. */
export function channelOf(chatKey: string): string {
  const i = chatKey.indexOf(':');
  return i < 0 ? '' : chatKey.slice(0, i);
}
