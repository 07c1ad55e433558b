/** The six subscription topics: labels shown to users and the question that draws their overview. */
import type { Localized, TopicId } from './types.js';

export interface Topic {
  id: TopicId;
  label: Localized;
  /** A question, in Simplified Chinese, whose answer is the topic's overview from the documents. */
  overviewQuery: string;
}

export const TOPICS: Record<TopicId, Topic> = {
  exam: {
    id: 'exam',
    label: { 'zh-Hant': '專利代理人考試', 'zh-Hans': '专利代理人考试', en: 'Patent agent exam' },
    overviewQuery: '香港考生参加全国专利代理人资格考试 考点 培训',
  },
  trademark: {
    id: 'trademark',
    label: { 'zh-Hant': '廣東省著名商標', 'zh-Hans': '广东省著名商标', en: 'Famous trademark' },
    overviewQuery: '在粤港资企业申请认定广东省著名商标',
  },
  overseas: {
    id: 'overseas',
    label: { 'zh-Hant': '海外維權', 'zh-Hans': '海外维权', en: 'Overseas rights protection' },
    overviewQuery: '加强海外知识产权保护 海外知识产权纠纷应对指导 维权援助',
  },
  genuine: {
    id: 'genuine',
    label: { 'zh-Hant': '正版正貨承諾', 'zh-Hans': '正版正货承诺', en: 'Genuine Products Promise' },
    overviewQuery: '正版正货承诺 推广',
  },
  award: {
    id: 'award',
    label: { 'zh-Hant': '少年兒童發明獎', 'zh-Hans': '少年儿童发明奖', en: 'Youth invention award' },
    overviewQuery: '香港学生参加广东省少年儿童发明奖',
  },
  seminar: {
    id: 'seminar',
    label: { 'zh-Hant': '研討會', 'zh-Hans': '研讨会', en: 'Seminars' },
    overviewQuery: '粤港知识产权与中小企业发展研讨会',
  },
};
