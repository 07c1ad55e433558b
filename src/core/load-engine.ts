/** Builds the answer engine from a knowledge directory: documents and catalogue, plus `glossary.yaml`. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnswerEngine, type AnswerEngineOptions, type ExplainingAnswerEngine } from './answer.js';
import { loadKnowledge } from './knowledge/load.js';
import type { KnowledgeBase, KnowledgeWarning } from './knowledge/types.js';
import { EMPTY_GLOSSARY, parseGlossary, type Glossary } from './text/fold.js';
import { engineWithUpdates, parseUpdates, UPDATES_FILE, type KnowledgeUpdate } from './updates.js';

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

/**
 * Loads knowledge, glossary and later-development notes (`updates.yaml`, optional) and builds the engine
 * (search index included). Throws only when the directory itself is missing (KnowledgeDirectoryError).
 */
export function loadAnswerEngine(
  dir: string,
  options: AnswerEngineOptions = {},
): { engine: ExplainingAnswerEngine; kb: KnowledgeBase; updates: KnowledgeUpdate[]; warnings: KnowledgeWarning[] } {
  const kb = loadKnowledge(dir);
  const { glossary, warnings: glossaryWarnings } = loadGlossary(dir);
  const updatesPath = join(dir, UPDATES_FILE);
  const { updates, warnings: updateWarnings } = existsSync(updatesPath)
    ? parseUpdates(readFileSync(updatesPath, 'utf8'), UPDATES_FILE)
    : { updates: [], warnings: [] };
  const engine = engineWithUpdates(createAnswerEngine(kb, glossary, options), updates);
  return { engine, kb, updates, warnings: [...kb.warnings, ...glossaryWarnings, ...updateWarnings] };
}
