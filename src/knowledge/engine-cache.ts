/**
 * The built engine's data saved between processes: the parsed knowledge, the glossary, the updates, the contacts,
 * the search index and the Traditional forms of the corpus's texts, in one file (`v8.serialize`, which reads the
 * index's Maps back as they are) keyed by a hash of every file of the knowledge directory and of the engine's own
 * code. A process whose key matches loads it instead of reading, tokenizing and converting the corpus (most of
 * `ipbot ask`'s cold start); any change to a document, the glossary or the engine makes a new key, so an old index
 * is never served for new documents. A file that cannot be read, parsed or written is ignored: the engine is then
 * built as before.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { splitSentences } from '../core/answer/sentences.js';
import type { Contact } from '../core/contacts.js';
import type { KnowledgeBase, KnowledgeWarning } from '../core/knowledge/types.js';
import type { SectionIndex, SectionIndexSnapshot } from '../core/search.js';
import type { Glossary } from '../core/text/fold.js';
import { traditionalOf } from '../core/text/script.js';
import { sortedDictionaryTable } from '../core/text/jieba.js';
import { SortedTable } from '../core/text/sorted-table.js';
import { sortedGeneralIdfTable } from '../core/text/tokenize.js';
import { sourceLine, type KnowledgeUpdate } from '../core/updates.js';
import { sortedEnglishWordsTable } from './english-words.js';

/** Bumped when the file's shape changes; the engine's code is hashed into the key as well. */
const FORMAT = 4;
const PREFIX = 'engine-';

export interface EngineSnapshot {
  format: number;
  key: string;
  kb: KnowledgeBase;
  glossary: { colloquial: Glossary['colloquial']; terms: Glossary['terms']; englishStopwords: string[] };
  updates: KnowledgeUpdate[];
  /** Warnings of the glossary and the updates (the knowledge base's own are in `kb`). */
  warnings: KnowledgeWarning[];
  index: SectionIndexSnapshot;
  /** [text, its Hong Kong Traditional form] for every passage, sentence, heading, title and update source. */
  traditional: Array<[string, string]>;
  /** `contacts.yaml` as read, with its warnings. */
  contacts: { contacts: Contact[]; warnings: KnowledgeWarning[] };
}

/**
 * Where the saved engine goes: `DATA_DIR/cache` when the service has a data directory (the container's volume),
 * else the user's cache directory (`XDG_CACHE_HOME/ipbot`, `~/.cache/ipbot`), else the system's temporary one.
 */
export function engineCacheDir(env: Record<string, string | undefined>): string {
  if (env.DATA_DIR) return join(env.DATA_DIR, 'cache');
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'ipbot');
  const home = env.HOME || homedir();
  return home ? join(home, '.cache', 'ipbot') : join(tmpdir(), 'ipbot-cache');
}

function filesBelow(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) out.push(path);
    }
  };
  walk(root);
  return out;
}

/**
 * The engine's code (src/core or dist/core, whichever runs), the package manifest with its dependency versions, the
 * installed MiniSearch (whose own fields the saved index holds, see minisearch-state.ts) and V8 (whose serialisation
 * format the file is in).
 */
const CORE_DIR = fileURLToPath(new URL('../core/', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));
/** One build of the installed MiniSearch (its CommonJS one resolves in every runner; both change with each release). */
const MINISEARCH = createRequire(import.meta.url).resolve('minisearch');

let engineHash: string | undefined;

function engineFingerprint(): string {
  if (engineHash === undefined) {
    const hash = createHash('sha256').update(`format ${FORMAT}\n`);
    // Source maps change nothing the engine does.
    for (const file of filesBelow(CORE_DIR).filter((f) => !f.endsWith('.map'))) hash.update(`${relative(CORE_DIR, file)}\n`).update(readFileSync(file));
    if (existsSync(PACKAGE_JSON)) hash.update(readFileSync(PACKAGE_JSON));
    hash.update(readFileSync(MINISEARCH)).update(`v8 ${process.versions.v8}\n`);
    engineHash = hash.digest('hex');
  }
  return engineHash;
}

/** The key of a knowledge directory's saved engine: every file's path and bytes, and the engine's fingerprint. */
export function knowledgeKey(dir: string): string {
  const hash = createHash('sha256').update(engineFingerprint());
  for (const file of filesBelow(dir)) hash.update(`\n${relative(dir, file)}\n`).update(readFileSync(file));
  return hash.digest('hex');
}

function baseOf(key: string): string {
  return `${PREFIX}${key.slice(0, 32)}`;
}

function fileOf(cacheDir: string, key: string): string {
  return join(cacheDir, `${baseOf(key)}.v8`);
}

/**
 * Tables of the engine's own data that depend on the engine, not on the knowledge, so are written once per engine
 * version and kept across knowledge changes: jieba's general idf table and its dictionary, and the English word
 * list (english-words.ts), as sorted tables
 * (sorted-table.ts), which a later process reads block by block as it looks words up instead of loading them whole.
 */
const ENGINE_TABLES = {
  generalIdf: { prefix: 'general-idf-', make: sortedGeneralIdfTable },
  dictionary: { prefix: 'jieba-dictionary-', make: sortedDictionaryTable },
  englishWords: { prefix: 'english-words-', make: sortedEnglishWordsTable },
} as const;

export type EngineTable = keyof typeof ENGINE_TABLES;

