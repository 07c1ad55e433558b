/**
 * Follow-ups in context. People do not repeat themselves: after an answer on famous trademarks they
 * ask 邊個部門負責？, 咁而家仲可唔可以申請？, "what about the fee?" or 再講多啲. A follow-up is recognised by
 * the shape of ellipsis, not by a list of sentences:
 * - a continuation marker (咁, 那, "and", "what about") or a closing 呢 on a short question;
 * - or a short question that, once its interrogatives and generic frame words (部門, 負責, 城市, fee,
 *   place…) are set aside, names nothing of its own.
 * It is then read together with the previous question: its subject with the new frame, or, when the
 * follow-up names a new subject ("那海外维权呢？"), the new subject with the previous frame.
 */
import type { ConversationContext } from './ports.js';
import { toSimplified } from './text/script.js';

/** How long a chat's last question stays the context of the next one. */
export const CONTEXT_TTL_MS = 30 * 60_000;

/** A short question: what a follow-up looks like (longer ones restate themselves). */
const SHORT_HAN = 14;
const SHORT_WORDS = 7;

const LEADING_MARKER = /^(?:咁|噉|那么|那麼|那|然后|然後|还有|還有|仲有|另外|and|so|then|what about|how about|and what about)(?![a-z])[\s,，、]*/i;
const TRAILING_MARKER = /(?:呢|嘞|啊|呀)?[\s?？!！。.]*$/;
const CLOSING_NE = /呢[\s?？!！。.]*$/;

/**
 * Interrogatives, particles and frame words: what a question asks, not what it is about (Simplified,
 * lowercase). Longest first, so 什么时候 goes before 什么.
 */
const FRAME = [
  // interrogatives
  '什么时候', '甚么时候', '几时', '何时', '幾時', '哪一年', '哪年', '几多钱', '多少钱', '几钱', '几多', '多少', '几个', '多久',
  '边个', '边度', '边间', '边一个', '边', '哪个', '哪些', '哪里', '哪儿', '哪', '谁', '什么', '甚么', '咩', '点样', '怎样', '怎么样', '怎么', '如何', '为什么', '点解',
  '有冇', '有没有', '可唔可以', '可不可以', '能不能', '能否', '是否', '系咪', '是不是', '会唔会', '会不会', '还可以', '仲可以',
  // generic frame nouns and verbs: they fit any subject
  '政府部门', '部门', '机构', '单位', '机关', '当局', '负责', '主管', '管理', '处理', '跟进',
  '城市', '地方', '地点', '地区', '在', '喺', '举办', '举行', '推广', '开展', '进行', '实施',
  '时间', '日期', '年份', '截止', '报名', '申请', '登记', '参加', '办理',
  '收费', '费用', '价钱', '钱', '费',
  '电话', '热线', '网址', '网站', '网页', '联络', '联系', '查询', '问', '打',
  '现在', '而家', '今年', '明年', '目前', '仲', '还', '再', '又', '都', '也', '要', '会', '可以', '能', '呢', '吗', '嚟', '呀', '啊', '啦', '嘅', '的', '了', '咗', '系', '是', '有', '去', '做', '啲',
];
const FRAME_EN =
  /\b(who|whom|which|what|when|where|how|much|many|long|is|are|was|were|do|does|did|can|could|will|would|the|a|an|it|its|they|them|that|this|then|there|about|and|so|for|of|to|in|on|at|by|department|body|bodies|agency|office|responsible|handles?|runs?|charge|fee|fees|cost|costs|price|date|dates|time|year|place|city|cities|held|apply|register|registration|deadline|now|still|again|more|else|also)\b/gi;

const INTERROGATIVE = new RegExp(FRAME.slice(0, FRAME.indexOf('政府部门')).join('|'));
const INTERROGATIVE_EN = /\b(who|which|what|when|where|how( many| much| long)?)\b/i;

