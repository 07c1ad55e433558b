/**
 * The confirmed events as iCalendar (RFC 5545), for `GET /calendar/<topic>.ics`, `/events ics` and
 * "add to calendar" links. Made with ical-generator (maintained, escapes and folds lines as the RFC
 * wants) rather than by hand.
 *
 * - UID `<event id>@ipbot`: stable, so a calendar app updates an event instead of adding a copy.
 * - Times in UTC (`DTSTART:20270410T010000Z`): every calendar app shows them in its own zone, and no
 *   VTIMEZONE block is needed. Events have a start only, as the documents give no end.
 * - SEQUENCE and STATUS come from the record of what was published (CalendarStore): a changed event
 *   is one SEQUENCE higher, a cancelled one — or one that disappeared from the events file — stays
 *   in the feed as STATUS:CANCELLED so subscribed calendars remove it.
 */
import { createHash } from 'node:crypto';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { inScript } from './events.js';
import type { CalendarStore, EventRecord, PublishedEvent } from './ports.js';
import { TOPICS } from './topics.js';
import type { Lang, TopicId } from './types.js';

export type CalendarScope = TopicId | 'all';
export const CALENDAR_MIME = 'text/calendar; charset=utf-8';
const UID_DOMAIN = 'ipbot';
const NAMES: Record<Lang, string> = { 'zh-Hant': '粵港知識產權活動', 'zh-Hans': '粤港知识产权活动', en: 'Guangdong–Hong Kong IP events' };

export function calendarPath(scope: CalendarScope): string {
  return `/calendar/${scope}.ics`;
}

/** The feed's public address; the reader's language rides along when it is not the default. */
export function calendarUrl(publicUrl: string, scope: CalendarScope, lang: Lang): string {
  return `${publicUrl.replace(/\/+$/, '')}${calendarPath(scope)}${lang === 'zh-Hant' ? '' : `?lang=${lang}`}`;
}

/** What a calendar shows of an event: a change to reminders alone is no new version. */
export function eventFingerprint(event: EventRecord): string {
  const { topic, title, details, start, place, url } = event;
  return createHash('sha256').update(JSON.stringify([topic, title, details ?? null, start, place ?? null, url ?? null])).digest('hex');
}

/** Records the live events as published (see CalendarStore) and returns the feed's entries. */
export function publishedEvents(live: readonly EventRecord[], store: CalendarStore, now: Date): PublishedEvent[] {
  return store.syncPublishedEvents(
    live.map((event) => ({ event, fingerprint: eventFingerprint(event) })),
    now,
  );
}

/** The iCalendar text for the topics (or all) in the reader's language. */
export function renderCalendar(entries: readonly PublishedEvent[], scope: CalendarScope | readonly TopicId[], lang: Lang): string {
  const topics = scope === 'all' ? undefined : new Set(typeof scope === 'string' ? [scope] : scope);
  const name = typeof scope === 'string' && scope !== 'all' ? `${NAMES[lang]} — ${TOPICS[scope].label[lang]}` : NAMES[lang];
  const calendar = ical({
    name,
    prodId: { company: 'ipbot', product: 'events', language: lang === 'en' ? 'EN' : 'ZH' },
    // PUBLISH: a feed to subscribe to, not an invitation to answer.
    method: ICalCalendarMethod.PUBLISH,
  });
  const chosen = entries.filter((e) => !topics || topics.has(e.event.topic)).sort((a, b) => Date.parse(a.event.start) - Date.parse(b.event.start));
  for (const { event, sequence, cancelled, updatedAt } of chosen) {
    const description = [event.details?.[lang], event.url].filter(Boolean).join('\n\n');
    calendar.createEvent({
      id: `${event.id}@${UID_DOMAIN}`,
      start: new Date(event.start),
      summary: event.title[lang],
      ...(description ? { description } : {}),
      ...(event.place ? { location: inScript(event.place, lang) } : {}),
      ...(event.url ? { url: event.url } : {}),
      sequence,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // The time this version was published: the same bytes for the same feed, request after request.
      stamp: new Date(updatedAt),
      lastModified: new Date(updatedAt),
    });
  }
  return calendar.toString();
}

/** How many events (not cancelled) a rendered scope holds, for captions. */
export function countLive(entries: readonly PublishedEvent[], topics?: readonly TopicId[]): number {
  return entries.filter((e) => !e.cancelled && (!topics?.length || topics.includes(e.event.topic))).length;
}
