/**
 * Later developments the documents predate (`knowledge/updates.yaml`): dated, sourced notes that
 * an answer carries when its quoted passage mentions a trigger term — so a 2017 passage about the
 * 专利代理人 exam is not left to stand alone after the 2019 rename.
 */
import type { Answer, AnswerEngine } from './engine.js';
import { renderPlain, type Block } from './reply.js';
import { toScript, toSimplified } from './text/script.js';
import type { Lang } from './types.js';

export interface KnowledgeUpdate {
  id: string;
  written: string;
  /** One text, or one per reply language. */
  source: string | Record<Lang, string>;
  /** Simplified Chinese terms. */
  triggers: string[];
  note: Record<Lang, string>;
}

const WRITTEN: Record<Lang, (date: string, source: string) => string> = {
  'zh-Hant': (date, source) => `（後續發展，${date}整理；資料來源：${source}）`,
  'zh-Hans': (date, source) => `（后续发展，${date}整理；资料来源：${source}）`,
  en: (date, source) => `(Later development, noted ${date}; source: ${source})`,
};

/** The source line as written for a reply language, on one line (before conversion to the reply's script). */
export function sourceLine(lang: Lang, source: KnowledgeUpdate['source']): string {
  return (typeof source === 'string' ? source : source[lang]).replace(/\s+/g, ' ').trim();
}

/** The source line in the reply's script (its Chinese titles too), on one line. */
function sourceIn(lang: Lang, source: KnowledgeUpdate['source']): string {
  const line = sourceLine(lang, source);
  return lang === 'en' ? line : toScript(line, lang);
}

const SINCE: Record<Lang, string> = { 'zh-Hant': '其後：', 'zh-Hans': '其后：', en: 'Later: ' };

/** The first sentence of a note: the full note, with its source, is one tap away ("What changed since?"). */
function gist(note: string, lang: Lang): string {
  const m = lang === 'en' ? /^.*?[.!?](?=\s|$)/.exec(note) : /^.*?[。！？]/.exec(note);
  const sentence = m ? m[0] : note;
  const max = GIST_CHARS[lang];
  if (sentence.length <= max) return sentence;
  // A long sentence: its first clause, marked as cut.
  const clause = lang === 'en' ? /^.{20,}?[;,](?=\s)/.exec(sentence) : /^.{12,}?[；，]/.exec(sentence);
  return clause && clause[0].length <= max ? `${clause[0].slice(0, -1)}…` : `${sentence.slice(0, max)}…`;
}

/** English needs about three times the characters of Chinese to say as much. */
const GIST_CHARS: Record<Lang, number> = { 'zh-Hant': 60, 'zh-Hans': 60, en: 200 };

/**
 * The answer with what changed since its passage: the gist of each update it triggers joins the answer's
 * one ⚠ line, and `changes` names the updates so a channel can offer their full notes.
 */
export function withUpdates(answer: Answer, updates: readonly KnowledgeUpdate[]): Answer {
  const best = answer.sources[0];
  if (!answer.answered || !best || updates.length === 0) return answer;
  const passage = toSimplified(best.text);
  const triggered = updates.filter((u) => u.triggers.some((t) => passage.includes(t)));
  if (triggered.length === 0) return answer;
  const since = SINCE[answer.lang] + triggered.map((u) => gist(u.note[answer.lang], answer.lang)).join(answer.lang === 'en' ? ' ' : '');
  const at = answer.blocks.findIndex((b) => b.type === 'note');
  const blocks: Block[] =
    at < 0
      ? [...answer.blocks, { type: 'note', text: since }]
      : answer.blocks.map((b, i) => (i === at ? { type: 'note', text: `${b.text}${answer.lang === 'en' ? ' ' : ''}${since}` } : b));
  return { ...answer, blocks, answer: renderPlain(blocks), changes: triggered.map((u) => u.id) };
}

/** A later development in full, with when it was noted and its source (behind "What changed since?"). */
export function updateBlocks(update: KnowledgeUpdate, lang: Lang): Block[] {
  return [
    { type: 'text', text: update.note[lang] },
    { type: 'source', text: WRITTEN[lang](update.written, sourceIn(lang, update.source)).replace(/^[（(]|[）)]$/g, '') },
  ];
}

/** Wraps an engine so that every answer and overview carries the updates it triggers. */
export function engineWithUpdates<E extends AnswerEngine>(engine: E, updates: readonly KnowledgeUpdate[]): E {
  if (updates.length === 0) return engine;
  return {
    ...engine,
    ask: (question, options) => withUpdates(engine.ask(question, options), updates),
    overview: (topic, lang) => withUpdates(engine.overview(topic, lang), updates),
  };
}
