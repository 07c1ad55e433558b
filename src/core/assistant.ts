/**
 * The channel-neutral conversation: every channel turns its platform event into an `Incoming`,
 * calls `assistant.handle(incoming)` and renders the returned replies. Nothing here knows about
 * Telegram, LINE, SQLite or HTTP.
 */
import { LANG_CARRYING, type Action, type Vote } from './actions.js';
import type { Answer, AnswerEngine } from './engine.js';
import { parseStartPayload } from './links.js';
import { LANG_NAMES, REACH_UI, UI, langFromLocale, topicLabel } from './messages.js';
import type { ChatRecord, Clock, Storage } from './ports.js';
import { textReply, type Button, type Reply } from './reply.js';
import { normaliseQueryText } from './text/normalise.js';
import { toSimplified } from './text/script.js';
import { TOPICS, findTopic, findTopics } from './topics.js';
import { LANGS, TOPIC_IDS, type ChannelName, type Lang, type TopicId } from './types.js';

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
  /** The channel's reply language when there is no hint (its ChannelSender's `fallbackLang`); default zh-Hant. */
  fallbackLang?: Lang;
  /** The text of ipbot's own message this one replies to (Telegram reply), e.g. a relayed hand-off. */
  quoted?: string;
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
  /**
   * Extra buttons under a declined answer, or under the thanks for a 👎 (e.g. "Ask staff"). Given
   * the question's id and the language it was answered in.
   */
  followUpButtons?: (followUp: { questionId: number; lang: Lang; why: 'declined' | 'disliked'; chat: string }) => Button[];
  /**
   * Sees plain text before it is taken as a question; replies to claim it (e.g. a staff reply to a
   * relayed hand-off), undefined to leave it.
   */
  claimText?: (ctx: CommandContext, text: string) => Reply[] | undefined | Promise<Reply[] | undefined>;
}

export interface AssistantDeps {
  engine: AnswerEngine;
  storage: Storage;
  clock: Clock;
  /** Staff chat keys from ADMIN_IDS, e.g. `telegram:123`. */
  staff: ReadonlySet<string>;
  plugins?: AssistantPlugin[];
}

// ------------------------------------------------------------------------------------------------

const MAX_STORED_QUESTION = 2000;
/**
 * "訂閱考試", "我想訂閱 研討會", "请帮我订阅发明奖", "subscribe exam", "unsubscribe all": the request
 * word after an optional polite lead-in, then the topic. Chinese needs no space (nobody types one).
 */
