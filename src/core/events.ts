/**
 * Scheduled events: the YAML file staff edit (`knowledge/events.yaml`), events staff add from chat,
 * and how an event reads in each language in Hong Kong time. Dates only ever come from those two
 * sources: nothing here derives or guesses one.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Block } from './reply.js';
import type { EventRecord, EventStore } from './ports.js';
import { hasHan, toSimplified, toTraditional } from './text/script.js';
import { isTopicId, LANGS, TOPIC_IDS, type Lang, type Localized, type TopicId } from './types.js';

// ---------------------------------------------------------------- offsets and time

const OFFSET = /^(\d{1,4})([mhdw])$/;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
/** ISO 8601 with an explicit offset: a bare local time would be read in the server's zone. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const HK_OFFSET_MS = 8 * 3_600_000;
const ID = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** Reminders sent when an event does not say: a week and a day before. */
export const DEFAULT_REMIND = ['7d', '1d'];

/** `7d` → milliseconds; undefined when malformed. */
export function offsetMs(offset: string): number | undefined {
  const m = OFFSET.exec(offset);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : undefined;
}

export function eventStart(event: EventRecord): Date {
  return new Date(event.start);
}

/** When the reminder `offset` before the event falls due. */
export function reminderDue(event: EventRecord, offset: string): Date {
  return new Date(eventStart(event).getTime() - (offsetMs(offset) ?? 0));
}

/** Wall-clock fields in Hong Kong (UTC+8 all year: no daylight saving since 1979). */
export function hongKongParts(d: Date): { year: number; month: number; day: number; weekday: number; hour: number; minute: number } {
  const hk = new Date(d.getTime() + HK_OFFSET_MS);
  return {
    year: hk.getUTCFullYear(),
    month: hk.getUTCMonth() + 1,
    day: hk.getUTCDate(),
    weekday: hk.getUTCDay(),
    hour: hk.getUTCHours(),
    minute: hk.getUTCMinutes(),
  };
}

/** A Hong Kong wall-clock time → the instant. */
export function fromHongKong(year: number, month: number, day: number, hour = 0, minute = 0): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute) - HK_OFFSET_MS);
}

