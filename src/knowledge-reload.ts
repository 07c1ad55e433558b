/**
 * The knowledge base of a running service, kept current: a reload on SIGHUP (main.ts) or when a file
 * under KNOWLEDGE_DIR changes (debounced). A new index is built beside the one serving and replaces it
 * only when it is complete and valid: built without error, answering a probe question, with documents,
 * and with no warning the serving index did not already have (a broken document, a YAML typo). Until
 * then, and after a rejected reload, the previous index keeps answering. The switch is one reference
 * assignment, so a message is answered wholly by the old index or wholly by the new one.
 *
 * Building is synchronous (as long as one plain load: `npm run bench -- knowledge-reload`), so
 * messages and health probes arriving meanwhile wait for it; none is dropped, and /readyz stays 200.
 */
import { watch, type FSWatcher } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AnswerEngine } from './core/engine.js';
import type { KnowledgeWarning } from './core/knowledge/types.js';
import type { LoadedEngine } from './knowledge/open-engine.js';
import type { Logger } from './logging.js';

/** What one load of the directory gives the service: the engine and what the conversation reads beside it. */
export type Loaded = Pick<LoadedEngine, 'engine' | 'kb' | 'warnings' | 'updates'>;

export interface ReloadOutcome {
  switched: boolean;
  documents: number;
  sections: number;
  warnings: number;
  ms: number;
  /** Why the previous index was kept: the new warnings, or the error. */
  problems: string[];
}

export interface LiveKnowledge<L extends Loaded = Loaded> {
  /** The engine to hand to the assistant: it always asks the index that is serving now. */
  engine: AnswerEngine;
  /** The load that is serving. */
  current(): L;
  /** Builds a new index and switches to it if valid; concurrent requests are merged into one more reload. */
  reload(reason: string): Promise<ReloadOutcome>;
  /** Starts watching the knowledge directory (and its docs/). */
  watch(): void;
  close(): void;
}

export interface LiveKnowledgeOptions<L extends Loaded = Loaded> {
  logger: Logger;
  /** Quiet time after the last change before reloading (editors write in bursts). Default 500 ms. */
  debounceMs?: number;
  /** Files in the directory whose changes are someone else's business (EVENTS_FILE is watched by durable.ts). */
  ignore?: string[];
  /** Builds the index from the directory; tests pass one that fails. */
  load: (dir: string) => L;
  /** The load to serve first (e.g. from the saved index); without it, `load` is called at once. */
  initial?: L;
}

/** A question that exercises the whole engine (script detection, segmentation, search) before it serves. */
const PROBE_QUESTION = '香港知識產權署';

/** Loads the knowledge directory now (throws KnowledgeDirectoryError when it is missing) and keeps it current. */
export function openLiveKnowledge<L extends Loaded>(dir: string, options: LiveKnowledgeOptions<L>): LiveKnowledge<L> {
  const root = resolve(dir);
  const { logger } = options;
  const { load } = options;
  const debounceMs = options.debounceMs ?? 500;
  const ignored = new Set((options.ignore ?? []).map((f) => resolve(f)));

  let serving = options.initial ?? load(root);
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<ReloadOutcome> | undefined;
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const engine: AnswerEngine = {
    ask: (question, askOptions) => serving.engine.ask(question, askOptions),
    overview: (topic, lang) => serving.engine.overview(topic, lang),
  };

  async function rebuild(reason: string): Promise<ReloadOutcome> {
    // Let the caller (a signal handler, a watch callback) return before the synchronous build.
    await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    let next: L;
    try {
      next = load(root);
      next.engine.ask(PROBE_QUESTION);
    } catch (error) {
      const outcome = { switched: false, documents: 0, sections: 0, warnings: 0, ms: elapsed(started), problems: [(error as Error).message] };
      logger.error({ reason, ...outcome, dir: root }, 'knowledge reload failed; the previous index keeps serving');
      return outcome;
    }
    const known = new Set(serving.warnings.map(warningKey));
    const problems = next.warnings.filter((w) => !known.has(warningKey(w))).map(formatWarning);
    if (!next.kb.documents.length) problems.push('no document loaded');
    const outcome: ReloadOutcome = {
      switched: problems.length === 0,
      documents: next.kb.documents.length,
      sections: next.kb.sections.length,
      warnings: next.warnings.length,
      ms: elapsed(started),
      problems,
    };
    if (outcome.switched) {
      serving = next;
      logger.info({ reason, ...outcome, problems: undefined }, 'knowledge reloaded');
    } else {
      logger.error({ reason, ...outcome }, 'knowledge reload rejected; the previous index keeps serving');
    }
    return outcome;
  }

  function reload(reason: string): Promise<ReloadOutcome> {
    // One reload waiting behind the running one covers every request made meanwhile.
    if (queued) return queued;
    const run = chain.then(() => {
      queued = undefined;
      return rebuild(reason);
    });
    queued = run;
    chain = run.catch(() => undefined);
    return run;
  }

  const onChange = (directory: string) => (_event: string, name: string | Buffer | null) => {
    const file = name?.toString();
    // Only what the loader reads: YAML in the directory, texts in docs/ (not editor backups, temporary
    // files beside a target, or a database someone put under the directory).
    const relevant = directory === root ? /^[^.].*\.ya?ml$|^docs$/ : /^[^.].*\.(txt|md)$/i;
    if (closed || (file && (!relevant.test(file) || ignored.has(join(directory, file))))) return;
    if (file === 'docs' && directory === root) watchDirectory(join(root, 'docs'));
    clearTimeout(timer);
    timer = setTimeout(() => void reload(`changed: ${file ?? directory}`), debounceMs);
    timer.unref();
  };

  function watchDirectory(directory: string): void {
    watchers.get(directory)?.close();
    watchers.delete(directory);
    try {
      const watcher = watch(directory, { persistent: false }, onChange(directory));
      watcher.on('error', (error) => logger.warn({ dir: directory, err: error }, 'knowledge watch failed; reload with SIGHUP'));
      watchers.set(directory, watcher);
    } catch (error) {
      // docs/ may not exist yet: the root watcher re-arms it when it appears.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ dir: directory, err: error }, 'knowledge watch failed; reload with SIGHUP');
    }
  }

  return {
    engine,
    current: () => serving,
    reload,
    watch() {
      if (closed || watchers.size) return;
      watchDirectory(root);
      watchDirectory(join(root, 'docs'));
    },
    close() {
      closed = true;
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}

/** Line numbers shift with every edit above them; the same problem in the same file is the same warning. */
function warningKey(w: KnowledgeWarning): string {
  return `${w.file}\u0000${w.message.replace(/\b(line|lines) \d+/g, 'line')}`;
}

/** `file:line: message`, as `ipbot index` prints it. */
export function formatWarning(w: KnowledgeWarning): string {
  return `${w.line !== undefined ? `${w.file}:${w.line}` : w.file}: ${w.message}`;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
