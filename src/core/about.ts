/**
 * Questions about ipbot itself (怎么订阅？, "what does ipbot store about me?"): answered from its own
 * help, not searched for in the documents, which know nothing about the bot.
 */
import { REPLY_UI } from './messages.js';
import { toSimplified } from './text/script.js';
import type { Lang } from './types.js';

export type AboutTopic = 'subscribe' | 'coverage' | 'language' | 'storage';

const ASKING = /[?？]|什么|咩|吗|点样|怎|如何|可唔可以|可不可以|能不能|有冇|有没有|边啲|哪些|\b(how|what|which|can|do|does|is|are)\b/i;
/** Words by which a person points at the bot: 你, ipbot, "you". */
const THE_BOT = /你|妳|您|ipbot|机械人|机器人|\bbot\b|\byou(r)?\b/i;

const ME = /我|用户|\b(me|my|users?)\b/i;

const SUBJECTS: Array<{ topic: AboutTopic; words: RegExp; also?: RegExp[] }> = [
  // Subscribing is ipbot's own feature, so "怎么订阅？" needs no "you".
  // "How do I subscribe": asking how, not what a subscription is (订阅号是什么) or what it is good for.
  { topic: 'subscribe', words: /订阅|subscri|提醒我|remind me|通知我|notify me/i, also: [/怎|点样|点先|如何|边度|哪里|在哪|\bhow\b|\bwhere\b|\bcan i\b/i] },
  {
    topic: 'language',
    words:
      /(换|转|改|切换|设置|设定).{0,6}(语言|英文|中文|简体|繁体)|(用|以)(英文|中文|简体|繁体)(回复|回覆|回答|答)|\b(change|switch|set)\b.{0,20}\blanguage\b|\b(reply|answer|respond)\b.{0,10}\bin (english|chinese)\b/i,
  },
  { topic: 'storage', words: /储存|存储|保存|记录|收集|私隐|隐私|个人资料|\b(store|stores|keep|keeps|save|saves|collect|collects|privacy|data)\b/i, also: [THE_BOT, ME] },
  {
    topic: 'coverage',
    words:
      /涵盖|包括(哪些|什么|咩)|(可以|能|识|会)(回答|答)(什么|咩|哪些|边啲)|可以问(什么|咩|你)|问你(什么|咩)|\bwhat (topics|do you cover|can you answer|can i ask)\b|\bwhich topics\b|\bwhat do you know\b/i,
  },
];

/** What a question asks about ipbot, if it is about ipbot at all. */
export function aboutQuestion(question: string): AboutTopic | undefined {
  const q = toSimplified(question);
  if (q.length > 60 || !ASKING.test(q)) return undefined;
  for (const s of SUBJECTS) {
    if (s.words.test(q) && (s.also ?? []).every((r) => r.test(q))) return s.topic;
  }
  return undefined;
}

export function aboutAnswer(topic: AboutTopic, lang: Lang): string {
  const ui = REPLY_UI[lang];
  switch (topic) {
    case 'subscribe':
      return ui.aboutSubscribe;
    case 'coverage':
      return ui.aboutCoverage;
    case 'language':
      return ui.aboutLanguage;
    case 'storage':
      return ui.aboutStorage;
  }
}
