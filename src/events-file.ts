/**
 * Reads `EVENTS_FILE` and keeps it current: fs.watch on its directory (editors replace files by
 * rename, which a watch on the file itself would miss), debounced; an edit that breaks the file keeps
 * the previous good set and logs why.
 */
import { existsSync, readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { applyEventsEdit, formatEventIssue, parseEvents, type ParsedEvents } from './core/events.js';
import type { DomainLog, EventRecord } from './core/ports.js';
import { silentLog } from './core/ports.js';

/** Parses the file; a missing file is an empty list (no events is a valid state). */
export function readEventsFile(file: string): ParsedEvents {
  if (!existsSync(file)) return { events: [], issues: [], fatal: false };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { events: [], fatal: true, issues: [{ file, entry: 0, message: `cannot read: ${(e as Error).message}` }] };
  }
  return parseEvents(text, file);
}

/** What operators read when EVENTS_FILE names no file. */
export function missingEventsFileMessage(file: string): string {
  return `${file}: no such file, so there are no scheduled events or reminders (check EVENTS_FILE)`;
}

/** What operators read when the events file holds no event at all (an unsaved edit, a wrong file?). */
export function emptyEventsFileMessage(file: string): string {
  return `${file}: the file holds no events, so no reminders will be sent (is this the right file?)`;
}

/** True when the file exists and parsed cleanly into nothing. */
export function isEmptyEventsFile(file: string, parsed: ParsedEvents): boolean {
  return existsSync(file) && parsed.events.length === 0 && parsed.issues.length === 0;
}

export interface EventsFile {
  /** The current good set. */
  current(): EventRecord[];
  /** Re-reads the file now (the watcher calls this). */
  reload(): void;
  /** Starts watching for edits. */
  watch(): void;
  close(): void;
}

export function openEventsFile(file: string, options: { log?: DomainLog; debounceMs?: number } = {}): EventsFile {
  const log = options.log ?? silentLog;
  const debounceMs = options.debounceMs ?? 300;
  let events: EventRecord[] = [];
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;

  let missingReported = false;
  const reload = () => {
    // A typo in EVENTS_FILE would otherwise mean no reminders and not a word about it.
    const missing = !existsSync(file);
    if (missing && !missingReported) log('warn', 'events.missing', { file, error: missingEventsFileMessage(file) });
    missingReported = missing;
    const parsed = readEventsFile(file);
    if (isEmptyEventsFile(file, parsed)) log('warn', 'events.empty', { file, error: emptyEventsFileMessage(file) });
    for (const issue of parsed.issues) {
      log('error', 'events.invalid', { file, entry: issue.entry, id: issue.id, line: issue.line, error: formatEventIssue(issue) });
    }
    const next = applyEventsEdit(events, parsed);
    if (parsed.fatal) log('error', 'events.kept_previous', { file, events: next.length });
    else log('info', 'events.loaded', { file, events: next.length, rejected: parsed.issues.length });
    events = next;
  };
  reload();

  return {
    current: () => events,
    reload,
    watch() {
      if (watcher) return;
      const name = basename(file);
      try {
        watcher = watch(dirname(file), { persistent: false }, (_type, changed) => {
          if (changed && changed.toString() !== name) return;
          clearTimeout(timer);
          timer = setTimeout(reload, debounceMs);
          timer.unref();
        });
        watcher.on('error', (e) => log('warn', 'events.watch_failed', { file, error: e.message }));
      } catch (e) {
        log('warn', 'events.watch_failed', { file, error: (e as Error).message });
      }
    },
    close() {
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
    },
  };
}