const WEEKDAYS: Record<Lang, string[]> = {
  'zh-Hant': ['日', '一', '二', '三', '四', '五', '六'],
  'zh-Hans': ['日', '一', '二', '三', '四', '五', '六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `2027年4月10日（星期六）09:00（香港時間）` / `Sat 10 Apr 2027, 09:00 HKT`. */
export function formatHongKongTime(d: Date, lang: Lang): string {
  const p = hongKongParts(d);
  const time = `${pad(p.hour)}:${pad(p.minute)}`;
  const wd = WEEKDAYS[lang][p.weekday]!;
  if (lang === 'en') return `${wd} ${p.day} ${MONTHS[p.month - 1]} ${p.year}, ${time} HKT`;
  const zone = lang === 'zh-Hant' ? '香港時間' : '香港时间';
  return `${p.year}年${p.month}月${p.day}日（星期${wd}）${time}（${zone}）`;
}

// ---------------------------------------------------------------- languages

/** One string, or some of the three languages → all three, the missing ones converted. */
export function localize(value: string | Partial<Localized>): Localized {
  if (typeof value === 'string') {
    const s = value.trim();
    return { 'zh-Hant': toTraditional(s), 'zh-Hans': toSimplified(s), en: hasHan(s) ? toTraditional(s) : s };
  }
  const chinese = value['zh-Hant'] ?? value['zh-Hans'];
  const hant = value['zh-Hant'] ?? (chinese !== undefined ? toTraditional(chinese) : toTraditional(value.en ?? ''));
  const hans = value['zh-Hans'] ?? toSimplified(hant);
  return { 'zh-Hant': hant, 'zh-Hans': hans, en: value.en ?? hant };
}

/** A place or other free text in the reader's script (English readers see Chinese in Traditional). */
export function inScript(text: string, lang: Lang): string {
  return lang === 'zh-Hans' ? toSimplified(text) : toTraditional(text);
}

// ---------------------------------------------------------------- validation

export interface EventIssue {
  file: string;
  /** 1-based position in the list; 0 for a problem with the file as a whole. */
  entry: number;
  id?: string;
  line?: number;
  message: string;
}

export function formatEventIssue(issue: EventIssue): string {
  const where = [issue.file];
  if (issue.entry > 0) where.push(`entry ${issue.entry}${issue.id ? ` (id ${issue.id})` : ''}`);
  if (issue.line !== undefined) where.push(`line ${issue.line}`);
  return `${where.join(', ')}: ${issue.message}`;
}

export interface ParsedEvents {
  events: EventRecord[];
  issues: EventIssue[];
  /** The file could not be read as a list at all (syntax error…): nothing in it is usable. */
  fatal: boolean;
}

const FIELDS = new Set(['id', 'topic', 'title', 'details', 'start', 'place', 'url', 'remind']);

class EntryError extends Error {
  constructor(
    message: string,
    readonly node?: YamlNode | null,
  ) {
    super(message);
  }
}

function localizedField(value: unknown, field: string, required: boolean): Localized | undefined {
  if (value === undefined || value === null) {
    if (required) throw new Error(`${field} is required`);
    return undefined;
  }
  if (typeof value === 'string') {
    if (!value.trim()) throw new Error(`${field} is empty`);
    return localize(value);
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const unknown = Object.keys(obj).filter((k) => !(LANGS as readonly string[]).includes(k));
    if (unknown.length) throw new Error(`${field} has unknown language ${unknown.join(', ')} (use ${LANGS.join(', ')})`);
    const partial: Partial<Localized> = {};
    for (const lang of LANGS) {
      const v = obj[lang];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string' || !v.trim()) throw new Error(`${field}.${lang} must be a non-empty string`);
      partial[lang] = v.trim();
    }
    if (!Object.keys(partial).length) throw new Error(`${field} needs at least one of ${LANGS.join(', ')}`);
    return localize(partial);
  }
  throw new Error(`${field} must be a string or { zh-Hant, zh-Hans, en }`);
}

/**
 * Validates one event given as plain data (from YAML or from chat). Throws an Error naming the field.
 */
export function validateEvent(raw: unknown): EventRecord {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('an event must be a mapping of fields');
  const o = raw as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !FIELDS.has(k));
  if (extra.length) throw new Error(`unknown field ${extra.join(', ')}`);
  if (typeof o.id !== 'string' || !ID.test(o.id)) {
    throw new Error('id is required: lowercase letters, digits, ".", "_" or "-" (e.g. exam-2027-registration)');
  }
  if (!isTopicId(o.topic)) throw new Error(`topic must be one of ${TOPIC_IDS.join(', ')}`);
  const start = o.start instanceof Date ? undefined : o.start;
  if (typeof start !== 'string' || !ISO_WITH_OFFSET.test(start) || Number.isNaN(Date.parse(start))) {
    throw new Error('start must be an ISO 8601 time with offset, e.g. 2027-04-10T09:00:00+08:00');
  }
  const title = localizedField(o.title, 'title', true)!;
  const details = localizedField(o.details, 'details', false);
  let place: string | undefined;
  if (o.place !== undefined && o.place !== null) {
    if (typeof o.place !== 'string' || !o.place.trim()) throw new Error('place must be a non-empty string');
    place = o.place.trim();
  }
  let url: string | undefined;
  if (o.url !== undefined && o.url !== null) {
    if (typeof o.url !== 'string' || !isHttpUrl(o.url)) throw new Error('url must be an http(s) address');
    url = o.url;
  }
  let remind = DEFAULT_REMIND;
  if (o.remind !== undefined) {
    if (!Array.isArray(o.remind) || o.remind.some((r) => typeof r !== 'string' || offsetMs(r) === undefined)) {
      throw new Error('remind must be a list of offsets before start such as [7d, 1d, 2h, 30m]');
    }
    remind = [...new Set(o.remind as string[])];
  }
  return {
    id: o.id,
    topic: o.topic,
    title,
    ...(details ? { details } : {}),
    start,
    ...(place ? { place } : {}),
    ...(url ? { url } : {}),
    remind,
  };
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Parses the events file. A broken entry is reported (file, entry number, id, line) and left out;
 * the valid ones load. An empty file, or one of comments only, is an empty list.
 */
export function parseEvents(text: string, file: string): ParsedEvents {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    return { events: [], fatal: true, issues: [{ file, entry: 0, line: lineOf(e.pos[0]), message: `YAML syntax: ${e.message.split('\n')[0]}` }] };
  }
  const root = doc.contents;
  if (root === null || root === undefined) return { events: [], issues: [], fatal: false };
  if (!isSeq(root)) {
    return { events: [], fatal: true, issues: [{ file, entry: 0, line: lineOf(root.range?.[0]), message: 'the file must be a list of events (each item starting with "- id:")' }] };
  }
  const events: EventRecord[] = [];
  const issues: EventIssue[] = [];
  const seen = new Map<string, number>();
  root.items.forEach((item, i) => {
    const node = item as YamlNode;
    const entry = i + 1;
    const map = isMap(node) ? (node as YAMLMap) : undefined;
    const rawId = map?.get('id');
    const id = typeof rawId === 'string' ? rawId : undefined;
    try {
      const data = (node as { toJSON(): unknown }).toJSON();
      let event: EventRecord;
      try {
        event = validateEvent(data);
      } catch (e) {
        const field = /^(\w+)/.exec((e as Error).message)?.[1];
        const fieldNode = field && map ? (map.get(field, true) as YamlNode | undefined) : undefined;
        throw new EntryError((e as Error).message, fieldNode ?? node);
      }
      const first = seen.get(event.id);
      if (first !== undefined) throw new EntryError(`duplicate id (first used by entry ${first})`, map?.get('id', true) as YamlNode);
      seen.set(event.id, entry);
      events.push(event);
    } catch (e) {
      const at = e instanceof EntryError ? (e.node ?? node) : node;
      issues.push({ file, entry, ...(id ? { id } : {}), line: lineOf(at?.range?.[0] ?? node?.range?.[0]), message: (e as Error).message });
    }
  });
  return { events, issues, fatal: false };
}

/**
 * The event set after an edit. A file that cannot be read at all keeps the previous set; an entry
 * that broke keeps its previous good version (by id) so one typo does not silence its reminders.
 */
export function applyEventsEdit(previous: readonly EventRecord[], parsed: ParsedEvents): EventRecord[] {
  if (parsed.fatal) return [...previous];
  const byId = new Map(parsed.events.map((e) => [e.id, e]));
  for (const issue of parsed.issues) {
    const kept = issue.id ? previous.find((e) => e.id === issue.id) : undefined;
    if (kept && !byId.has(kept.id)) byId.set(kept.id, kept);
  }
  return [...byId.values()];
}

// ---------------------------------------------------------------- the merged catalogue

export interface EventCatalog {
  /** File events and events added in chat, minus cancelled ones; sorted by start. */
  all(): EventRecord[];
  get(id: string): EventRecord | undefined;
}

/** Merges the file's events (read through `fileEvents`, so reloads show up) with staff additions. */
export function createEventCatalog(fileEvents: () => readonly EventRecord[], store: EventStore): EventCatalog {
  const all = () => {
    const cancelled = new Set(store.listCancelledEventIds());
    const byId = new Map<string, EventRecord>();
    for (const e of fileEvents()) byId.set(e.id, e);
    // An id used by both: the file (reviewed, versioned) wins over a chat addition.
    for (const e of store.listAddedEvents()) if (!byId.has(e.id)) byId.set(e.id, stripStaff(e));
    return [...byId.values()].filter((e) => !cancelled.has(e.id)).sort(byStart);
  };
  return { all, get: (id) => all().find((e) => e.id === id) };
}

function stripStaff(e: EventRecord & { addedBy?: string; addedAt?: string }): EventRecord {
  const { addedBy: _by, addedAt: _at, ...event } = e;
  return event;
}

const byStart = (a: EventRecord, b: EventRecord) => Date.parse(a.start) - Date.parse(b.start) || (a.id < b.id ? -1 : 1);

/** Events starting at or after `now` (and before `until`), of the given topics (all when empty). */
export function upcomingEvents(
  events: readonly EventRecord[],
  now: Date,
  options: { topics?: readonly TopicId[]; until?: Date } = {},
): EventRecord[] {
  const topics = options.topics?.length ? new Set(options.topics) : undefined;
  return events
    .filter((e) => Date.parse(e.start) >= now.getTime())
    .filter((e) => !options.until || Date.parse(e.start) < options.until.getTime())
    .filter((e) => !topics || topics.has(e.topic))
    .sort(byStart);
}

// ---------------------------------------------------------------- adding from chat

/**
 * `/event add <id> <topic> <YYYY-MM-DD> <HH:MM> <title> [| place: …] [| url: …] [| remind: 7d,1d]`
 * Time is Hong Kong time. Returns the event or an error message (English; the caller localizes the frame).
 */
export function parseEventCommand(args: string): { event: EventRecord } | { error: string } {
  const [head = '', ...segments] = args.split('|').map((s) => s.trim());
  const m = /^(\S+)\s+(\S+)\s+(\d{4})-(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})\s+(.+)$/s.exec(head);
  if (!m) return { error: 'expected: <id> <topic> <YYYY-MM-DD> <HH:MM> <title>' };
  const [, id, topic, y, mo, d, h, mi, title] = m;
  const start = fromHongKong(Number(y), Number(mo), Number(d), Number(h), Number(mi));
  const p = hongKongParts(start);
  if (Number.isNaN(start.getTime()) || p.month !== Number(mo) || p.day !== Number(d) || Number(h) > 23) {
    return { error: `${y}-${mo}-${d} ${h}:${mi} is not a real date and time` };
  }
  const raw: Record<string, unknown> = {
    id,
    topic,
    title: title!.trim(),
    start: `${y}-${pad(Number(mo))}-${pad(Number(d))}T${pad(Number(h))}:${mi}:00+08:00`,
  };
  for (const seg of segments) {
    const kv = /^(place|地點|地点|url|link|連結|链接|remind|提醒)\s*[:：]\s*(.+)$/is.exec(seg);
    if (!kv) return { error: `unknown part "${seg.slice(0, 40)}" (use place: …, url: …, remind: 7d,1d)` };
    const key = kv[1]!.toLowerCase();
    const value = kv[2]!.trim();
    if (['place', '地點', '地点'].includes(key)) raw.place = value;
    else if (['url', 'link', '連結', '链接'].includes(key)) raw.url = value;
    else raw.remind = value.split(/[,，\s]+/).filter(Boolean);
  }
  try {
    return { event: validateEvent(raw) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

// ---------------------------------------------------------------- how an event reads

const LABELS: Record<Lang, { time: string; place: string; link: string }> = {
  'zh-Hant': { time: '時間：', place: '地點：', link: '詳情' },
  'zh-Hans': { time: '时间：', place: '地点：', link: '详情' },
  en: { time: 'When: ', place: 'Where: ', link: 'Details' },
};

/** Title, Hong Kong time, place, details and link of one event, in the reader's language. */
export function eventBlocks(event: EventRecord, lang: Lang, options: { heading?: string } = {}): Block[] {
  const l = LABELS[lang];
  const lines = [`${l.time}${formatHongKongTime(eventStart(event), lang)}`];
  if (event.place) lines.push(`${l.place}${inScript(event.place, lang)}`);
  if (event.details) lines.push(event.details[lang]);
  const blocks: Block[] = [
    { type: 'heading', text: options.heading ?? event.title[lang] },
    { type: 'text', text: lines.join('\n') },
  ];
  if (event.url) blocks.push({ type: 'link', text: l.link, url: event.url });
  return blocks;
}

/** One line per event for lists: `• 2027年4月10日… — title (place)`. */
export function eventLine(event: EventRecord, lang: Lang): string {
  const place = event.place ? (lang === 'en' ? ` (${inScript(event.place, lang)})` : `（${inScript(event.place, lang)}）`) : '';
  return `• ${formatHongKongTime(eventStart(event), lang)} — ${event.title[lang]}${place}${event.url ? `\n  ${event.url}` : ''}`;
}
