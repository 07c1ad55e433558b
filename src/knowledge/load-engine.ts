/** Builds the answer engine from a knowledge directory: documents and catalogue, glossary and updates. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnswerEngine, type AnswerEngineOptions, type ExplainingAnswerEngine } from '../core/answer/engine.js';
import type { KnowledgeBase, KnowledgeWarning } from '../core/knowledge/types.js';
import { SectionIndex, type SearchOptions } from '../core/search.js';
import { EMPTY_GLOSSARY, parseGlossary, type Glossary } from '../core/text/fold.js';
import { engineWithUpdates, parseUpdates, UPDATES_FILE, type KnowledgeUpdate } from '../core/updates.js';
import { loadKnowledge } from './load.js';

export const GLOSSARY_FILE = 'glossary.yaml';

/** Reads `glossary.yaml` from a knowledge directory; problems become warnings (file:line), never throws. */
export function loadGlossary(dir: string): { glossary: Glossary; warnings: KnowledgeWarning[] } {
  const path = join(dir, GLOSSARY_FILE);
  if (!existsSync(path)) {
    return {
      glossary: EMPTY_GLOSSARY,
      warnings: [{ file: GLOSSARY_FILE, message: 'glossary not found: English and Cantonese questions will match poorly' }],
    };
  }
  try {
    return parseGlossary(readFileSync(path, 'utf8'), GLOSSARY_FILE);
  } catch (error) {
    return { glossary: EMPTY_GLOSSARY, warnings: [{ file: GLOSSARY_FILE, message: `cannot read glossary: ${(error as Error).message}` }] };
  }
}

export type LoadEngineOptions = AnswerEngineOptions & SearchOptions;

/**
 * Loads knowledge, glossary and later-development notes (`updates.yaml`, optional) and builds the engine
 * (search index included). Throws only when the directory itself is missing (KnowledgeDirectoryError).
 */
export function loadAnswerEngine(
  dir: string,
  options: LoadEngineOptions = {},
): { engine: ExplainingAnswerEngine; kb: KnowledgeBase; updates: KnowledgeUpdate[]; warnings: KnowledgeWarning[] } {
  const kb = loadKnowledge(dir);
  const { glossary, warnings: glossaryWarnings } = loadGlossary(dir);
  const updatesPath = join(dir, UPDATES_FILE);
  const { updates, warnings: updateWarnings } = existsSync(updatesPath)
    ? parseUpdates(readFileSync(updatesPath, 'utf8'), UPDATES_FILE)
    : { updates: [], warnings: [] };
  const index = new SectionIndex(kb, options);
  const engine = engineWithUpdates(createAnswerEngine(index, glossary, options), updates);
  return { engine, kb, updates, warnings: [...kb.warnings, ...glossaryWarnings, ...updateWarnings] };
}
