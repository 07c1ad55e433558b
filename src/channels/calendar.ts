/**
 * The calendar feeds on the one HTTP server: `GET /calendar/<topic>.ics` and `GET /calendar/all.ics`
 * (optionally `?lang=zh-Hans` or `?lang=en`). Each topic is its own exact route, so an unknown topic
 * falls through to the server's 404. The feed itself is made in core/calendar.ts.
 */
import type { ServerResponse } from 'node:http';
import { CALENDAR_MIME, calendarPath, publishedEvents, renderCalendar, type CalendarScope } from '../core/calendar.js';
import type { EventCatalog } from '../core/events.js';
import type { CalendarStore, Clock } from '../core/ports.js';
import { isLang, TOPIC_IDS, type Lang } from '../core/types.js';
import type { Route } from './http.js';

export interface CalendarRouteDeps {
  events: EventCatalog;
  storage: CalendarStore;
  clock: Clock;
}

export function calendarRoutes(deps: CalendarRouteDeps): Route[] {
  const scopes: CalendarScope[] = ['all', ...TOPIC_IDS];
  return scopes.map((scope) => ({
    method: 'GET',
    path: calendarPath(scope),
    handler: (req, res) => {
      const requested = new URL(req.url ?? '/', 'http://localhost').searchParams.get('lang');
      if (requested !== null && !isLang(requested)) return plain(res, 400, 'lang must be zh-Hant, zh-Hans or en\n');
      const lang: Lang = requested ?? 'zh-Hant';
      const body = renderCalendar(publishedEvents(deps.events.all(), deps.storage, deps.clock.now()), scope, lang);
      res.writeHead(200, {
        'content-type': CALENDAR_MIME,
        'content-length': Buffer.byteLength(body),
        'content-disposition': `inline; filename="ipbot-${scope}.ics"`,
        // Calendar apps poll feeds on their own schedule; a few minutes of caching is harmless.
        'cache-control': 'public, max-age=300',
      });
      res.end(body);
    },
  }));
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
