/** Loading the real answer engine from a knowledge directory, once, for the evaluation. */
import { fileURLToPath } from 'node:url';
import type { AnswerEngine } from '../../src/core/engine.js';
import type { KnowledgeBase, KnowledgeWarning } from '../../src/core/knowledge/types.js';
import { scoreQuestion, type EvalQuestion, type QuestionScore } from './metrics.js';

export interface LoadedEngine {
  engine: AnswerEngine;
  kb: KnowledgeBase;
  warnings: KnowledgeWarning[];
}

export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge', import.meta.url));

/** Imports the engine lazily so a broken engine fails the engine tests, not the metrics tests beside them. */
export async function loadEngine(dir: string = DEFAULT_KNOWLEDGE_DIR): Promise<LoadedEngine> {
  let loadAnswerEngine: (dir: string) => LoadedEngine;
  try {
    ({ loadAnswerEngine } = await import('../../src/knowledge/load-engine.js'));
  } catch (error) {
    throw new Error(`cannot import src/knowledge/load-engine.ts: ${(error as Error).message}`);
  }
  const loaded = loadAnswerEngine(dir);
  if (typeof loaded?.engine?.ask !== 'function') throw new Error(`loadAnswerEngine(${dir}) returned no engine`);
  return loaded;
}

/** Asks every question once, in order, and scores the answers. */
export function askAll(engine: AnswerEngine, questions: readonly EvalQuestion[]): QuestionScore[] {
  return questions.map((question) => scoreQuestion(question, engine.ask(question.q)));
}
