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

// A computed specifier keeps this file compiling while `load-engine.ts` is being written in parallel;
// the runtime import below is the one the evaluation measures.
const LOAD_ENGINE_MODULE = '../../src/core/load-engine.js';

export async function loadEngine(dir: string = DEFAULT_KNOWLEDGE_DIR): Promise<LoadedEngine> {
  let mod: { loadAnswerEngine?: unknown };
  try {
    mod = (await import(LOAD_ENGINE_MODULE)) as { loadAnswerEngine?: unknown };
  } catch (error) {
    throw new Error(`cannot import src/core/load-engine.ts: ${(error as Error).message}`);
  }
  if (typeof mod.loadAnswerEngine !== 'function') {
    throw new Error('src/core/load-engine.ts does not export loadAnswerEngine(dir)');
  }
  const loaded = (mod.loadAnswerEngine as (dir: string) => LoadedEngine)(dir);
  if (typeof loaded?.engine?.ask !== 'function') throw new Error(`loadAnswerEngine(${dir}) returned no engine`);
  return loaded;
}

/** Asks every question once, in order, and scores the answers. */
export function askAll(engine: AnswerEngine, questions: readonly EvalQuestion[]): QuestionScore[] {
  return questions.map((question) => scoreQuestion(question, engine.ask(question.q)));
}
