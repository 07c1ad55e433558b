/** The six subscription topics: labels shown to users and the question that draws their overview. */
import { toSimplified } from './text/script.js';
import type { Localized, TopicId } from './types.js';

export interface Topic {
  id: TopicId;
  label: Localized;
  /** Button text: at most 20 characters (LINE truncates quick-reply labels beyond that). */
  button: Localized;
  /** A question, in Simplified Chinese, whose answer is the topic's overview from the documents. */
  overviewQuery: string;
  /** Words (lowercase; Simplified and Traditional) by which a person may name the topic: `訂閱 考試`. */
  keywords: string[];
  /**
   * What shows a question or a passage is about the topic (Simplified, lowercase). Stricter than
   * `keywords`: 发明 alone also names invention patents, so only the award itself counts.
   */
  mentions: RegExp;
}

export const TOPICS: Record<TopicId, Topic> = {
  exam: {
    id: 'exam',
    label: { 'zh-Hant': '專利代理人考試', 'zh-Hans': '专利代理人考试', en: 'Patent agent exam' },
    button: { 'zh-Hant': '專利代理人考試', 'zh-Hans': '专利代理人考试', en: 'Patent agent exam' },
    overviewQuery: '香港考生参加全国专利代理人资格考试 考点 培训',
    keywords: ['exam', 'patent agent', '考試', '考试', '專利代理', '专利代理', '代理人', '代理師', '代理师'],
    mentions: /考试|代理人|代理师|\bexam/,
  },
  trademark: {
    id: 'trademark',
    label: { 'zh-Hant': '廣東省著名商標', 'zh-Hans': '广东省著名商标', en: 'Famous trademark' },
    button: { 'zh-Hant': '廣東省著名商標', 'zh-Hans': '广东省著名商标', en: 'Famous trademark' },
    overviewQuery: '在粤港资企业申请认定广东省著名商标',
    keywords: ['trademark', 'trade mark', 'famous', '商標', '商标', '著名'],
    mentions: /商标|trade ?marks?\b/,
  },
  overseas: {
    id: 'overseas',
    label: { 'zh-Hant': '海外維權', 'zh-Hans': '海外维权', en: 'Overseas rights protection' },
    button: { 'zh-Hant': '海外維權', 'zh-Hans': '海外维权', en: 'Overseas IP rights' },
    overviewQuery: '加强海外知识产权保护 海外知识产权纠纷应对指导 维权援助',
    keywords: ['overseas', 'rights protection', '海外', '維權', '维权'],
    mentions: /海外|境外|overseas|abroad/,
  },
  genuine: {
    id: 'genuine',
    label: { 'zh-Hant': '正版正貨承諾', 'zh-Hans': '正版正货承诺', en: 'Genuine Products Promise' },
    button: { 'zh-Hant': '正版正貨承諾', 'zh-Hans': '正版正货承诺', en: 'No Fakes Pledge' },
    overviewQuery: '正版正货承诺 推广',
    keywords: ['genuine', 'no fakes', 'pledge', '正版', '正貨', '正货'],
    mentions: /正版正货|genuine|no fakes/,
  },
  award: {
    id: 'award',
    label: { 'zh-Hant': '少年兒童發明獎', 'zh-Hans': '少年儿童发明奖', en: 'Youth invention award' },
    button: { 'zh-Hant': '少年兒童發明獎', 'zh-Hans': '少年儿童发明奖', en: 'Invention award' },
    overviewQuery: '香港学生参加广东省少年儿童发明奖',
    keywords: ['award', 'invention', '發明', '发明', '獎', '奖'],
    mentions: /发明奖|少年儿童|invention awards?|youth invention/,
  },
  seminar: {
    id: 'seminar',
    label: { 'zh-Hant': '研討會', 'zh-Hans': '研讨会', en: 'Seminars' },
    button: { 'zh-Hant': '研討會', 'zh-Hans': '研讨会', en: 'Seminars' },
    overviewQuery: '粤港知识产权与中小企业发展研讨会',
    keywords: ['seminar', 'forum', '研討', '研讨', '講座', '讲座', '論壇', '论坛'],
    mentions: /研讨会|论坛|讲座|seminars?|forums?/,
  },
};

/** The topic a person named (`exam`, `專利代理人考試`, `trade mark`…), if any. */
export function findTopic(input: string): TopicId | undefined {
  const s = input.trim().toLowerCase();
  if (!s) return undefined;
  for (const topic of Object.values(TOPICS)) {
    if (s === topic.id || Object.values(topic.label).some((l) => l.toLowerCase() === s)) return topic.id;
  }
  for (const topic of Object.values(TOPICS)) {
    if (topic.keywords.some((k) => s.includes(k))) return topic.id;
  }
  return undefined;
}

/**
 * Every topic named in `input`: "考試 商標" or "exam and seminar" name two. Words are split apart
 * only when each names a topic, so "famous trademark" stays one and "patent agent exam" is read whole.
 */
export function findTopics(input: string): TopicId[] {
  const parts = input.split(/[\s,，、;；&+／/]+|(?:同埋|以及|還有|还有|和|及|與|与|同|跟|\band\b)/i).map((p) => p.trim()).filter(Boolean);
  if (parts.length > 1) {
    const each = parts.map(findTopic);
    if (each.every((t): t is TopicId => t !== undefined)) return [...new Set(each)];
  }
  const one = findTopic(input);
  return one ? [one] : [];
}

/** Every topic a question or passage mentions. */
export function topicsMentioned(text: string): TopicId[] {
  const s = toSimplified(text).toLowerCase();
  return Object.values(TOPICS)
    .filter((t) => t.mentions.test(s))
    .map((t) => t.id);
}

/** The one topic a question or passage is about, when exactly one is mentioned. */
export function topicMentioned(text: string): TopicId | undefined {
  const found = topicsMentioned(text);
  return found.length === 1 ? found[0] : undefined;
}