function tableFile(cacheDir: string, table: EngineTable): string {
  return join(cacheDir, `${ENGINE_TABLES[table].prefix}${engineFingerprint().slice(0, 32)}.txt`);
}

/** Tables opened by this process, by file: each file is opened once (its descriptor stays open while in use). */
const openTables = new Map<string, SortedTable>();

/** A saved table, read block by block from its file as looked up; undefined when missing or not a table. */
export function openEngineTable(cacheDir: string, table: EngineTable): SortedTable | undefined {
  const path = tableFile(cacheDir, table);
  const known = openTables.get(path);
  if (known) return known;
  try {
    const fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const opened = SortedTable.open({
      size,
      read: (offset, length) => {
        const bytes = Buffer.allocUnsafe(length);
        return bytes.subarray(0, readSync(fd, bytes, 0, length, offset));
      },
    });
    // The descriptor stays open while the table is in use (the process's lifetime); a rebuild renames a new file in,
    // with the same contents (a table depends only on the engine version in its name).
    if (opened) openTables.set(path, opened);
    else closeSync(fd);
    return opened;
  } catch {
    return undefined;
  }
}

export function discardEngineTable(cacheDir: string, table: EngineTable): void {
  try {
    openTables.delete(tableFile(cacheDir, table));
    unlinkSync(tableFile(cacheDir, table));
  } catch {
    // Already gone, or the directory is read-only: the engine is then built at every start, as without a cache.
  }
}

/** The saved engine for `key`, or undefined when there is none or it cannot be read as one. */
export function readEngineSnapshot(cacheDir: string, key: string): EngineSnapshot | undefined {
  try {
    const file = fileOf(cacheDir, key);
    if (!existsSync(file)) return undefined;
    const snapshot = deserialize(readFileSync(file)) as Partial<EngineSnapshot> | null;
    if (snapshot === null || typeof snapshot !== 'object') return undefined;
    const complete =
      snapshot.format === FORMAT &&
      snapshot.key === key &&
      Array.isArray(snapshot.kb?.sections) &&
      Array.isArray(snapshot.kb?.documents) &&
      Array.isArray(snapshot.glossary?.terms) &&
      Array.isArray(snapshot.updates) &&
      Array.isArray(snapshot.index?.entries) &&
      snapshot.index?.termDf instanceof Map &&
      snapshot.index?.charDf instanceof Map &&
      Array.isArray(snapshot.traditional) &&
      Array.isArray(snapshot.contacts?.contacts) &&
      Array.isArray(snapshot.contacts?.warnings);
    return complete ? (snapshot as EngineSnapshot) : undefined;
  } catch {
    return undefined;
  }
}

/** The texts an answer shows in Traditional, with their conversions: what a later process need not convert. */
export function traditionalTexts(kb: KnowledgeBase, updates: readonly KnowledgeUpdate[]): Array<[string, string]> {
  const texts: string[] = [];
  for (const d of kb.documents) texts.push(d.title, ...(d.shortTitle ? [d.shortTitle] : []));
  for (const s of kb.sections) texts.push(s.text, s.headingPath.join(' › '), ...splitSentences(s.text));
  for (const u of updates) texts.push(sourceLine('zh-Hant', u.source));
  return traditionalOf(texts);
}

/**
 * Saves the engine's data for `key` (written to a temporary file, then renamed, so a reader never sees half a
 * file) and removes the files of other keys. Returns false when the directory cannot be written.
 */
export function writeEngineSnapshot(
  cacheDir: string,
  key: string,
  parts: {
    kb: KnowledgeBase;
    glossary: Glossary;
    updates: KnowledgeUpdate[];
    warnings: KnowledgeWarning[];
    index: SectionIndex;
    contacts: EngineSnapshot['contacts'];
  },
): boolean {
  const index = parts.index.toSnapshot();
  if (!index) return false;
  const snapshot: EngineSnapshot = {
    format: FORMAT,
    key,
    kb: parts.kb,
    glossary: { colloquial: parts.glossary.colloquial, terms: parts.glossary.terms, englishStopwords: [...parts.glossary.englishStopwords] },
    updates: parts.updates,
    warnings: parts.warnings,
    index,
    traditional: traditionalTexts(parts.kb, parts.updates),
    contacts: parts.contacts,
  };
  const file = fileOf(cacheDir, key);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tables = new Set<string>();
    for (const table of Object.keys(ENGINE_TABLES) as EngineTable[]) {
      const path = tableFile(cacheDir, table);
      tables.add(path);
      if (existsSync(path)) continue;
      writeFileSync(temporary, ENGINE_TABLES[table].make());
      renameSync(temporary, path);
    }
    writeFileSync(temporary, serialize(snapshot));
    renameSync(temporary, file);
    for (const name of readdirSync(cacheDir)) {
      const path = join(cacheDir, name);
      const stale =
        (name.startsWith(PREFIX) && !name.startsWith(baseOf(key))) ||
        (Object.values(ENGINE_TABLES).some(({ prefix }) => name.startsWith(prefix)) && !tables.has(path));
      if (stale && !name.endsWith('.tmp')) unlinkSync(path);
    }
    return true;
  } catch {
    try {
      if (existsSync(temporary)) unlinkSync(temporary);
    } catch {
      // Nothing more to clean up.
    }
    return false;
  }
}

export function glossaryOf(snapshot: EngineSnapshot): Glossary {
  return { colloquial: snapshot.glossary.colloquial, terms: snapshot.glossary.terms, englishStopwords: new Set(snapshot.glossary.englishStopwords) };
}
