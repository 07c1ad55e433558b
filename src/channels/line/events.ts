/**
 * LINE webhook events → neutral `Incoming`. The body is untrusted JSON even after the signature
 * check (a bug on either side should give a 400, not a crash), so every field is checked here
 * rather than cast. Event reference: https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects
 */
import { decodeAction } from '../../core/actions.js';
import type { Incoming, IncomingEvent } from '../../core/assistant.js';

export interface LineEvent {
  type: string;
  /** The bot's own user id (the payload's `destination`): the key of this bot's inbox. */
  destination?: string;
  /** ULID; absent only in hand-made test payloads. */
  webhookEventId?: string;
  isRedelivery: boolean;
  /** 'standby' when another module channel owns the chat: then the bot must stay silent. */
  mode?: string;
  replyToken?: string;
  /** Where replies and pushes go: user, group or room id. */
  chatId?: string;
  userId?: string;
  sourceType?: string;
  /** The original event, for the per-type fields. */
  raw: Record<string, unknown>;
}

/** `undefined` when the body is not a LINE webhook payload (→ 400). */
export function parseWebhookBody(body: Buffer): LineEvent[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(json) || !Array.isArray(json.events)) return undefined;
  const events: LineEvent[] = [];
  for (const raw of json.events) {
    if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
    const source = isRecord(raw.source) ? raw.source : {};
    const userId = str(source.userId);
    const chatId = str(source.groupId) ?? str(source.roomId) ?? userId;
    events.push({
      type: raw.type,
      destination: str(json.destination),
      webhookEventId: str(raw.webhookEventId),
      isRedelivery: isRecord(raw.deliveryContext) && raw.deliveryContext.isRedelivery === true,
      mode: str(raw.mode),
      replyToken: str(raw.replyToken),
      chatId,
      userId,
      sourceType: str(source.type),
      raw,
    });
  }
  return events;
}

/**
 * The neutral form of an event, or `undefined` for events the assistant has no use for (stickers,
 * images, unknown or forged postback data, group chatter not addressed to the bot).
 */
export function toIncoming(event: LineEvent, locale?: string): Incoming | undefined {
  if (!event.chatId) return undefined;
  const chat = `line:${event.chatId}`;
  const sender = event.userId ? `line:${event.userId}` : chat;
  const incomingEvent = toIncomingEvent(event);
  if (!incomingEvent) return undefined;
  return locale
    ? { channel: 'line', chat, sender, event: incomingEvent, locale }
    : { channel: 'line', chat, sender, event: incomingEvent };
}

function toIncomingEvent(event: LineEvent): IncomingEvent | undefined {
  const { raw } = event;
  switch (event.type) {
    case 'message': {
      const message = isRecord(raw.message) ? raw.message : undefined;
      if (!message || message.type !== 'text' || typeof message.text !== 'string') return undefined;
      const text = event.sourceType === 'user' ? message.text : addressedText(message);
      return text === undefined ? undefined : { type: 'text', text };
    }
    case 'postback': {
      const data = isRecord(raw.postback) ? str(raw.postback.data) : undefined;
      const action = data === undefined ? undefined : decodeAction(data);
      return action ? { type: 'action', action } : undefined;
    }
    // Being added to a group or room is that chat's first contact, like a follow.
    case 'follow':
    case 'join':
      return { type: 'follow' };
    // Blocked by a user, or removed from a group or room: no reminders or broadcasts go there.
    case 'unfollow':
    case 'leave':
      return { type: 'unfollow' };
    default:
      return undefined;
  }
}

/**
 * In a group or room the bot answers only what is meant for it — a /command or a message that
 * mentions the bot — as Telegram's privacy mode does; the mention itself is cut from the text.
 */
function addressedText(message: Record<string, unknown>): string | undefined {
  const text = message.text as string;
  if (text.trimStart().startsWith('/')) return text;
  const mentionees = isRecord(message.mention) && Array.isArray(message.mention.mentionees) ? message.mention.mentionees : [];
  const self = mentionees.find((m): m is Record<string, unknown> => isRecord(m) && m.isSelf === true);
  if (!self) return undefined;
  const index = typeof self.index === 'number' ? self.index : -1;
  const length = typeof self.length === 'number' ? self.length : 0;
  if (index < 0) return text;
  return (text.slice(0, index) + text.slice(index + length)).trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
