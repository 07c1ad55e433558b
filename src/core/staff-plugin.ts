/**
 * The assistant plugin for the durable features: `/events`, `/event add|cancel` (staff),
 * `/digest on|off`, `/broadcast` (staff, with confirm/cancel buttons) and `/stats` (staff).
 */
import type { AssistantPlugin, CommandContext } from './assistant.js';
import { handleBroadcastCancel, handleBroadcastCommand, handleBroadcastConfirm, type BroadcastDeps } from './broadcast.js';
import { eventLine, parseEventCommand, upcomingEvents, type EventCatalog } from './events.js';
import type { DomainLog } from './ports.js';
import { silentLog } from './ports.js';
import { textReply, type Block, type Reply } from './reply.js';
import { CALENDAR_MIME, calendarUrl, countLive, publishedEvents, renderCalendar } from './calendar.js';
import { REACH_UI } from './messages.js';
import type { Lang, TopicId } from './types.js';

/** Channels whose renderer can send a file (Reply.document). */
const FILE_CHANNELS: ReadonlySet<string> = new Set(['telegram']);
import { STAFF_UI } from './staff-messages.js';
import { collectStats, formatStats } from './stats.js';

export interface StaffPluginDeps {
  events: EventCatalog;
  log?: DomainLog;
  /** Channels that can receive broadcasts (default telegram and line). */
  /** Channels that can send now (the configured senders). */
  sendableChannels?: () => ReadonlySet<string>;
  /** How long a broadcast retries what it could not deliver. */
  broadcastDeadlineMs?: number;
  /** Wakes the outbox drainer after a broadcast is confirmed. */
  onBroadcastConfirmed?: (broadcastId: number) => void;
  /** PUBLIC_URL: /events then links the calendar feeds. */
  publicUrl?: string;
}

const MAX_LISTED_EVENTS = 15;

export function createStaffPlugin(deps: StaffPluginDeps): AssistantPlugin {
  const log = deps.log ?? silentLog;
  const broadcastDeps: BroadcastDeps = {
    log,
    ...(deps.sendableChannels ? { sendableChannels: deps.sendableChannels } : {}),
    ...(deps.broadcastDeadlineMs !== undefined ? { deadlineMs: deps.broadcastDeadlineMs } : {}),
    ...(deps.onBroadcastConfirmed ? { onConfirmed: deps.onBroadcastConfirmed } : {}),
  };
  const events = (ctx: CommandContext) =>
    /^(ics|ical|calendar|行事曆|日历|日曆)$/i.test(ctx.args) ? eventsFile(ctx, deps.events, deps.publicUrl) : listEvents(ctx, deps.events, deps.publicUrl);
  return {
    commands: {
      events,
      event: (ctx) => eventCommand(ctx, deps.events, log),
      digest: (ctx) => digestCommand(ctx),
      broadcast: (ctx) => handleBroadcastCommand(ctx, broadcastDeps),
      stats: (ctx) => statsCommand(ctx, log),
    },
    actions: {
      events,
      'broadcast-confirm': (ctx, action) => handleBroadcastConfirm(ctx, action, broadcastDeps),
      'broadcast-cancel': (ctx, action) => handleBroadcastCancel(ctx, action, broadcastDeps),
    },
  };
}

/** `/events` (your topics, or all when you follow none) and `/events all`. */
function listEvents(ctx: CommandContext, catalog: EventCatalog, publicUrl?: string): Reply[] {
  const ui = STAFF_UI[ctx.lang];
  const subscribed = ctx.deps.storage.listSubscriptions(ctx.chat.key);
  const scope = /^(all|全部|所有)$/i.test(ctx.args) || !subscribed.length ? 'all' : 'mine';
  const list = upcomingEvents(catalog.all(), ctx.deps.clock.now(), scope === 'mine' ? { topics: subscribed } : {});
  if (!list.length) return [textReply(ui.noEvents(scope))];
  return [
    {
      blocks: [
        { type: 'heading', text: ui.eventsHeading(scope) },
        { type: 'text', text: list.slice(0, MAX_LISTED_EVENTS).map((e) => eventLine(e, ctx.lang)).join('\n') },
        { type: 'note', text: ui.eventsFootnote },
        ...(publicUrl ? calendarLinks(publicUrl, scope === 'mine' ? subscribed : [], ctx.lang) : []),
      ],
    },
  ];
}

// ---------------------------------------------------------------- reach: calendars

