/**
 * The channel-neutral conversation: every channel turns its platform event into an `Incoming`,
 * calls `assistant.handle(incoming)` and renders the returned replies. Nothing here knows about
 * Telegram, LINE, SQLite or HTTP.
 */
import { aboutAnswer, aboutQuestion } from './about.js';
import { LANG_CARRYING, type Action, type Vote } from './actions.js';
import { citation } from './citation.js';
import { contactBlocks, contactNeed, contactsFor, namedContacts, type Contact } from './contacts.js';
import type { Answer, AnswerEngine } from './engine.js';
import { parseStartPayload } from './links.js';
import { isLive, isShort, readFollowUp, subjectOf } from './followup.js';
import type { KnowledgeBase } from './knowledge/types.js';
import { LANG_NAMES, REACH_UI, REPLY_UI, UI, langFromLocale, topicLabel } from './messages.js';
import { nextSentences, sentencesReached } from './more.js';
import { nextStep } from './next-step.js';
import type { ChatRecord, Clock, ConversationContext, Storage } from './ports.js';
import { textReply, type Block, type Button, type Reply } from './reply.js';
import { normaliseQueryText } from './text/normalise.js';
import { detectLang, toScript, toSimplified } from './text/script.js';
import { TOPICS, findTopic, findTopics, topicMentioned, topicsMentioned } from './topics.js';
import { FEEDBACK_REASONS, LANGS, TOPIC_IDS, type ChannelName, type FeedbackReason, type Lang, type TopicId } from './types.js';
import { updateBlocks, type KnowledgeUpdate } from './updates.js';

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
  /** Sourced contacts (`contacts.yaml`) for declines, procedural answers and contact questions. */
  contacts?: readonly Contact[];
  /** The documents, for "tell me more" (the next sentences of the section last quoted). */
  knowledge?: Pick<KnowledgeBase, 'documents' | 'sections'>;
  /** Later-development notes, for the "What changed since?" button. */
  updates?: readonly KnowledgeUpdate[];
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
      'feedback-reason': (ctx, a) => (a.type === 'feedback-reason' ? this.feedbackReason(ctx, a.questionId, a.reason) : []),
      more: (ctx) => this.more(ctx, ctx.lang),
      clarify: (ctx, a) => (a.type === 'clarify' ? this.clarified(ctx, a.topic) : []),
      changed: (ctx, a) => (a.type === 'changed' ? this.whatChanged(ctx, a.update) : []),
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
      if (!QUESTION_WORDS.test(rest) && (!rest || ALL_TOPICS.test(rest) || findTopics(rest).length)) {
        // Like a question, the words' own script decides the reply's: 订阅 is answered in Simplified.
        const lang: Lang = /[訂閱]/.test(word) ? 'zh-Hant' : /[订阅]/.test(word) ? 'zh-Hans' : 'en';
        if (lang === ctx.lang) return this.subscription(ctx, kind, rest);
        return carryLang(this.subscription({ ...ctx, lang }, kind, rest), lang);
      }
    }
    return this.question(ctx, text);
  }

  /** `inLang`: the language to answer in whatever the text's script (a clarified question keeps the asker's). */
  private question(ctx: CommandContext, text: string, inLang?: Lang): Reply[] {
    const { engine, storage, clock } = this.deps;
    const now = clock.now();
    const stored = storage.getContext(ctx.chat.key);
    const context = stored && isLive(stored, now) ? stored : undefined;
    // A language the person chose wins over the script of the question; otherwise the question's own.
    const chosen = inLang ?? (ctx.chat.langChosen && ctx.chat.lang ? ctx.chat.lang : undefined);
    const askedIn = chosen ?? detectLang(text, context?.lang ?? ctx.lang);
    const about = aboutQuestion(text);
    if (about) return carryLang([textReply(aboutAnswer(about, askedIn), this.navigation(askedIn))], askedIn);
    const need = contactNeed(text);
    if (need) return [this.contactReply(text, need, context, askedIn)];
    const follow = readFollowUp(text, context, now);
    if (follow?.kind === 'more') return this.more(ctx, askedIn);
    const asked = follow?.question ?? text;
    const answer = engine.ask(asked, follow || chosen ? { lang: askedIn } : {});
    // An empty message has no script of its own: answer in the chat's language.
    if (answer.kind === 'empty') return [textReply(UI[ctx.lang].emptyMessage)];
    // Until a person picks a language, the script they write in is the best guess for reminders.
    let chatLang = ctx.lang;
    if (!ctx.chat.lang && (answer.kind === 'answer' || answer.kind === 'out-of-scope')) {
      storage.setChatLang(ctx.chat.key, answer.lang);
      chatLang = answer.lang;
    }
    const topic = this.topicOf(asked, answer) ?? (follow ? context?.topic : undefined);
    const choices = follow || inLang ? [] : programmesMeant(asked, answer);
    if (choices.length > 1) {
      // Two programmes fit: ask which, rather than answer about one the person may not mean.
      this.remember(ctx, asked, { ...answer, answered: false }, undefined, now);
      const buttons = choices.map((t) => ({ label: TOPICS[t].button[answer.lang], action: { type: 'clarify', topic: t } as Action }));
      return carryLang([textReply(REPLY_UI[answer.lang].clarify, [buttons])], answer.lang);
    }
    const questionId = this.record(ctx, text, answer);
    this.remember(ctx, asked, answer, topic, now);
    const reply = this.answerReply(answer, questionId, asked, topic);
    if (!answer.answered) this.addFollowUps(reply, { questionId, lang: answer.lang, why: 'declined', chat: ctx.chat.key });
    return answer.lang === chatLang ? [reply] : carryLang([reply], answer.lang);
  }

  private record(ctx: CommandContext, text: string, answer: Answer): number {
    const stored = text.slice(0, MAX_STORED_QUESTION);
    return this.deps.storage.recordQuestion({
      chat: ctx.chat.key,
      text: stored,
      folded: foldForGrouping(stored),
      lang: answer.lang,
      answered: answer.answered,
      kind: answer.kind,
      sectionId: answer.sources[0]?.sectionId,
      at: this.deps.clock.now(),
    });
  }

  /** The topic a question is about: named in it, else the one its quoted section is about. */
  private topicOf(asked: string, answer: Answer): TopicId | undefined {
    const best = answer.sources[0];
    return topicMentioned(asked) ?? (best ? topicMentioned(`${best.section} ${best.text}`) : undefined);
  }

  /** Keeps what a follow-up needs: the question as read, its topic and the section quoted so far. */
  private remember(ctx: CommandContext, asked: string, answer: Answer, topic: TopicId | undefined, now: Date): void {
    const best = answer.answered ? answer.sources[0] : undefined;
    const quote = answer.blocks.filter((b) => b.type === 'quote').map((b) => b.text).join('');
    const context: ConversationContext = {
      question: asked,
      lang: answer.lang,
      ...(topic ? { topic } : {}),
      ...(best ? { sectionId: best.sectionId, sentencesShown: sentencesReached(best.text, quote) } : {}),
      at: now.toISOString(),
    };
    this.deps.storage.setContext(ctx.chat.key, context);
  }

  /** "Is there a number I can call?", "知識產權署嘅網址係咩": from the sourced contacts, never guessed. */
  private contactReply(text: string, need: 'phone' | 'url' | 'any', context: ConversationContext | undefined, lang: Lang): Reply {
    const contacts = this.deps.contacts ?? [];
    const ui = REPLY_UI[lang];
    const named = namedContacts(text, contacts);
    const topic = topicMentioned(text) ?? context?.topic;
    const withNeed = named.filter((c) => (need === 'phone' ? c.phone : need === 'url' ? c.url : true));
    let blocks: Block[];
    if (withNeed.length) {
      blocks = contactBlocks(withNeed.slice(0, 2), lang, need, true);
    } else {
      // Something named that the contacts do not have (customs, a registry): say so, then what there is.
      const namesOther = named.length > 0 || subjectOf(text).replace(/\s/g, '').length >= 2;
      const fallback = contactsFor(contacts, { ...(topic ? { topic } : {}), lang, need, max: 2 });
      const usable = fallback.length ? fallback : contactsFor(contacts, { ...(topic ? { topic } : {}), lang, max: 2 });
      blocks = [{ type: 'text', text: namesOther ? ui.noSuchContact : ui.nextStep }, ...contactBlocks(usable, lang, need, true)];
    }
    return { blocks, buttons: this.navigation(lang) };
  }

  /** The next sentences of the section last quoted in this chat. */
  private more(ctx: CommandContext, lang: Lang): Reply[] {
    const { storage, clock, knowledge } = this.deps;
    const now = clock.now();
    const context = storage.getContext(ctx.chat.key);
    const section = context && isLive(context, now) && context.sectionId ? knowledge?.sections.find((s) => s.id === context.sectionId) : undefined;
    const doc = section && knowledge?.documents.find((d) => d.id === section.docId);
    const ui = REPLY_UI[lang];
    if (!context || !section || !doc) return carryLang([textReply(ui.moreWithoutContext, this.navigation(lang))], lang);
    const next = nextSentences(section.text, context.sentencesShown ?? 0);
    if (!next) return carryLang([textReply(ui.moreEnd, this.navigation(lang))], lang);
    storage.setContext(ctx.chat.key, { ...context, sentencesShown: next.reached, at: now.toISOString() });
    const buttons: Button[][] = next.remaining ? [[{ label: ui.buttonMore, action: { type: 'more' } }]] : [];
    return carryLang(
      [
        {
          blocks: [
            { type: 'quote', text: toScript(next.text, lang) + (next.remaining ? '…' : '') },
            { type: 'source', text: citation(doc, section.headingPath, lang) },
          ],
          buttons: [...buttons, ...this.navigation(lang)],
        },
      ],
      lang,
    );
  }

  /** The clarifying question was answered: ask the last question again, about that topic only. */
  private clarified(ctx: CommandContext, topic: TopicId): Reply[] {
    const context = this.deps.storage.getContext(ctx.chat.key);
    const lang = context?.lang ?? ctx.lang;
    if (!context || !isLive(context, this.deps.clock.now())) return [textReply(REPLY_UI[lang].moreWithoutContext)];
    let question = toSimplified(context.question).toLowerCase();
    for (const other of TOPIC_IDS) if (other !== topic) question = question.replace(new RegExp(TOPICS[other].mentions.source, 'g'), '');
    return this.question({ ...ctx, lang }, `${TOPICS[topic].label['zh-Hans']} ${question}`, lang);
  }

  /** The full note behind "What changed since?". */
  private whatChanged(ctx: CommandContext, id: string): Reply[] {
    const update = this.deps.updates?.find((u) => u.id === id);
    if (!update) return [textReply(UI[ctx.lang].unsupportedAction)];
    return [{ blocks: updateBlocks(update, ctx.lang), buttons: this.navigation(ctx.lang) }];
  }

  private navigation(lang: Lang): Button[][] {
    const ui = UI[lang];
    return [
      [
        { label: ui.buttonTopics, action: { type: 'topics' } },
        { label: ui.buttonHelp, action: { type: 'help' } },
      ],
    ];
  }

  private answerReply(answer: Answer, questionId: number, asked: string, topic: TopicId | undefined): Reply {
    const ui = UI[answer.lang];
    const next = nextStep({ question: asked, answered: answer.answered, ...(topic ? { topic } : {}), lang: answer.lang, contacts: this.deps.contacts ?? [] });
    const blocks = [...answer.blocks, ...next];
    if (answer.answered) {
      const changed: Button[][] = (answer.changes ?? []).slice(0, 1).map((id) => [
        { label: REPLY_UI[answer.lang].buttonWhatChanged, action: { type: 'changed', update: id } },
      ]);
      return {
        blocks,
        buttons: [
          [
            { label: '👍', action: { type: 'feedback', questionId, vote: 'up' } },
            { label: '👎', action: { type: 'feedback', questionId, vote: 'down' } },
          ],
          ...changed,
          [
            { label: REPLY_UI[answer.lang].buttonMore, action: { type: 'more' } },
            { label: ui.buttonTopics, action: { type: 'topics' } },
          ],
        ],
      };
    }
    return { blocks, buttons: this.navigation(answer.lang) };
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
    this.deps.storage.setChatLang(ctx.chat.key, lang, true);
    return [textReply(UI[lang].langSet)];
  }

  private feedback(ctx: CommandContext, questionId: number, vote: Vote): Reply[] {
    const answeredIn = this.deps.storage.recordFeedback({ questionId, chat: ctx.chat.key, vote, at: this.deps.clock.now() });
    // Thank them in the language of the answer they rated, which may differ from the chat's.
    if (!answeredIn) return [textReply(UI[ctx.lang].feedbackUnknown)];
    if (vote === 'up') return [textReply(UI[answeredIn].feedbackThanks(vote))];
    // A 👎 says something was wrong, not what: ask, with one tap per usual reason.
    const ui = REPLY_UI[answeredIn];
    const reasons: Button[] = FEEDBACK_REASONS.map((reason) => ({ label: ui.feedbackReason[reason], action: { type: 'feedback-reason', questionId, reason } }));
    const why = textReply(ui.feedbackWhy, [reasons.slice(0, 2), reasons.slice(2)]);
    this.addFollowUps(why, { questionId, lang: answeredIn, why: 'disliked', chat: ctx.chat.key });
    return [why];
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

  private feedbackReason(ctx: CommandContext, questionId: number, reason: FeedbackReason): Reply[] {
    const recorded = this.deps.storage.recordFeedbackReason({ questionId, chat: ctx.chat.key, reason });
    return [textReply(recorded ? REPLY_UI[ctx.lang].feedbackReasonThanks : UI[ctx.lang].feedbackUnknown)];
  }
}

/** How close the runner-up must score to the best passage for a question to fit both. */
const CLOSE_SECOND = 0.92;

/**
 * The programmes a short question could mean, when it could mean more than one: it names two
 * (研討會同發明獎幾時舉行？), or it names none and the two best passages, scored nearly alike, are about
 * different ones. Empty when the question is clear.
 */
function programmesMeant(asked: string, answer: Answer): TopicId[] {
  if (!isShort(asked)) return [];
  const named = topicsMentioned(asked);
  if (named.length > 1) return named.slice(0, 3);
  if (named.length || !answer.answered) return [];
  const [first, second] = answer.sources;
  if (!first || !second || second.score < first.score * CLOSE_SECOND) return [];
  const a = topicMentioned(`${first.section} ${first.text}`);
  const b = topicMentioned(`${second.section} ${second.text}`);
  return a && b && a !== b ? [a, b] : [];
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
