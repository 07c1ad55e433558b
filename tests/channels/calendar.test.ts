/**
 * The calendar feeds over HTTP on loopback: what a calendar app subscribed to
 * /calendar/<topic>.ics would read, parsed back from the iCalendar text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarRoutes } from '../../src/channels/calendar.js';
import { startHttpServer, type HttpServer } from '../../src/channels/http.js';
import { calendarUrl } from '../../src/core/calendar.js';
import { createEventCatalog, validateEvent } from '../../src/core/events.js';
import type { EventRecord, Storage } from '../../src/core/ports.js';
import { tempDbDir } from '../support/temp-db.js';

const quiet = { info() {}, warn() {}, error() {}, debug() {} } as any;
const db = tempDbDir();
let storage: Storage;
let server: HttpServer;
let fileEvents: EventRecord[];
let now = new Date('2026-11-23T02:00:00Z');

const event = (raw: Record<string, unknown>) => validateEvent(raw);
const exam = event({ id: 'exam-2027', topic: 'exam', title: { 'zh-Hant': '專利代理人考試報名', en: 'Patent agent exam registration' }, start: '2027-04-10T09:00:00+08:00', place: '香港中央圖書館', url: 'https://example.org/exam' });
const seminar = event({ id: 'seminar-2027', topic: 'seminar', title: '粵港知識產權研討會; 第一場, 上午', start: '2027-05-02T14:30:00+08:00' });

beforeAll(async () => {
  storage = db.open();
  fileEvents = [exam, seminar];
  const events = createEventCatalog(() => fileEvents, storage);
  server = await startHttpServer({ port: 0, host: '127.0.0.1', isReady: () => true, logger: quiet, routes: calendarRoutes({ events, storage, clock: { now: () => now } }) });
});
afterAll(async () => {
  await server.close(100);
});

interface VEvent {
  [property: string]: string;
}

/** RFC 5545 text → calendar properties and events (lines unfolded, parameters kept in the key). */
function parseIcs(text: string): { calendar: Record<string, string>; events: VEvent[] } {
  expect(text.includes('\r\n')).toBe(true);
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  const calendar: Record<string, string> = {};
  const events: VEvent[] = [];
  let current: VEvent | undefined;
  for (const line of lines) {
    const colon = line.indexOf(':');
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = undefined;
    } else if (current) current[key.split(';')[0]!] = value;
    else calendar[key] = value;
  }
  return { calendar, events };
}

async function feed(path: string) {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
  const body = await response.text();
  return { response, body, ...(response.status === 200 ? parseIcs(body) : { calendar: {}, events: [] }) };
}

describe('GET /calendar/<topic>.ics', () => {
  it('serves the confirmed events as text/calendar with stable UIDs and UTC times', async () => {
    const { response, calendar, events } = await feed('/calendar/all.ics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(calendar.VERSION).toBe('2.0');
    expect(calendar.METHOD).toBe('PUBLISH');
    expect(events.map((e) => e.UID)).toEqual(['exam-2027@ipbot', 'seminar-2027@ipbot']);
    // 09:00 in Hong Kong is 01:00 UTC.
    expect(events[0]!.DTSTART).toBe('20270410T010000Z');
    expect(events[0]!.SUMMARY).toBe('專利代理人考試報名');
    expect(events[0]!.LOCATION).toBe('香港中央圖書館');
    expect(events[0]!.URL).toBe('https://example.org/exam');
    expect(events[0]!.SEQUENCE).toBe('0');
    expect(events[0]!.STATUS).toBe('CONFIRMED');
    // Commas and semicolons in a title are escaped, not taken as separators.
    expect(events[1]!.SUMMARY).toBe('粵港知識產權研討會\\; 第一場\\, 上午');
    expect(events[1]!.DTSTART).toBe('20270502T063000Z');
  });

  it('a topic feed holds that topic only, in the language asked for', async () => {
    const { events } = await feed('/calendar/exam.ics?lang=en');
    expect(events.map((e) => e.UID)).toEqual(['exam-2027@ipbot']);
    expect(events[0]!.SUMMARY).toBe('Patent agent exam registration');
    const hans = await feed('/calendar/seminar.ics?lang=zh-Hans');
    expect(hans.events[0]!.SUMMARY).toContain('粤港知识产权研讨会');
    expect((await feed('/calendar/award.ics')).events).toEqual([]);
  });

  it('unknown topics are 404, a bad lang 400', async () => {
    expect((await feed('/calendar/nope.ics')).response.status).toBe(404);
    expect((await feed('/calendar/exam')).response.status).toBe(404);
    expect((await feed('/calendar/../healthz.ics')).response.status).toBe(404);
    expect((await feed('/calendar/exam.ics?lang=fr')).response.status).toBe(400);
  });

  it('the same feed twice is byte for byte the same (SEQUENCE does not creep)', async () => {
    const a = await feed('/calendar/all.ics');
    now = new Date(now.getTime() + 3_600_000);
    const b = await feed('/calendar/all.ics');
    expect(b.body).toBe(a.body);
  });

  it('staff changing an event raises its SEQUENCE, keeping the UID', async () => {
    fileEvents = [{ ...exam, start: '2027-04-11T09:00:00+08:00' }, seminar];
    now = new Date(now.getTime() + 3_600_000);
    const { events } = await feed('/calendar/exam.ics');
    expect(events[0]!.UID).toBe('exam-2027@ipbot');
    expect(events[0]!.DTSTART).toBe('20270411T010000Z');
    expect(events[0]!.SEQUENCE).toBe('1');
    expect((await feed('/calendar/exam.ics')).events[0]!.SEQUENCE).toBe('1');
    // Other reminders only: nothing a calendar shows changed, so no new version.
    fileEvents = [{ ...fileEvents[0]!, remind: ['2h'] }, seminar];
    expect((await feed('/calendar/exam.ics')).events[0]!.SEQUENCE).toBe('1');
  });

  it('a cancelled event stays in the feed as STATUS:CANCELLED with a higher SEQUENCE; one removed from the file too', async () => {
    storage.cancelEvent('exam-2027', 'telegram:1', now);
    fileEvents = fileEvents.filter((e) => e.id !== 'seminar-2027');
    const { events } = await feed('/calendar/all.ics');
    const byUid = new Map(events.map((e) => [e.UID, e]));
    expect(byUid.get('exam-2027@ipbot')).toMatchObject({ STATUS: 'CANCELLED', SEQUENCE: '2', DTSTART: '20270411T010000Z' });
    expect(byUid.get('seminar-2027@ipbot')).toMatchObject({ STATUS: 'CANCELLED', SEQUENCE: '1' });
    // Cancelling is one change: the next read does not raise it again.
    expect((await feed('/calendar/all.ics')).events.find((e) => e.UID === 'exam-2027@ipbot')!.SEQUENCE).toBe('2');
  });

  it('an event added from chat appears; the link ipbot gives points at the feed', async () => {
    const added = event({ id: 'award-2027', topic: 'award', title: '少年兒童發明獎截止', start: '2027-06-01T17:00:00+08:00' });
    storage.addEvent(added, 'telegram:1', now);
    const url = new URL(calendarUrl(`http://127.0.0.1:${server.port}/`, 'award', 'en'));
    const { events } = await feed(`${url.pathname}${url.search}`);
    expect(events.map((e) => [e.UID, e.STATUS])).toEqual([['award-2027@ipbot', 'CONFIRMED']]);
  });
});
