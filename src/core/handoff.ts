/**
 * Asking a person. Under a declined answer, and under the thanks for a 👎, the asker gets an
 * "Ask staff" button (only when STAFF_CHAT is configured). Pressing it opens one hand-off per
 * question and relays the question, the asker's channel and language and ipbot's own reply to
 * STAFF_CHAT as `#h12`. Staff answer with `/reply h12 …` (on Telegram also by replying to the
 * relayed message); the answer goes to the asker on their channel.
 *
 * Both messages — the relay and the answer — are stored before they are sent and delivered through
 * the same claim/finish delivery log as reminders (see reminders.ts): a restart between staff's
 * /reply and the send loses nothing, and the next start (or minute tick) sends it once.
 *
 * Who may answer: anyone writing in STAFF_CHAT (the operator chose that chat, and its members
 * already see every relayed question), and staff in ADMIN_IDS from any chat.
 */
import type { AssistantPlugin, CommandContext } from './assistant.js';
import { inScript } from './events.js';
import { LANG_NAMES, REACH_UI } from './messages.js';
import type { ChannelSender, Clock, DomainLog, HandoffDeliveryKind, HandoffRecord, Storage } from './ports.js';
import { silentLog } from './ports.js';
import { renderPlain, textReply, type Reply } from './reply.js';
import { deliverOnce, emptySummary, retryKeyFor, settings, type TickSummary } from './reminders.js';
import { channelOf, type Lang } from './types.js';

/** ipbot's reply as relayed to staff: enough to see why the person asked. */
const MAX_RELAYED_REPLY = 1500;
const MAX_RELAYED_QUESTION = 1000;
/** Below both platforms' message limits, with room for the heading and the question. */
export const MAX_STAFF_ANSWER = 3500;
const REFERENCE = /#?h(\d{1,9})\b/i;
/** Where a staff answer can be delivered later; the terminal (`ipbot chat`) cannot be reached. */
const ANSWERABLE_CHANNELS: ReadonlySet<string> = new Set(['telegram', 'line']);

export interface HandoffDeps {
  /** STAFF_CHAT (`telegram:-100…`, `line:C…`); undefined switches hand-offs off: no button is shown. */
  staffChat?: string;
  log?: DomainLog;
  /** A hand-off was opened or answered: deliver now rather than at the next minute tick. */
  onChange?: () => void;
}

export const handoffRef = (id: number) => `#h${id}`;

/** `h12`, `#h12`, `H12` → 12. */
export function parseHandoffRef(text: string): number | undefined {
  const m = REFERENCE.exec(text.trim());
  return m && m.index === 0 ? Number(m[1]) : undefined;
}

export function createHandoffPlugin(deps: HandoffDeps): AssistantPlugin {
  const log = deps.log ?? silentLog;
  const { staffChat } = deps;
  const mayAnswer = (ctx: CommandContext) => ctx.isStaff || (staffChat !== undefined && ctx.chat.key === staffChat);

  function press(ctx: CommandContext, questionId: number): Reply[] {
    const { storage, clock, engine } = ctx.deps;
    const question = staffChat && ANSWERABLE_CHANNELS.has(channelOf(ctx.chat.key)) ? storage.getQuestion(questionId, ctx.chat.key) : undefined;
    if (!question) return [textReply(REACH_UI[ctx.lang].handoffUnavailable)];
    const ui = REACH_UI[question.lang];
    // The answer is a function of the question and the documents: asking again gives what they saw.
    const botReply = renderPlain(engine.ask(question.text).blocks).slice(0, MAX_RELAYED_REPLY);
    const { handoff, created } = storage.openHandoff(
      { questionId, chat: ctx.chat.key, lang: question.lang, question: question.text.slice(0, MAX_RELAYED_QUESTION), botReply },
      clock.now(),
    );
    const ref = handoffRef(handoff.id);
    if (!created) return [textReply(ui.handoffAlready(ref, handoff.status === 'answered'))];
    log('info', 'handoff.opened', { id: handoff.id, channel: channelOf(ctx.chat.key), lang: question.lang, answered: question.answered });
    deps.onChange?.();
    return [textReply(ui.handoffSent(ref))];
  }

  function answer(ctx: CommandContext, id: number | undefined, text: string): Reply[] {
    const ui = REACH_UI[ctx.lang];
    if (!staffChat) return [textReply(ui.handoffsOff)];
    if (!mayAnswer(ctx)) {
      log('warn', 'handoff.reply_refused', { sender: ctx.incoming.sender, chat: ctx.chat.key });
      return [textReply(ui.replyRefused)];
    }
    if (id === undefined || !text) return [textReply(ui.replyUsage)];
    const ref = handoffRef(id);
    const { storage, clock } = ctx.deps;
    const handoff = storage.getHandoff(id);
    if (!handoff) return [textReply(ui.replyUnknown(ref))];
    if (text.length > MAX_STAFF_ANSWER) return [textReply(ui.replyTooLong(text.length, MAX_STAFF_ANSWER))];
    if (!storage.answerHandoff(id, text, ctx.incoming.sender, clock.now())) return [textReply(ui.replyAlready(ref))];
    log('info', 'handoff.answered', { id, by: ctx.incoming.sender, waitedMs: clock.now().getTime() - Date.parse(handoff.createdAt) });
    deps.onChange?.();
    return [textReply(ui.replyQueued(ref))];
  }

  return {
    ...(staffChat
      ? {
          followUpButtons: ({ questionId, lang, chat }) =>
            ANSWERABLE_CHANNELS.has(channelOf(chat)) ? [{ label: REACH_UI[lang].buttonAskStaff, action: { type: 'handoff', questionId } }] : [],
        }
      : {}),
    actions: { handoff: (ctx, action) => (action.type === 'handoff' ? press(ctx, action.questionId) : []) },
    commands: {
      reply: (ctx) => {
        const word = ctx.args.split(/\s+/)[0] ?? '';
        return answer(ctx, parseHandoffRef(word), ctx.args.slice(word.length).trim());
      },
    },
    // On Telegram staff may simply reply to the relayed message: its text carries the reference.
    claimText: (ctx, text) => {
      if (!staffChat || !ctx.incoming.quoted || !mayAnswer(ctx)) return undefined;
      const m = /#h(\d{1,9})\b/.exec(ctx.incoming.quoted);
      return m ? answer(ctx, Number(m[1]), text) : undefined;
    },
  };
}