/** One "add to calendar" link per followed topic, or one for all events. */
function calendarLinks(publicUrl: string, topics: readonly TopicId[], lang: Lang): Block[] {
  const ui = REACH_UI[lang];
  if (!topics.length) return [{ type: 'link', text: ui.addToCalendar, url: calendarUrl(publicUrl, 'all', lang) }];
  return topics.map((t) => ({ type: 'link', text: ui.addTopicToCalendar(t), url: calendarUrl(publicUrl, t, lang) }));
}

/** `/events ics`: the calendar file of your topics (all when you follow none), where files can be sent. */
function eventsFile(ctx: CommandContext, catalog: EventCatalog, publicUrl?: string): Reply[] {
  const ui = REACH_UI[ctx.lang];
  const topics = ctx.deps.storage.listSubscriptions(ctx.chat.key);
  if (!FILE_CHANNELS.has(ctx.incoming.channel)) {
    return [{ blocks: [{ type: 'text', text: ui.icsNotHere(publicUrl !== undefined) }, ...(publicUrl ? calendarLinks(publicUrl, topics, ctx.lang) : [])] }];
  }
  const entries = publishedEvents(catalog.all(), ctx.deps.storage, ctx.deps.clock.now());
  const count = countLive(entries, topics);
  // An empty file would import nothing: say so as /events does.
  if (!count) return [textReply(STAFF_UI[ctx.lang].noEvents(topics.length ? 'mine' : 'all'))];
  return [
    {
      blocks: [{ type: 'text', text: ui.icsCaption(count) }],
      document: {
        filename: topics.length === 1 ? `ipbot-${topics[0]}.ics` : 'ipbot-events.ics',
        mimeType: CALENDAR_MIME,
        content: renderCalendar(entries, topics.length ? topics : 'all', ctx.lang),
      },
    },
  ];
}

/** `/event add …` and `/event cancel <id>`: staff only. */
function eventCommand(ctx: CommandContext, catalog: EventCatalog, log: DomainLog): Reply[] {
  const ui = STAFF_UI[ctx.lang];
  if (!ctx.isStaff) {
    log('warn', 'event.refused', { sender: ctx.incoming.sender, chat: ctx.chat.key });
    return [textReply(ui.staffOnly)];
  }
  const [verb = '', ...rest] = ctx.args.split(/\s+/);
  const args = ctx.args.slice(verb.length).trim();
  const { storage, clock } = ctx.deps;
  if (verb.toLowerCase() === 'add') {
    const parsed = parseEventCommand(args);
    if ('error' in parsed) return [textReply(`${ui.eventInvalid(parsed.error)}\n\n${ui.eventUsage}`)];
    const { event } = parsed;
    if (Date.parse(event.start) <= clock.now().getTime()) return [textReply(ui.eventInPast)];
    if (catalog.get(event.id) || !storage.addEvent(event, ctx.incoming.sender, clock.now())) {
      return [textReply(ui.eventExists(event.id))];
    }
    log('info', 'event.added', { id: event.id, by: ctx.incoming.sender, start: event.start, topic: event.topic });
    return [textReply(ui.eventAdded(event.id, event.remind))];
  }
  if (verb.toLowerCase() === 'cancel' && rest.length === 1) {
    const id = rest[0]!;
    const event = catalog.get(id);
    if (!event || !storage.cancelEvent(id, ctx.incoming.sender, clock.now())) return [textReply(ui.eventUnknown(id.slice(0, 64)))];
    log('info', 'event.cancelled', { id, by: ctx.incoming.sender });
    return [textReply(ui.eventCancelled(id, event.title[ctx.lang]))];
  }
  return [textReply(verb ? `${ui.eventWhat(verb.toLowerCase().slice(0, 20))}\n\n${ui.eventUsage}` : ui.eventUsage)];
}

function digestCommand(ctx: CommandContext): Reply[] {
  const ui = STAFF_UI[ctx.lang];
  const arg = ctx.args.toLowerCase();
  if (['on', '開', '开', '開啟', '开启'].includes(arg)) {
    ctx.deps.storage.setDigest(ctx.chat.key, true);
    return [textReply(ui.digestOn)];
  }
  if (['off', '關', '关', '關閉', '关闭'].includes(arg)) {
    ctx.deps.storage.setDigest(ctx.chat.key, false);
    return [textReply(ui.digestOff)];
  }
  return [textReply(ui.digestStatus(ctx.chat.digest))];
}

function statsCommand(ctx: CommandContext, log: DomainLog): Reply[] {
  if (!ctx.isStaff) {
    log('warn', 'stats.refused', { sender: ctx.incoming.sender, chat: ctx.chat.key });
    return [textReply(STAFF_UI[ctx.lang].staffOnly)];
  }
  return [textReply(formatStats(collectStats(ctx.deps.storage, ctx.deps.clock.now()), ctx.lang))];
}
