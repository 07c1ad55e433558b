/**
 * Telegram updates → neutral `Incoming`. Pure functions of the update and the bot's own identity.
 * https://core.telegram.org/bots/api#update
 */
import type { Chat, Message, MessageEntity, Update, UserFromGetMe } from 'grammy/types';
import { decodeAction } from '../../core/actions.js';
import type { Incoming } from '../../core/assistant.js';

export const CHANNEL = 'telegram';

export function chatKey(chatId: number | string): string {
  return `${CHANNEL}:${chatId}`;
}

/** `telegram:-100123` → -100123; undefined for another channel's key or garbage. */
export function chatIdOf(key: string): number | undefined {
  const match = /^telegram:(-?\d{1,20})$/.exec(key);
  return match ? Number(match[1]) : undefined;
}

export interface Routed {
  incoming: Incoming;
  chatId: number;
  isPrivate: boolean;
  /** Replies in a group quote the message they answer. */
  replyToMessageId?: number;
}

const MEDIA = ['sticker', 'photo', 'voice', 'video', 'video_note', 'audio', 'document', 'animation', 'location', 'contact'] as const;

export type Membership = { chatId: number; isPrivate: boolean; active: boolean; status: string };

function isPrivate(chat: Chat): boolean {
  return chat.type === 'private';
}

function entityText(text: string, entity: MessageEntity): string {
  return text.slice(entity.offset, entity.offset + entity.length);
}

interface Addressing {
  /** The text the assistant sees: command suffix and mentions of this bot removed. */
  text: string;
  addressed: boolean;
}

/**
 * Commands lose a `@thisbot` suffix; a command for another bot (`/start@otherbot`) is not ours.
 * In groups only commands, mentions and replies to the bot are addressed to it.
 */
function address(message: Message, text: string, entities: readonly MessageEntity[], me: UserFromGetMe): Addressing {
  const username = me.username.toLowerCase();
  const command = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (command) {
    const word = entityText(text, command);
    const at = word.indexOf('@');
    if (at >= 0 && word.slice(at + 1).toLowerCase() !== username) return { text, addressed: false };
    const stripped = (at >= 0 ? word.slice(0, at) : word) + text.slice(command.length);
    return { text: stripped.trim(), addressed: true };
  }
  // Remove mentions of this bot from the end backwards so earlier offsets stay valid.
  let stripped = text;
  let mentioned = false;
  for (const entity of [...entities].sort((a, b) => b.offset - a.offset)) {
    const isMention =
      (entity.type === 'mention' && entityText(text, entity).slice(1).toLowerCase() === username) ||
      (entity.type === 'text_mention' && entity.user.id === me.id);
    if (!isMention) continue;
    mentioned = true;
    stripped = stripped.slice(0, entity.offset) + stripped.slice(entity.offset + entity.length);
  }
  stripped = stripped.replace(/\s{2,}/g, ' ').trim();
  const repliedToBot = message.reply_to_message?.from?.id === me.id;
  return { text: stripped, addressed: isPrivate(message.chat) || mentioned || repliedToBot };
}

/** The message or button tap this update carries, if it is for the assistant. */
export function routeUpdate(update: Update, me: UserFromGetMe): Routed | undefined {
  const message = update.message;
  if (message) {
    const from = message.from;
    // A sticker, photo or voice note without words still deserves a prompt to type the question:
    // it reaches the assistant as empty text.
    const text = message.text ?? message.caption ?? (MEDIA.some((kind) => kind in message) ? '' : undefined);
    if (!from || from.is_bot || text === undefined) return undefined;
    const entities = message.entities ?? message.caption_entities ?? [];
    const { text: cleaned, addressed } = address(message, text, entities, me);
    if (!addressed) return undefined;
    const privateChat = isPrivate(message.chat);
    // A reply to one of ipbot's own messages (a relayed hand-off) carries that message's text.
    const quoted = message.reply_to_message?.from?.id === me.id ? message.reply_to_message.text : undefined;
    return {
      incoming: {
        channel: CHANNEL,
        chat: chatKey(message.chat.id),
        sender: chatKey(from.id),
        event: { type: 'text', text: cleaned },
        ...(from.language_code ? { locale: from.language_code } : {}),
        ...(quoted ? { quoted } : {}),
      },
      chatId: message.chat.id,
      isPrivate: privateChat,
      ...(privateChat ? {} : { replyToMessageId: message.message_id }),
    };
  }
  const query = update.callback_query;
  if (query) {
    const chat = query.message?.chat;
    const action = query.data === undefined ? undefined : decodeAction(query.data);
    // A tap on a button from an older version, or forged data: answered (by the caller), nothing else.
    if (!chat || !action) return undefined;
    return {
      incoming: {
        channel: CHANNEL,
        chat: chatKey(chat.id),
        sender: chatKey(query.from.id),
        event: { type: 'action', action },
        ...(query.from.language_code ? { locale: query.from.language_code } : {}),
      },
      chatId: chat.id,
      isPrivate: isPrivate(chat),
    };
  }
  return undefined;
}

/** my_chat_member: for private chats Telegram sends it only when the user blocks ('kicked') or unblocks ('member'). */
export function membershipChange(update: Update): Membership | undefined {
  const change = update.my_chat_member;
  if (!change) return undefined;
  const status = change.new_chat_member.status;
  const active = status === 'member' || status === 'administrator' || status === 'creator';
  const inactive = status === 'kicked' || status === 'left';
  if (!active && !inactive) return undefined;
  return { chatId: change.chat.id, isPrivate: isPrivate(change.chat), active, status };
}
