/** The contract of the answer engine (implemented in `answer.ts`); everything else calls only this. */
import type { Block } from './reply.js';
import type { Lang, TopicId } from './types.js';

export interface AnswerSource {
  docId: string;
  sectionId: string;
  /** Document title, in the reply language's script. */
  title: string;
  /** Heading path joined with ' › ', in the reply language's script. */
  section: string;
  /** Document date as shown to a person (e.g. `2015-09-09`). */
  date: string;
  /** The passage as the user sees it (reply script). */
  text: string;
  score: number;
}

export type AnswerKind = 'answer' | 'greeting' | 'thanks' | 'help' | 'out-of-scope' | 'empty';

export interface Answer {
  query: string;
  answered: boolean;
  /** Plain-text answer for a person (what `ipbot ask` prints). */
  answer: string;
  lang: Lang;
  /** Best first, at most 5. Empty when not answered. */
  sources: AnswerSource[];
  kind: AnswerKind;
  /** The same answer as neutral blocks, for channels to render. */
  blocks: Block[];
  /** Later developments (ids in `updates.yaml`) the quoted passage predates: "What changed since?". */
  changes?: string[];
}

export interface AskOptions {
  /** Force the reply language; by default it follows the question's own script. */
  lang?: Lang;
}

export interface AnswerEngine {
  ask(question: string, options?: AskOptions): Answer;
  /** A short overview of a topic drawn from the documents, with sources. */
  overview(topic: TopicId, lang: Lang): Answer;
}