const NATURAL_SUBSCRIPTION =
  /^(?:(?:please|pls|i want to|i'd like to|i would like to)\s+|(?:我想要|我想|我要|想|請幫我|请帮我|幫我|帮我|麻煩你|麻烦你|請|请)\s*)?(取消訂閱|取消订阅|退訂|退订|訂閱|订阅|unsubscribe|subscribe)(?:(?<=[a-z])(?:\s+|$)|(?<![a-z])[\s:：,，]*)(.*)$/is;
/** Words that make "訂閱…" a question about subscribing rather than a request to subscribe. */
const QUESTION_WORDS = /[?？]|什麼|甚麼|什么|咩|嗎|吗|點樣|点样|怎|如何|有冇|有没有|幾|几|邊|边|哪|好處|好处|係唔係|是不是|\b(?:how|what|why|when|where|which|can|does|is)\b/i;
/** "All topics" in a subscribe or unsubscribe request. */
const ALL_TOPICS = /^(?:all|everything|全部|所有|所有主題|所有主题|全部主題|全部主题)$/i;
const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+([\s\S]*))?$/;

export class Assistant {
  private readonly commands: Record<string, CommandHandler>;
  private readonly actions: Partial<Record<Action['type'], ActionHandler>>;

  constructor(private readonly deps: AssistantDeps) {
    this.commands = {
      start: (ctx) => (ctx.args ? this.startLink(ctx) : this.welcome(ctx)),
      help: (ctx) => [this.help(ctx.lang, ctx.isStaff)],
      topics: (ctx) => [topicMenu(ctx.lang, UI[ctx.lang].chooseTopic, 'topic')],
      subscribe: (ctx) => this.subscription(ctx, 'subscribe', ctx.args),
      unsubscribe: (ctx) => this.subscription(ctx, 'unsubscribe', ctx.args),
      mysubs: (ctx) => this.mySubscriptions(ctx),
      lang: (ctx) => this.language(ctx),
    };
    this.actions = {
      topics: (ctx) => [topicMenu(ctx.lang, UI[ctx.lang].chooseTopic, 'topic')],
      help: (ctx) => [this.help(ctx.lang, ctx.isStaff)],
      topic: (ctx, a) => (a.type === 'topic' ? this.topicOverview(ctx, a.topic) : []),
      subscribe: (ctx, a) => (a.type === 'subscribe' ? this.subscription(ctx, 'subscribe', a.topic) : []),
      unsubscribe: (ctx, a) => (a.type === 'unsubscribe' ? this.subscription(ctx, 'unsubscribe', a.topic) : []),
      lang: (ctx, a) => (a.type === 'lang' ? this.setLanguage(ctx, a.lang) : []),
      feedback: (ctx, a) => (a.type === 'feedback' ? this.feedback(ctx, a.questionId, a.vote) : []),
    };
    // Plugins extend the conversation; the core commands above keep their meaning.
    for (const plugin of deps.plugins ?? []) {
      for (const [name, handler] of Object.entries(plugin.commands ?? {})) {
        if (!(name in this.commands)) this.commands[name] = handler;
      }
      for (const [type, handler] of Object.entries(plugin.actions ?? {}) as Array<[Action['type'], ActionHandler]>) {
        if (!(type in this.actions)) this.actions[type] = handler;
      }
    }
  }

  /** Turns one incoming event into the replies to show in the same chat. Never throws. */
  async handle(incoming: Incoming): Promise<Reply[]> {
    const { storage } = this.deps;
    if (incoming.event.type === 'unfollow') {
      storage.ensureChat(incoming.chat);
      storage.setChatActive(incoming.chat, false, 'unfollowed');
      return [];
    }
    let chat = storage.ensureChat(incoming.chat, incoming.locale ? { lang: langFromLocale(incoming.locale) } : {});
    if (!chat.active) {
      // Writing to us again means they can be reached again.
      storage.setChatActive(incoming.chat, true, 'contacted');
      chat = { ...chat, active: true };
    }
    const ctx: CommandContext = {
      incoming,
      chat,
      lang: chat.lang ?? langFromLocale(incoming.locale, incoming.fallbackLang),
      isStaff: this.deps.staff.has(incoming.sender),
      args: '',
      deps: this.deps,
    };
    const { event } = incoming;
    switch (event.type) {
      case 'follow':
        return this.welcome(ctx);
      case 'action': {
        const { action } = event;
        const handler = this.actions[action.type];
        // A button under an answer in another language answers in that language, and so do the
        // buttons of its reply: pressing "Topics" under an English answer must not switch to Chinese.
        const pressedIn = action.type !== 'lang' && 'lang' in action ? action.lang : undefined;
        const actx = pressedIn ? { ...ctx, lang: pressedIn } : ctx;
        if (!handler) return [textReply(UI[actx.lang].unsupportedAction)];
        const replies = await handler(actx, action);
        return actx.lang === ctx.lang ? replies : carryLang(replies, actx.lang);
      }
      case 'text':
        return this.text(ctx, event.text);
    }
  }

  private async text(ctx: CommandContext, raw: string): Promise<Reply[]> {
    const text = typeof raw === 'string' ? raw.trim() : '';
    const command = COMMAND.exec(text);
    if (command) {
      const name = command[1]!.toLowerCase();
      const handler = this.commands[name];
      if (!handler) return [textReply(UI[ctx.lang].unknownCommand(name))];
      return handler({ ...ctx, args: (command[2] ?? '').trim() });
    }
    for (const plugin of this.deps.plugins ?? []) {
      const claimed = await plugin.claimText?.(ctx, text);
      if (claimed) return claimed;
    }
    const natural = NATURAL_SUBSCRIPTION.exec(text);
    if (natural) {
      const word = natural[1]!;
      const kind = /^(?:取消|退|un)/i.test(word) ? 'unsubscribe' : 'subscribe';
      const rest = natural[2]!.trim().replace(/[。.！!～~]+$|(?:啦|吧|呀|啊|喇|嘞|,?\s*please)$/giu, '').trim();
      // "訂閱號是什麼" is a question, not a request: only an empty rest or a topic name counts.
      if (!QUESTION_WORDS.test(rest) && (!rest || ALL_TOPICS.test(rest) || findTopic(rest))) {
        // Like a question, the words' own script decides the reply's: 订阅 is answered in Simplified.
        const lang: Lang = /[訂閱]/.test(word) ? 'zh-Hant' : /[订阅]/.test(word) ? 'zh-Hans' : 'en';
        if (lang === ctx.lang) return this.subscription(ctx, kind, rest);
        return carryLang(this.subscription({ ...ctx, lang }, kind, rest), lang);
      }
    }
    return [this.question(ctx, text)];
  }

  private question(ctx: CommandContext, text: string): Reply {
    const { engine, storage, clock } = this.deps;
    const answer = engine.ask(text);
    // An empty message has no script of its own: answer in the chat's language.
    if (answer.kind === 'empty') return textReply(UI[ctx.lang].emptyMessage);
    // Until a person picks a language, the script they write in is the best guess for reminders.
    let chatLang = ctx.lang;
    if (!ctx.chat.lang && (answer.kind === 'answer' || answer.kind === 'out-of-scope')) {
      storage.setChatLang(ctx.chat.key, answer.lang);
      chatLang = answer.lang;
    }
    const stored = text.slice(0, MAX_STORED_QUESTION);
    const questionId = storage.recordQuestion({
      chat: ctx.chat.key,
      text: stored,
      folded: foldForGrouping(stored),
      lang: answer.lang,
      answered: answer.answered,
      kind: answer.kind,
      sectionId: answer.sources[0]?.sectionId,
      at: clock.now(),
    });
    const ui = UI[answer.lang];
    const reply = this.answerReply(answer, questionId, ui);
    if (!answer.answered) this.addFollowUps(reply, { questionId, lang: answer.lang, why: 'declined', chat: ctx.chat.key });
    return answer.lang === chatLang ? reply : carryLang([reply], answer.lang)[0]!;
  }

  private answerReply(answer: Answer, questionId: number, ui: (typeof UI)[Lang]): Reply {
    if (answer.answered) {
      return {
        blocks: answer.blocks,
        buttons: [
          [
            { label: '👍', action: { type: 'feedback', questionId, vote: 'up' } },
            { label: '👎', action: { type: 'feedback', questionId, vote: 'down' } },
          ],
          [{ label: ui.buttonTopics, action: { type: 'topics' } }],
        ],
      };
    }
    return {
      blocks: answer.blocks,
      buttons: [
        [
          { label: ui.buttonTopics, action: { type: 'topics' } },
          { label: ui.buttonHelp, action: { type: 'help' } },
        ],
      ],
    };
  }

  private welcome(ctx: CommandContext): Reply[] {
    const ui = UI[ctx.lang];
    return [{ ...textReply(ui.welcome), buttons: topicMenu(ctx.lang, '', 'topic').buttons }];
  }

  private help(lang: Lang, isStaff = false): Reply {
    const ui = UI[lang];
    return textReply(isStaff ? `${ui.help}\n\n${ui.staffHelp}` : ui.help, [
      [
        { label: ui.buttonTopics, action: { type: 'topics' } },
        { label: ui.buttonEvents, action: { type: 'events' } },
      ],
    ]);
  }

  private topicOverview(ctx: CommandContext, topic: TopicId): Reply[] {
    const overview = this.deps.engine.overview(topic, ctx.lang);
    const ui = UI[ctx.lang];
    const subscribed = this.deps.storage.listSubscriptions(ctx.chat.key).includes(topic);
    const toggle: Button = subscribed
      ? { label: ui.buttonUnsubscribe, action: { type: 'unsubscribe', topic } }
      : { label: ui.buttonSubscribe, action: { type: 'subscribe', topic } };
    // The engine titles its overview itself; a second heading above it would say the topic twice.
    const titled = overview.blocks[0]?.type === 'heading';
    return [
      {
        blocks: titled ? overview.blocks : [{ type: 'heading', text: topicLabel(topic, ctx.lang) }, ...overview.blocks],
        buttons: [[toggle, { label: ui.buttonTopics, action: { type: 'topics' } }]],
      },
    ];
  }

  private subscription(ctx: CommandContext, kind: 'subscribe' | 'unsubscribe', input: string): Reply[] {
    const ui = UI[ctx.lang];
    if (!input.trim()) {
      if (kind === 'subscribe') return [topicMenu(ctx.lang, ui.chooseTopicToSubscribe, kind)];
      // Offer only what can be undone: six buttons for a chat that follows nothing would mislead.
      const followed = this.deps.storage.listSubscriptions(ctx.chat.key);
      if (!followed.length) return [textReply(ui.mySubs(followed))];
      return [topicMenu(ctx.lang, ui.chooseTopicToUnsubscribe, kind, followed)];
    }
    const { storage } = this.deps;
    let topics = findTopics(input);
    if (ALL_TOPICS.test(input.trim())) {
      topics = kind === 'subscribe' ? [...TOPIC_IDS] : storage.listSubscriptions(ctx.chat.key);
      if (!topics.length) return [textReply(ui.mySubs(topics))];
    }
    if (!topics.length) return [textReply(ui.unknownTopic(input.slice(0, 50)))];
    const lines: string[] = [];
    const buttons: Button[][] = [];
    for (const topic of topics) {
      if (kind === 'subscribe') {
        lines.push(storage.subscribe(ctx.chat.key, topic) ? ui.subscribed(topic) : ui.alreadySubscribed(topic));
      } else {
        lines.push(storage.unsubscribe(ctx.chat.key, topic) ? ui.unsubscribed(topic) : ui.notSubscribed(topic));
      }
      // One topic keeps its "undo" label; several name the topic on each button, as /mysubs does.
      const many = topics.length > 1;
      buttons.push([
        kind === 'subscribe'
          ? { label: many ? `🔕 ${TOPICS[topic].button[ctx.lang]}` : ui.buttonUnsubscribe, action: { type: 'unsubscribe', topic } }
          : { label: many ? `🔔 ${TOPICS[topic].button[ctx.lang]}` : ui.buttonSubscribe, action: { type: 'subscribe', topic } },
      ]);
    }
    return [textReply(lines.join('\n'), buttons)];
  }

  private mySubscriptions(ctx: CommandContext): Reply[] {
    const topics = this.deps.storage.listSubscriptions(ctx.chat.key);
    const ui = UI[ctx.lang];
    const buttons: Button[][] = topics.map((topic) => [
      { label: `🔕 ${TOPICS[topic].button[ctx.lang]}`, action: { type: 'unsubscribe', topic } },
    ]);
    return [textReply(ui.mySubs(topics), buttons.length ? buttons : undefined)];
  }

  private language(ctx: CommandContext): Reply[] {
    const wanted = parseLang(ctx.args);
    if (wanted) return this.setLanguage(ctx, wanted);
    const ui = UI[ctx.lang];
    return [
      textReply(
        ctx.args ? ui.unknownLang(ctx.args.slice(0, 30)) : ui.chooseLang,
        [LANGS.map((lang) => ({ label: LANG_NAMES[lang], action: { type: 'lang', lang } }))],
      ),
    ];
  }

  private setLanguage(ctx: CommandContext, lang: Lang): Reply[] {
    this.deps.storage.setChatLang(ctx.chat.key, lang);
    return [textReply(UI[lang].langSet)];
  }

  private feedback(ctx: CommandContext, questionId: number, vote: Vote): Reply[] {
    const answeredIn = this.deps.storage.recordFeedback({ questionId, chat: ctx.chat.key, vote, at: this.deps.clock.now() });
    // Thank them in the language of the answer they rated, which may differ from the chat's.
    if (!answeredIn) return [textReply(UI[ctx.lang].feedbackUnknown)];
    const thanks = textReply(UI[answeredIn].feedbackThanks(vote));
    if (vote === 'down') this.addFollowUps(thanks, { questionId, lang: answeredIn, why: 'disliked', chat: ctx.chat.key });
    return [thanks];
  }

  // ---------------------------------------------------------------- reach: links and follow-ups

  /** `/start sub_award-seminar` from a Telegram link on a poster: subscribe, confirm, then greet. */
  private startLink(ctx: CommandContext): Reply[] {
    const payload = parseStartPayload(ctx.args);
    if (payload.kind === 'invalid') {
      return [textReply(REACH_UI[ctx.lang].invalidStartLink(payload.unknown)), ...this.welcome(ctx)];
    }
    return [...this.subscription(ctx, 'subscribe', payload.topics.join(' ')), ...this.welcome(ctx)];
  }

  private addFollowUps(reply: Reply, followUp: Parameters<NonNullable<AssistantPlugin['followUpButtons']>>[0]): void {
    const extra = (this.deps.plugins ?? []).flatMap((p) => p.followUpButtons?.(followUp) ?? []);
    if (extra.length) reply.buttons = [...(reply.buttons ?? []), extra];
  }
}

/** Marks the navigation buttons of replies with the language they were shown in (see `Action`). */
function carryLang(replies: Reply[], lang: Lang): Reply[] {
  const carries = (action: Action) => (LANG_CARRYING as readonly string[]).includes(action.type) && !('lang' in action && action.lang);
  return replies.map((reply) =>
    reply.buttons
      ? { ...reply, buttons: reply.buttons.map((row) => row.map((b) => (carries(b.action) ? { ...b, action: { ...b.action, lang } as Action } : b))) }
      : reply,
  );
}

/** A prompt with the topics (by default all six) as buttons, two per row. */
export function topicMenu(lang: Lang, prompt: string, kind: 'topic' | 'subscribe' | 'unsubscribe', topics: readonly TopicId[] = TOPIC_IDS): Reply {
  const buttons: Button[] = topics.map((topic) => ({ label: TOPICS[topic].button[lang], action: { type: kind, topic } }));
  const rows: Button[][] = [];
  for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
  return { blocks: prompt ? [{ type: 'text', text: prompt }] : [], buttons: rows };
}

function parseLang(input: string): Lang | undefined {
  const s = input.trim().toLowerCase();
  if (!s) return undefined;
  if (['zh-hant', 'hant', 'tc', '繁', '繁體', '繁体', '繁體中文', '繁体中文', 'zh-hk', 'zh-tw', '廣東話', '粵語'].includes(s)) return 'zh-Hant';
  if (['zh-hans', 'hans', 'sc', '简', '簡', '简体', '簡體', '简体中文', '簡體中文', 'zh-cn', 'zh'].includes(s)) return 'zh-Hans';
  if (['en', 'english', '英文', 'eng'].includes(s)) return 'en';
  return undefined;
}

/** One key for a question however it was written: Simplified, normalised, lowercase, no punctuation. */
export function foldForGrouping(text: string): string {
  return toSimplified(normaliseQueryText(text))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .slice(0, 200);
}
