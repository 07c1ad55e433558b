/**
 * Lists: "泛珠合作原則有邊幾條？" asks for the parts of a numbered whole (第二条 深化合作原则: （一）…（四）). The answer
 * is the parts' headings, in order, under their parent's heading — not the one part that happened to rank first.
 */
import type { IndexedSection, SectionIndex } from '../search.js';
import { foldForIndex } from '../search.js';
import { heaviestGroup, type ContentGroup } from './content.js';
import { longestCommonStretch, NUMBERED_PART, occurs } from './match.js';

/** "Which / how many principles", "有哪几项", "包括哪些方面", "what are the principles". */
const ASKS_LIST =
  /哪些|哪几|几条|几项|几个方面|几方面|哪几方面|包括哪|包括什么|什么[^，。？?\s]{0,4}(原则|任务|措施)|\bwhat are the\b|\bwhich are the\b|\blist (the|all)\b|\bname the\b/i;
const MIN_PARTS = 2;
/** The fewest characters of a whole's heading a question must share to name it (合作原则, 保障措施). */
const MIN_NAME_CHARS = 4;
/** …and most of it: 合作原则 is 4 of 深化合作原则's 6; 粤港知识产权 is only half of 推动粤港知识产权贸易合作. */
const NAME_SHARE = 0.6;
/** A subject this rare at least (idf; 原则 3.0, 措施 1.6, 领域 1.0): a word most passages use names no particular whole. */
const MIN_SUBJECT_WEIGHT = 2;
const MAX_PARTS = 12;

export interface Listing {
  /** The heading path of the whole. */
  parent: string[];
  /** The parts, in document order. */
  parts: IndexedSection[];
}

/**
 * The numbered parts of a whole in the best passage's document, when the question asks for a list and names what
 * the whole's own heading names beyond the document's title (原则 in 第二条 深化合作原则) — so the asker wants all of
 * them, whichever part or introduction ranked first.
 */
export function listingFor(index: SectionIndex, best: IndexedSection, groups: ContentGroup[], question: string, folded: string): Listing | undefined {
  if (!ASKS_LIST.test(folded) && !ASKS_LIST.test(question)) return undefined;
  // An English question shares no wording with the heading: its heaviest word beyond the document's title (原则 for
  // "principles"), if rare enough to name a particular whole, stands for it.
  const title = foldForIndex(best.document.title);
  const subject = heaviestGroup(groups.filter((g) => !g.absent && g.alternatives.every((a) => !occurs(title, a))));
  const subjectWords = subject && subject.weight >= MIN_SUBJECT_WEIGHT ? subject.alternatives.filter((a) => a.length >= 2) : [];
  // Every whole of the document with numbered parts, by its heading path.
  const wholes = new Map<string, { parent: string[]; parts: IndexedSection[] }>();
  for (const e of index.entries) {
    const path = e.section.headingPath;
    if (e.document.id !== best.document.id || path.length < 2 || !NUMBERED_PART.test(path.at(-1) ?? '')) continue;
    const parent = path.slice(0, -1);
    const key = parent.join('\u0000');
    const whole = wholes.get(key) ?? { parent, parts: [] };
    // A part long enough to be cut into passages keeps one entry: its first.
    if (!whole.parts.some((p) => p.section.headingPath.at(-1) === path.at(-1))) whole.parts.push(e);
    wholes.set(key, whole);
  }
  const asked = folded.replace(/\s/g, '');
  const candidates = [...wholes.values()].filter((w) => {
    if (w.parts.length < MIN_PARTS || w.parts.length > MAX_PARTS) return false;
    // The question names the whole by (most of) its heading — 合作原则 for 第二条 深化合作原则, 保障措施 for 第八章
    // 保障措施 — and that name is not any one part's.
    const heading = foldForIndex(withoutNumber(w.parent.at(-1) ?? '')).replace(/\s/g, '');
    const partHeadings = w.parts.map((p) => foldForIndex(p.section.headingPath.at(-1) ?? ''));
    const bySubject = subjectWords.some((a) => heading.includes(a) && !partHeadings.some((h) => h.includes(a)));
    if (bySubject) return true;
    const shared = longestCommonStretch(heading, asked);
    return (
      shared.length >= Math.max(MIN_NAME_CHARS, Math.ceil(heading.length * NAME_SHARE)) &&
      !w.parts.some((p) => foldForIndex(p.section.headingPath.at(-1) ?? '').includes(shared)) &&
      namesWhatIsListed(asked, shared)
    );
  });
  // Only an answer when exactly one whole fits: two would be a guess.
  if (candidates.length !== 1) return undefined;
  const [whole] = candidates as [{ parent: string[]; parts: IndexedSection[] }];
  return { parent: whole.parent, parts: whole.parts.sort((a, b) => a.section.order - b.section.order) };
}

/** The list word of a Chinese question, and how near the name of the whole must stand to it. */
const LIST_WORD_ZH = /哪些|哪几|几条|几项|几个方面|几方面|包括|有什么/g;
const NAME_BEFORE = 4;
const NAME_AFTER = 3;

/**
 * Whether the name shared with a heading is what the question asks to list: it stands next to the list word
 * (合作原则有哪些, 哪几项保障措施), not elsewhere in the question (要和哪些国家地区建立…合作机制 lists countries, not 机制).
 * A question with no Chinese list word (English) is not judged here.
 */
function namesWhatIsListed(asked: string, name: string): boolean {
  const lists = [...asked.matchAll(LIST_WORD_ZH)];
  if (lists.length === 0) return true;
  const at = asked.indexOf(name);
  return lists.some((m) => {
    const before = m.index - (at + name.length);
    const after = at - (m.index + m[0].length);
    return (before >= 0 && before <= NAME_BEFORE) || (after >= 0 && after <= NAME_AFTER);
  });
}

function withoutNumber(heading: string): string {
  return heading.replace(NUMBERED_PART, '').trim();
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((h, i) => h === b[i]);
}
