/** Builds the answer engine from a knowledge directory: documents and catalogue, glossary and updates. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnswerEngine } from '../core/answer/engine.js';
import type { KnowledgeBase, KnowledgeWarning } from '../core/knowledge/types.js';
import { SectionIndex } from '../core/search.js';
import { EMPTY_GLOSSARY, type Glossary } from '../core/text/fold.js';
import { parseGlossary } from '../core/text/glossary-file.js';
import { parseUpdates, UPDATES_FILE } from '../core/updates-file.js';
import { engineWithUpdates } from '../core/updates.js';
import { readContactsFile } from './contacts-file.js';
import { writeEngineSnapshot } from './engine-cache.js';
import { homophoneTable } from './homophone-table.js';
import { savedEngine, type LoadedEngine, type LoadEngineOptions } from './open-engine.js';
import { loadKnowledge } from './load.js';
import { isEnglishWord } from './english-words.js';

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

export type { LoadedEngine, LoadEngineOptions };

/**
 * Loads knowledge, glossary, later-development notes (`updates.yaml`) and contacts (`contacts.yaml`), both optional, and builds the engine
 * (search index included), or takes it from `cacheDir` when saved there for exactly these files and this engine
 * (and saves it there otherwise). Throws only when the directory itself is missing (KnowledgeDirectoryError).
 */
export function loadAnswerEngine(dir: string, options: LoadEngineOptions = {}): LoadedEngine {
  const { key, loaded } = savedEngine(dir, options);
  if (loaded) return loaded;

  const kb = loadKnowledge(dir);
  const { glossary, warnings: glossaryWarnings } = loadGlossary(dir);
  const updatesPath = join(dir, UPDATES_FILE);
  const { updates, warnings: updateWarnings } = existsSync(updatesPath)
    ? parseUpdates(readFileSync(updatesPath, 'utf8'), UPDATES_FILE)
    : { updates: [], warnings: [] };
  const index = new SectionIndex(kb, { ...options, homophones: homophoneTable });
  const warnings = [...glossaryWarnings, ...updateWarnings];
  const contacts = readContactsFile(dir);
  if (key && options.cacheDir !== undefined) writeEngineSnapshot(options.cacheDir, key, { kb, glossary, updates, warnings, index, contacts });
  const engine = engineWithUpdates(createAnswerEngine(index, glossary, { isEnglishWord, ...options }), updates);
  return { engine, kb, updates, warnings: [...kb.warnings, ...warnings], contacts: contacts.contacts, contactWarnings: contacts.warnings, fromCache: false };
}