function hanCount(text: string): number {
  return (text.match(/\p{Script=Han}/gu) ?? []).length;
}

function englishWords(text: string): string[] {
  return text.match(/[A-Za-z][A-Za-z'-]*/g) ?? [];
}

export function isShort(text: string): boolean {
  return hanCount(text) <= SHORT_HAN && englishWords(text).length <= SHORT_WORDS;
}

/** What is left of a question once its frame is set aside: its own subject (Simplified). */
export function subjectOf(question: string): string {
  let s = toSimplified(question).toLowerCase().replace(LEADING_MARKER, '');
  for (const word of FRAME) s = s.split(word).join(' ');
  return s
    .replace(FRAME_EN, ' ')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The asking part of a question: its interrogatives and frame words (Simplified), in order. */
function frameOf(question: string): string {
  const s = toSimplified(question).toLowerCase();
  const han = FRAME.filter((w) => w.length > 1 && s.includes(w))
    .sort((a, b) => s.indexOf(a) - s.indexOf(b))
    .filter((w, i, all) => !all.some((o, j) => j !== i && o.length > w.length && o.includes(w)));
  const en = (s.match(INTERROGATIVE_EN) ?? []).slice(0, 1);
  return [...en, ...han].join(' ');
}

function namesSomething(subject: string): boolean {
  return hanCount(subject) >= 2 || englishWords(subject).some((w) => w.length > 2);
}

export type FollowUp =
  /** "Tell me more": the next sentences of the section last quoted. */
  | { kind: 'more' }
  /** A question to answer in place of what was typed. */
  | { kind: 'read-as'; question: string };

const MORE =
  /^(?:please\s+)?(?:tell me more|more|more details?|go on|continue|keep going|and then|再讲多啲|再讲多d|再讲多点|再讲|讲多啲|讲多d|详细啲|详细d|详细些|详细点|详细一点|详细一些|多啲|多一点|再多一点|继续|然后呢|仲有呢|还有呢|仲有咩|还有什么|还有吗)(?:[\s,，]*please)?[\s?？!！。.~～啦吖]*$/i;

/** Whether the text asks to go on with the previous answer. */
export function asksForMore(text: string): boolean {
  return MORE.test(toSimplified(text.trim()).toLowerCase());
}

/**
 * How to read `text` given the chat's context: undefined when it stands on its own (or there is no
 * live context), else the question it makes together with the previous one.
 */
export function readFollowUp(text: string, context: ConversationContext | undefined, now: Date): FollowUp | undefined {
  if (asksForMore(text)) return { kind: 'more' };
  if (!context || !isLive(context, now)) return undefined;
  const trimmed = text.trim();
  if (!trimmed || !isShort(trimmed)) return undefined;
  const simplified = toSimplified(trimmed).toLowerCase();
  const marked = LEADING_MARKER.test(simplified) || CLOSING_NE.test(simplified);
  const asks = marked || INTERROGATIVE.test(simplified) || INTERROGATIVE_EN.test(simplified) || /[?？]/.test(simplified);
  if (!asks) return undefined;
  const subject = subjectOf(trimmed);
  const previousSubject = subjectOf(context.question);
  if (!namesSomething(subject)) {
    // Only a frame (邊個部門負責？, "where then?"): the previous subject, asked this way.
    if (!previousSubject) return undefined;
    return { kind: 'read-as', question: `${previousSubject} ${simplified.replace(LEADING_MARKER, '').replace(TRAILING_MARKER, '')}`.trim() };
  }
  if (!marked) return undefined;
  // A new subject in the old frame (那海外维权呢？ after 粤港合作有哪些重点工作？).
  const frame = frameOf(context.question);
  return { kind: 'read-as', question: `${subject} ${frame || previousSubject}`.trim() };
}

export function isLive(context: ConversationContext, now: Date): boolean {
  const age = now.getTime() - new Date(context.at).getTime();
  return age >= 0 && age <= CONTEXT_TTL_MS;
}
