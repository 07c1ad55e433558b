import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  applyEventsEdit,
  createEventCatalog,
  formatEventIssue,
  formatHongKongTime,
  localize,
  parseEventCommand,
  parseEvents,
  upcomingEvents,
} from '../../src/core/events.js';
import { openEventsFile, readEventsFile } from '../../src/events-file.js';
import { tempDbDir } from '../support/temp-db.js';

const GOOD = `
- id: exam-2027-registration
  topic: exam
  title: { zh-Hant: 專利代理師考試報名開始, en: Patent agent exam registration opens }
  start: 2027-04-10T09:00:00+08:00
  remind: [7d, 1d]
- id: seminar-2027
  topic: seminar
  title: 粤港知识产权研讨会
  start: 2027-06-03T14:30:00+08:00
  place: 東莞
`;

const dir = mkdtempSync(join(tmpdir(), 'ipbot-events-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseEvents', () => {
  it('loads valid entries, converting a title given in one language or script to all three', () => {
    const { events, issues } = parseEvents(GOOD, 'events.yaml');
    expect(issues).toEqual([]);
    expect(events.map((e) => e.id)).toEqual(['exam-2027-registration', 'seminar-2027']);
    expect(events[0]!.title['zh-Hans']).toBe('专利代理师考试报名开始');
    expect(events[1]!.title).toEqual({ 'zh-Hant': '粵港知識產權研討會', 'zh-Hans': '粤港知识产权研讨会', en: '粵港知識產權研討會' });
    expect(events[1]!.remind).toEqual(['7d', '1d']);
  });

  it('rejects a broken entry naming file, entry, id and line, and still loads the rest', () => {
    const text = `${GOOD}- id: award-2027
  topic: award
  title: 發明獎
  start: 2027-13-01 09:00
- id: seminar-2027
  topic: seminar
  title: again
  start: 2027-06-03T14:30:00+08:00
- id: typo
  topic: exams
  title: x
  start: 2027-06-03T14:30:00+08:00
`;
    const { events, issues } = parseEvents(text, 'knowledge/events.yaml');
    expect(events.map((e) => e.id)).toEqual(['exam-2027-registration', 'seminar-2027']);
    expect(issues.map(formatEventIssue)).toEqual([
      'knowledge/events.yaml, entry 3 (id award-2027), line 15: start must be an ISO 8601 time with offset, e.g. 2027-04-10T09:00:00+08:00',
      'knowledge/events.yaml, entry 4 (id seminar-2027), line 16: duplicate id (first used by entry 2)',
      'knowledge/events.yaml, entry 5 (id typo), line 21: topic must be one of exam, trademark, overseas, genuine, award, seminar',
    ]);
  });

  it('reports a syntax error with its line and loads nothing from that file', () => {
    const r = parseEvents('- id: a\n  title: [unclosed\n', 'e.yaml');
    expect(r.fatal).toBe(true);
    expect(formatEventIssue(r.issues[0]!)).toMatch(/^e\.yaml, line \d+: YAML syntax/);
  });

  it('rejects a time without an offset, a bad url, unknown fields and bad reminder offsets', () => {
    const base = 'id: x\n  topic: exam\n  title: t\n';
    const msg = (extra: string) => parseEvents(`- ${base}  ${extra}`, 'f').issues[0]?.message;
    expect(msg('start: 2027-04-10T09:00:00')).toMatch(/with offset/);
    expect(msg('start: 2027-04-10T09:00:00+08:00\n  url: ftp://x')).toMatch(/url/);
    expect(msg('start: 2027-04-10T09:00:00+08:00\n  date: 2027-04-10')).toMatch(/unknown field date/);
    expect(msg('start: 2027-04-10T09:00:00+08:00\n  remind: [7 days]')).toMatch(/remind/);
  });

  it('ships a knowledge/events.yaml that parses cleanly and presents no date as fact', () => {
    const r = readEventsFile('knowledge/events.yaml');
    expect(r.issues).toEqual([]);
    expect(r.fatal).toBe(false);
    // Recurring programmes are commented templates until staff confirm a date.
    for (const e of r.events) expect(e.url ?? e.details?.en).toBeTruthy();
  });
});

describe('event set after an edit', () => {
  it('keeps the previous set when the file breaks, and the previous version of a broken entry', () => {
    const previous = parseEvents(GOOD, 'f').events;
    expect(applyEventsEdit(previous, parseEvents('- [', 'f'))).toEqual(previous);
    const edited = GOOD.replace('start: 2027-06-03T14:30:00+08:00', 'start: next june').replace('專利代理師考試報名開始', '報名開始（更新）');
    const after = applyEventsEdit(previous, parseEvents(edited, 'f'));
    expect(after.find((e) => e.id === 'seminar-2027')).toEqual(previous[1]);
    expect(after.find((e) => e.id === 'exam-2027-registration')!.title['zh-Hant']).toBe('報名開始（更新）');
  });

  it('warns, naming the file, when EVENTS_FILE does not exist, and loads it once it appears', () => {
    const file = join(dir, 'no-such-events.yaml');
    const log: string[] = [];
    const watched = openEventsFile(file, { log: (level, event, f) => log.push(`${level} ${event} ${f?.error ?? ''}`) });
    expect(watched.current()).toEqual([]);
    expect(log.filter((l) => l.startsWith('warn events.missing'))).toHaveLength(1);
    expect(log.find((l) => l.startsWith('warn events.missing'))).toContain(file);
    watched.reload();
    expect(log.filter((l) => l.startsWith('warn events.missing'))).toHaveLength(1);
    writeFileSync(file, GOOD);
    watched.reload();
    expect(watched.current()).toHaveLength(2);
    rmSync(file);
  });

  it('reloads the watched file on change; a broken edit keeps the good set and logs file and entry', async () => {
    const file = join(dir, 'events.yaml');
    writeFileSync(file, GOOD);
    const log: string[] = [];
    const watched = openEventsFile(file, { debounceMs: 20, log: (level, event, f) => log.push(`${level} ${event} ${f?.error ?? ''}`) });
    watched.watch();
    try {
      expect(watched.current()).toHaveLength(2);
      writeFileSync(file, `${GOOD}- id: third\n  topic: award\n  title: 第三\n  start: 2027-07-01T10:00:00+08:00\n`);
      await vi.waitFor(() => expect(watched.current()).toHaveLength(3), { timeout: 5000 });
      writeFileSync(file, 'oops: [');
      watched.reload();
      expect(watched.current()).toHaveLength(3);
      expect(log.some((l) => l.startsWith('error events.invalid') && l.includes(file))).toBe(true);
    } finally {
      watched.close();
    }
  });
});

describe('catalogue and listing', () => {
  it('merges file and chat events, drops cancelled ones, lists upcoming by topic', () => {
    const storage = tempDbDir().open();
    const fileEvents = parseEvents(GOOD, 'f').events;
    const added = parseEventCommand('award-2027 award 2027-05-01 10:00 發明獎頒獎禮');
    if (!('event' in added)) throw new Error(added.error);
    storage.addEvent(added.event, 'telegram:9', new Date());
    const catalog = createEventCatalog(() => fileEvents, storage);
    expect(catalog.all().map((e) => e.id)).toEqual(['exam-2027-registration', 'award-2027', 'seminar-2027']);
    storage.cancelEvent('exam-2027-registration', 'telegram:9', new Date());
    expect(catalog.all().map((e) => e.id)).toEqual(['award-2027', 'seminar-2027']);
    const now = new Date('2027-05-02T00:00:00Z');
    expect(upcomingEvents(catalog.all(), now).map((e) => e.id)).toEqual(['seminar-2027']);
    expect(upcomingEvents(catalog.all(), new Date('2027-01-01T00:00:00Z'), { topics: ['award'] }).map((e) => e.id)).toEqual(['award-2027']);
  });

  it('formats times in Hong Kong whatever the input offset', () => {
    const d = new Date('2027-04-10T01:00:00Z');
    expect(formatHongKongTime(d, 'zh-Hant')).toBe('2027年4月10日（星期六）09:00（香港時間）');
    expect(formatHongKongTime(d, 'zh-Hans')).toBe('2027年4月10日（星期六）09:00（香港时间）');
    expect(formatHongKongTime(new Date('2027-04-09T17:30:00-05:00'), 'en')).toBe('Sat 10 Apr 2027, 06:30 HKT');
  });

  it('fills missing title languages from the ones given', () => {
    expect(localize({ 'zh-Hans': '发明奖' })).toEqual({ 'zh-Hant': '發明獎', 'zh-Hans': '发明奖', en: '發明獎' });
    expect(localize({ en: 'Award' })).toEqual({ 'zh-Hant': 'Award', 'zh-Hans': 'Award', en: 'Award' });
  });

  it('parses /event add with place, link and reminders, and rejects impossible dates', () => {
    const r = parseEventCommand('bip-2027 seminar 2027-12-02 09:30 BIP Asia Forum | place: 香港會議展覽中心 | url: https://example.org | remind: 14d, 1d');
    expect(r).toEqual({
      event: {
        id: 'bip-2027',
        topic: 'seminar',
        title: { 'zh-Hant': 'BIP Asia Forum', 'zh-Hans': 'BIP Asia Forum', en: 'BIP Asia Forum' },
        start: '2027-12-02T09:30:00+08:00',
        place: '香港會議展覽中心',
        url: 'https://example.org',
        remind: ['14d', '1d'],
      },
    });
    expect(parseEventCommand('x exam 2027-02-29 09:00 t')).toEqual({ error: expect.stringContaining('not a real date') });
    expect(parseEventCommand('x exam tomorrow t')).toEqual({ error: expect.stringContaining('expected') });
  });
});