// ---------------------------------------------------------------- what is sent

/** The relay staff see in STAFF_CHAT. */
export function relayMessage(h: HandoffRecord, staffLang: Lang, staffChannel: string): Reply {
  const ui = REACH_UI[staffLang];
  const ref = handoffRef(h.id);
  return {
    blocks: [
      { type: 'heading', text: ui.relayHeading(ref, channelOf(h.chat), LANG_NAMES[h.lang]) },
      { type: 'text', text: `${ui.relayQuestion}\n${h.question}` },
      { type: 'text', text: `${ui.relayBotReply}\n${h.botReply}` },
      { type: 'text', text: ui.relayHowToAnswer(ref, staffChannel === 'telegram') },
    ],
  };
}

/** Staff's answer as the asker receives it, in the asker's script. */
export function answerMessage(h: HandoffRecord): Reply {
  const ui = REACH_UI[h.lang];
  return {
    blocks: [
      { type: 'heading', text: ui.staffAnswerHeading(handoffRef(h.id)) },
      { type: 'text', text: inScript(h.answer ?? '', h.lang) },
      { type: 'text', text: `${ui.yourQuestion}${h.question.slice(0, 300)}` },
    ],
  };
}

// ---------------------------------------------------------------- delivering

export interface HandoffDeliveryDeps {
  storage: Storage;
  senders: readonly ChannelSender[];
  staffChat: string;
  clock: Clock;
  log?: DomainLog;
  maxAttempts?: number;
  /** Checked before each send: shutdown stops between two sends, never mid-call. */
  shouldStop?: () => boolean;
}

/** Sends every relay and answer not yet delivered, each once (see the file comment). */
export async function deliverHandoffs(deps: HandoffDeliveryDeps): Promise<TickSummary> {
  const now = deps.clock.now();
  const s = settings({
    now,
    storage: deps.storage,
    events: [],
    senders: deps.senders,
    ...(deps.log ? { log: deps.log } : {}),
    ...(deps.maxAttempts ? { maxAttempts: deps.maxAttempts } : {}),
  });
  const summary = emptySummary();
  const staffLang = deps.storage.getChat(deps.staffChat)?.lang ?? 'zh-Hant';
  const kinds: Array<{ kind: HandoffDeliveryKind; to: (h: HandoffRecord) => string; reply: (h: HandoffRecord) => Reply }> = [
    { kind: 'relay', to: () => deps.staffChat, reply: (h) => relayMessage(h, staffLang, channelOf(deps.staffChat)) },
    { kind: 'answer', to: (h) => h.chat, reply: answerMessage },
  ];
  for (const { kind, to, reply } of kinds) {
    for (const h of deps.storage.listUndeliveredHandoffs(kind, s.maxAttempts)) {
      if (deps.shouldStop?.()) return summary;
      const chat = to(h);
      const sender = s.senders.get(channelOf(chat));
      if (!sender) continue;
      const options = { at: now, staleBefore: new Date(now.getTime() - s.staleMs), maxAttempts: s.maxAttempts };
      await deliverOnce(
        s,
        {
          record: { kind: `handoff-${kind}`, chat, ref: handoffRef(h.id), lang: kind === 'relay' ? staffLang : h.lang, title: handoffRef(h.id) },
          sender,
          reply: reply(h),
          retryKey: retryKeyFor('handoff', kind, String(h.id)),
          claim: () => deps.storage.claimHandoffDelivery(h.id, kind, options),
          finish: (r) => deps.storage.finishHandoffDelivery(h.id, kind, r, now),
        },
        summary,
      );
    }
  }
  return summary;
}
