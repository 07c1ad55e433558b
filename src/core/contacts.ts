/**
 * Where to send people next (`knowledge/contacts.yaml`): dated, sourced public-service contacts that
 * declines and procedural answers point to, and that answer "is there a number I can call?" and
 * "what is the IPD's website?". A contact without a source or date is not loaded.
 */
import type { Contact } from './contacts-file.js';
import type { Block } from './reply.js';
import { toSimplified } from './text/script.js';
import type { Lang, TopicId } from './types.js';

// The file's schema and parser are in contacts-file.ts: answering, which only reads contacts, loads no YAML or schema library.
export type { Contact };

export type ContactNeed = 'phone' | 'url' | 'any';

const ASKS_PHONE =
  /電話|电话|熱線|热线|打去|打俾|打给|致电|致電|hotline|telephone|phone (number|no\b)|\b(call|ring|phone) (them|someone|somebody|anyone)\b|\bnumber (to|i can) call\b|\bcan i call\b/i;
const ASKS_URL = /網址|网址|網站|网站|網頁|网页|website|web site|\burl\b|\bhomepage\b/i;
const ASKS_CONTACT =
  /聯絡(方法|方式|資料)|联络(方法|方式|资料)|联系(方式|方法)|聯繫方式|(點樣|点样|怎樣|怎样|怎麼|怎么|如何)(聯絡|联络|联系|聯繫)|(聯絡|联络|联系|問|问|搵|找)(邊個|边个|谁|誰)|\bcontact (details|info|information)\b|\bhow (can|do) i (contact|reach)\b|\bwho (can|do|should) i (ask|contact)\b/i;

/** What kind of contact a question asks for, if it asks for one at all. */
export function contactNeed(question: string): ContactNeed | undefined {
  if (ASKS_PHONE.test(question)) return 'phone';
  if (ASKS_URL.test(question)) return 'url';
  if (ASKS_CONTACT.test(question)) return 'any';
  return undefined;
}

/** Contacts the question names ("知識產權署嘅網址", "CNIPA website"), best first. */
export function namedContacts(question: string, contacts: readonly Contact[]): Contact[] {
  const q = toSimplified(question).toLowerCase();
  return contacts
    .map((c) => {
      const names = [...c.aliases, c.name['zh-Hans'], c.name.en].map((a) => toSimplified(a).toLowerCase());
      const longest = Math.max(0, ...names.filter((n) => matchesName(q, n)).map((n) => n.length));
      return { c, longest };
    })
    .filter((x) => x.longest > 0)
    .sort((a, b) => b.longest - a.longest)
    .map((x) => x.c);
}

function matchesName(question: string, name: string): boolean {
  // "ipd" must be a word, not part of "rapid"; Chinese names have no word boundaries.
  return /^[a-z0-9 ]+$/.test(name) ? new RegExp(`\\b${name.replace(/ /g, '\\s+')}\\b`).test(question) : question.includes(name);
}

/** Hong Kong Traditional and English askers are served by Hong Kong first; Simplified by the mainland. */
function regionOf(lang: Lang): 'hk' | 'mainland' {
  return lang === 'zh-Hans' ? 'mainland' : 'hk';
}

/**
 * The contacts for a topic (or any IP question), the asker's region first, at most `max`. With a
 * need, only contacts that have it (a phone question is not answered with a website).
 */
export function contactsFor(
  contacts: readonly Contact[],
  options: { topic?: TopicId; lang: Lang; need?: ContactNeed; max?: number },
): Contact[] {
  const region = regionOf(options.lang);
  const has = (c: Contact) => (options.need === 'phone' ? !!c.phone : options.need === 'url' ? !!c.url : true);
  const rank = (c: Contact) =>
    (c.regions.includes(region) ? 0 : 2) + (options.topic && c.topics.includes(options.topic) ? 0 : c.topics.length ? 4 : 1);
  const ranked = contacts
    .filter((c) => has(c) && (!options.topic || !c.topics.length || c.topics.includes(options.topic)))
    .map((c, i) => ({ c, r: rank(c) * 100 + i }))
    .sort((a, b) => a.r - b.r)
    .map((x) => x.c);
  // Someone in Hong Kong has no use for a mainland city hotline while a Hong Kong contact fits.
  const local = ranked.filter((c) => c.regions.includes(region));
  return (local.length ? local : ranked).slice(0, options.max ?? 2);
}

/** The body that announces a topic's dates and fees, if the contacts name one. */
export function announcerOf(contacts: readonly Contact[], topic: TopicId): Contact | undefined {
  return contacts.find((c) => c.announces.includes(topic));
}

const CHECKED: Record<Lang, (date: string) => string> = {
  'zh-Hant': (d) => `聯絡資料於${d}按官方來源整理`,
  'zh-Hans': (d) => `联络资料于${d}按官方来源整理`,
  en: (d) => `contact details noted ${d} from official sources`,
};

/**
 * Each contact as its name (a link to its site when it has one) with phone and hours; `detail` adds
 * who it serves. Then when the details were noted.
 */
export function contactBlocks(list: readonly Contact[], lang: Lang, need: ContactNeed = 'any', detail = false): Block[] {
  const blocks: Block[] = [];
  for (const c of list) {
    const hours = c.hours ? (lang === 'en' ? ` (${c.hours.en})` : `（${c.hours[lang]}）`) : '';
    const phone = need !== 'url' && c.phone ? ` ☎ ${c.phone}${hours}` : '';
    const name = `${c.name[lang]}${phone}`;
    blocks.push(c.url && need !== 'phone' ? { type: 'link', text: name, url: c.url } : { type: 'text', text: name });
    if (detail && c.note) blocks.push({ type: 'text', text: c.note[lang] });
  }
  const latest = list.map((c) => c.noted).sort().at(-1);
  if (latest) blocks.push({ type: 'source', text: CHECKED[lang](latest) });
  return blocks;
}
