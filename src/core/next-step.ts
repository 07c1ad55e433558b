/**
 * A next step after every decline, and with procedural answers: who to ask (from the sourced
 * contacts) and, for dates and fees, who announces them and how to hear of them here (/events,
 * /subscribe). Nothing here comes from the documents, so nothing here is invented either: the
 * contacts carry their source and date.
 */
import { announcerOf, contactBlocks, contactsFor, type Contact } from './contacts.js';
import { REPLY_UI } from './messages.js';
import type { Block } from './reply.js';
import { toSimplified } from './text/script.js';
import type { Lang, TopicId } from './types.js';

const DATE_OR_FEE = /几时|什么时候|甚么时候|何时|日期|报名|截止|费用|几多钱|多少钱|收费|\b(when|date|dates|deadline|fees?|costs?|how much)\b/i;
/** Dates that an answer from a years-old document cannot settle: the next ones, and fees. */
const CURRENT_DATE_OR_FEE = /报名|截止|费用|钱|收费|下次|下一|今年|明年|\b(fees?|costs?|deadline|register|registration|next|upcoming)\b/i;
const PROCEDURAL = /申请|报名|登记|办理|手续|点样|怎样|怎么|如何|\bhow (do|can|to|should)\b|\b(apply|register|application)\b/i;

export interface NextStepInput {
  question: string;
  answered: boolean;
  topic?: TopicId;
  lang: Lang;
  contacts: readonly Contact[];
}

export function nextStep({ question, answered, topic, lang, contacts }: NextStepInput): Block[] {
  const q = toSimplified(question).toLowerCase();
  const ui = REPLY_UI[lang];
  const blocks: Block[] = [];
  const datesOrFees = answered ? CURRENT_DATE_OR_FEE.test(q) : DATE_OR_FEE.test(q);
  if (!answered || PROCEDURAL.test(q)) {
    const who = contactsFor(contacts, { ...(topic ? { topic } : {}), lang, max: answered ? 1 : 2 });
    if (who.length) blocks.push({ type: 'text', text: ui.nextStep }, ...contactBlocks(who, lang));
  }
  if (datesOrFees) {
    const announcer = topic ? announcerOf(contacts, topic)?.name[lang] : undefined;
    blocks.push({ type: 'text', text: ui.datesAndFees(topic, announcer) });
  }
  return blocks;
}
