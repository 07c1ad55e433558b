/**
 * Opening the answer engine with as little work as the saved index allows: on a match (engine-cache.ts) nothing
 * is parsed and the YAML and schema libraries are never imported; otherwise the knowledge directory is loaded and
 * indexed (load-engine.ts) and the result saved for the next process.
 */
import { createAnswerEngine, type AnswerEngineOptions, type ExplainingAnswerEngine } from '../core/answer/engine.js';
import type { Contact } from '../core/contacts.js';
import type { KnowledgeBase, KnowledgeWarning } from '../core/knowledge/types.js';
import { SectionIndex, type SearchOptions } from '../core/search.js';
import { rememberTraditional } from '../core/text/script.js';
import { useSortedDictionary } from '../core/text/jieba.js';
import type { SortedTable } from '../core/text/sorted-table.js';
import { useSortedGeneralIdf } from '../core/text/tokenize.js';
import { engineWithUpdates, type KnowledgeUpdate } from '../core/updates.js';
import { discardEngineTable, glossaryOf, knowledgeKey, openEngineTable, readEngineSnapshot, type EngineTable } from './engine-cache.js';
import { statSync } from 'node:fs';
import { isEnglishWord, useSortedEnglishWords } from './english-words.js';

export interface LoadEngineOptions extends AnswerEngineOptions, SearchOptions {
  /**
   * Where to keep the built engine between processes (see engine-cache.ts), e.g. `engineCacheDir(env)`.
   * Without it, every load reads and indexes the knowledge directory.
   */
  cacheDir?: string;
}

export interface LoadedEngine {
  engine: ExplainingAnswerEngine;
  kb: KnowledgeBase;
  /** Later-development notes, for the full note behind "What changed since?". */
  updates: KnowledgeUpdate[];
  warnings: KnowledgeWarning[];
  /** The sourced contacts (`contacts.yaml`) that declines and procedural answers point to, and their file's warnings. */
  contacts: Contact[];
  contactWarnings: KnowledgeWarning[];
  /** Whether the engine came from a saved index (`cacheDir` given and its key matched). */
  fromCache: boolean;
}

/**
 * The engine saved for exactly this directory's files and this engine, if any, and the key it is (or would be)
 * saved under. A custom tokenizer or heading weight is an experiment: it neither reads nor writes the saved engine.
 */
export function savedEngine(dir: string, options: LoadEngineOptions): { key?: string; loaded?: LoadedEngine } {
  const { cacheDir } = options;
  if (cacheDir === undefined || options.tokenizer !== undefined || options.headingBoost !== undefined || !isDirectory(dir)) return {};
  const key = knowledgeKey(dir);
  const saved = readEngineSnapshot(cacheDir, key);
  const index = saved && useEngineTables(cacheDir) ? SectionIndex.fromSnapshot(saved.kb, saved.index) : undefined;
  if (!saved || !index) return { key };
  rememberTraditional(saved.traditional);
  const engine = engineWithUpdates(createAnswerEngine(index, glossaryOf(saved), { isEnglishWord, ...options }), saved.updates);
  const loaded: LoadedEngine = {
    engine,
    kb: saved.kb,
    updates: saved.updates,
    warnings: [...saved.kb.warnings, ...saved.warnings],
    contacts: saved.contacts.contacts,
    contactWarnings: saved.contacts.warnings,
    fromCache: true,
  };
  return { key, loaded };
}

/** The engine from the saved index when it matches, else loaded and indexed (and saved). */
export async function openAnswerEngine(dir: string, options: LoadEngineOptions = {}): Promise<LoadedEngine> {
  const { loaded } = savedEngine(dir, options);
  if (loaded) return loaded;
  const { loadAnswerEngine } = await import('./load-engine.js');
  return loadAnswerEngine(dir, options);
}

/**
 * Looks jieba's words and general idf, and English words, up in their sorted copies from now on. A copy that does
 * not read as one is deleted, and false returned: the engine is then rebuilt, which writes it again.
 */
function useEngineTables(cacheDir: string): boolean {
  const uses = { generalIdf: useSortedGeneralIdf, dictionary: useSortedDictionary, englishWords: useSortedEnglishWords } satisfies Record<
    EngineTable,
    (table: SortedTable) => boolean
  >;
  let usable = true;
  for (const [table, use] of Object.entries(uses) as Array<[EngineTable, (table: SortedTable) => boolean]>) {
    const opened = openEngineTable(cacheDir, table);
    if (opened && use(opened)) continue;
    discardEngineTable(cacheDir, table);
    usable = false;
  }
  return usable;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
