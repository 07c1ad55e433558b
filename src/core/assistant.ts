/**
 * The channel-neutral conversation: every channel turns its platform event into an `Incoming`,
 * calls `assistant.handle(incoming)` and renders the returned replies. Nothing here knows about
 * Telegram, LINE, SQLite or HTTP.
 */
import type { Action } from './actions.js';
import type { AnswerEngine } from './engine.js';
import type { ChatRecord, Clock, Storage } from './ports.js';
import type { Reply } from './reply.js';
import type { ChannelName, Lang } from './types.js';

export type IncomingEvent =
  /** A typed message; commands start with '/' (a channel strips Telegram's `@botname` suffix). */
  | { type: 'text'; text: string }
  /** A button press (Telegram callback query, LINE postback). */
  | { type: 'action'; action: Action }
  /** First contact or unblock (LINE follow). Telegram's /start arrives as text. */
  | { type: 'follow' }
  /** Blocked, unfollowed or kicked: the chat stops receiving reminders and broadcasts. */
  | { type: 'unfollow' };

export interface Incoming {
  channel: ChannelName;
  /** Where replies go and whose subscriptions these are: `telegram:123`, `line:Uabc`. */
  chat: string;
  /** Who acted (checked against ADMIN_IDS): `telegram:456`. Equal to `chat` in a private chat. */
  sender: string;
  event: IncomingEvent;
  /** Platform language hint: Telegram `language_code`, LINE profile language. */
  locale?: string;
}

export interface CommandContext {
  incoming: Incoming;
  chat: ChatRecord;
  /** The chat's reply language (stored choice, else inferred). */
  lang: Lang;
  isStaff: boolean;
  /** Text after the command word, trimmed. */
  args: string;
  deps: AssistantDeps;
}

export type CommandHandler = (ctx: CommandContext) => Reply[] | Promise<Reply[]>;
export type ActionHandler = (ctx: CommandContext, action: Action) => Reply[] | Promise<Reply[]>;

/** Extra commands and button handlers contributed by other domain modules (events, broadcasts, stats). */
export interface AssistantPlugin {
  /** Keyed by command word without the slash, lowercase: `events`, `broadcast`, `stats`, `digest`. */
  commands?: Record<string, CommandHandler>;
  actions?: Partial<Record<Action['type'], ActionHandler>>;
}

export interface AssistantDeps {
  engine: AnswerEngine;
  storage: Storage;
  clock: Clock;
  /** Staff chat keys from ADMIN_IDS, e.g. `telegram:123`. */
  staff: ReadonlySet<string>;
  plugins?: AssistantPlugin[];
}
