/**
 * Ranking: MiniSearch candidates re-ranked by how much of the question's weighted content each passage covers,
 * its best sentence (with evidence of what is asked), BM25 and a heading that carries the question's wording.
 */
import type { DocumentMeta } from '../knowledge/types.js';
import type { IndexedSection, SectionIndex } from '../search.js';
import type { FoldedQuery } from '../text/fold.js';
import { toScript } from '../text/script.js';
import type { ContentGroup } from './content.js';
import { asksRatio, sentenceTense, type Intent } from './intent.js';
import { commonSubsequence, hanRuns, longestCommonRun, NUMBERED_PART, occurs, partialMatch, phraseBonus, withoutCitedTitles, YEAR } from './match.js';
import { ownHeading, scoreSentences } from './sentences.js';

const CANDIDATES = 30;
/** Share of the phrase bonus a heading gets (see rank). */
const HEADING_PHRASE_WEIGHT = 0.5;
/**
 * Share of a year's weight a passage gets when it names no year but its (dated, not plan) document is of that year:
 * a little above a year found only in the document's title (half), below one the passage states (measured: 0.75 and
 * full credit let every section of the 2007 press release tie with the one about the signing ceremony).
 */
const DOCUMENT_YEAR_CREDIT = 0.6;
/** How much less of the question a section listed in a table of contents may cover and still rank above the list. */
const LISTED_SECTION_MARGIN = 0.1;
/** How much of a listed section's heading a (Chinese) question must share, as one stretch, to name that section. */
const NAMES_LISTED_CHARS = 4;

export interface RankWeights {
  /** BM25 score relative to the best candidate's. */
  bm25: number;
  /** The best single sentence's coverage (plus intent evidence). */
  sentence: number;
}

export const DEFAULT_RANK_WEIGHTS: RankWeights = { bm25: 0.2, sentence: 0.5 };

export interface Ranked {
  entry: IndexedSection;
  bm25: number;
  coverage: number;
  /** Some specific (anchor) term of the question occurs in the passage. */
  anchored: boolean;
  /** The best sentence's coverage plus intent evidence. */
  focus: number;
  score: number;
}

/**
 * What people call a document of each kind ("那篇新闻稿", "the press release"): a question naming the kind names the
 * document, as its title would.
 */
const KIND_WORDS: Record<DocumentMeta['kind'], string> = {
  'press-release': '新闻稿 新闻公报 press release',
  agreement: '协议 agreement',
  'progress-report': '进展报告 报告 progress report',
  plan: '规划 plan',
  note: '',
};

const titleCache = new WeakMap<DocumentMeta, string>();
export function foldTitle(doc: DocumentMeta): string {
  let t = titleCache.get(doc);
  if (t === undefined) {
    t = `${toScript(doc.title, 'zh-Hans')} ${doc.titleEn} ${KIND_WORDS[doc.kind]}`.toLowerCase();
    titleCache.set(doc, t);
  }
  return t;
}

/** The base of a ratio: what follows 每/每万 (每万人口), or what a share is taken of (占地区生产总值比重). */
const RATIO_BASE = /每[十百千万亿]?[\p{Script=Han}]{1,2}(?=[\p{Script=Han}])|占[\p{Script=Han}]{1,8}?(?=的?比重|的?比例)/gu;

function withoutRatioBases(text: string): string {
  return text.replace(RATIO_BASE, (m) => '□'.repeat(m.length));
}

/** The texts coverage looks in: the same for every question, so made once per passage (30 passages a question). */
interface Haystacks {
  title: string;
  full: string;
  /** `full` with the bases of its ratios blanked (withoutRatioBases). */
  withoutRatioBases: string;
  /** Heading and text without the titles they cite. */
  body: string;
  /**
   * The year of its dated report or press release (not a plan) when the passage names no year ("今日(八月二日)"):
   * weaker evidence of that year than a passage stating it (DOCUMENT_YEAR_CREDIT).
   */
  documentYear: string | undefined;
}

const haystackCache = new WeakMap<IndexedSection, Haystacks>();

function haystacksOf(entry: IndexedSection): Haystacks {
  let haystacks = haystackCache.get(entry);
  if (haystacks === undefined) {
    const title = foldTitle(entry.document);
    const full = `${title} ${entry.foldedHeading} ${entry.foldedText}`;
    // A year inside a cited title (《知识产权强国建设纲要(2021—2035年)》) dates that other document, not this passage.
    const body = withoutCitedTitles(`${entry.foldedHeading} ${entry.foldedText}`);
    const year = entry.document.date.slice(0, 4);
    const undated = entry.document.kind !== 'plan' && YEAR.test(year) && !/(19|20)\d\d/.test(body);
    haystacks = { title, full, withoutRatioBases: withoutRatioBases(full), body, documentYear: undated ? year : undefined };
    haystackCache.set(entry, haystacks);
  }
  return haystacks;
}

/** Whether a passage (its document's title and heading path included) holds one of a group's words. */
export function holdsGroup(entry: IndexedSection, group: ContentGroup): boolean {
  const { full } = haystacksOf(entry);
  return group.alternatives.some((a) => occurs(full, a));
}

export function coverageOf(entry: IndexedSection, groups: ContentGroup[], asksRatio = false): { coverage: number; anchored: boolean } {
  const { title, full, body, withoutRatioBases, documentYear } = haystacksOf(entry);
  // A word the passage uses only as the base of a ratio (每万人口, 占地区生产总值比重) is not its subject: a passage
  // on patents per 10,000 people does not say what the population is, unless the question asks for the ratio.
  const haystack = asksRatio ? full : withoutRatioBases;
  let total = 0;
  let matched = 0;
  let anchored = false;
  let inTitle = 0;
  const ofDocumentYear = (g: ContentGroup) => documentYear !== undefined && g.alternatives.includes(documentYear);
  for (const g of groups) {
    total += g.weight;
    if (g.alternatives.some((a) => occurs(haystack, a))) {
      // A year asked about is the year of an event: one found only in the document's title ("协议（2015年-2016年）")
      // or in a title the passage cites is weaker evidence than a passage that states it.
      const titleOnlyYear = g.alternatives.every((a) => !YEAR.test(a) || !occurs(body, a)) && g.alternatives.some((a) => YEAR.test(a)) && !ofDocumentYear(g);
      matched += titleOnlyYear ? g.weight / 2 : g.weight;
      if (g.anchor) anchored = true;
      if (g.alternatives.some((a) => occurs(title, a))) inTitle++;
    } else if (ofDocumentYear(g)) matched += g.weight * DOCUMENT_YEAR_CREDIT;
    else matched += g.weight * partialMatch(g.alternatives, haystack);
  }
  // A question that names the document itself ("the 2015-2016 agreement") is about it, however plain its words.
  if (inTitle >= 2) anchored = true;
  return { coverage: total === 0 ? 0 : matched / total, anchored };
}

/** What a heading of the other tense than the question's costs a passage: 0.05 and 0.1 gain the same on the dev sets, 0.2 loses a near miss on dev9. */
const HEADING_TENSE_PENALTY = 0.1;

export function rank(index: SectionIndex, folded: FoldedQuery, groups: ContentGroup[], intent: Intent, weights: RankWeights = DEFAULT_RANK_WEIGHTS): Ranked[] {
  const hits = index.search(folded.searchText, CANDIDATES);
  if (hits.length === 0) return [];
  const top = hits[0]?.score ?? 1;
  const ratioAsked = asksRatio(`${folded.text} ${folded.concepts.map((c) => c.surface).join(' ')}`);
  const phrases = hanRuns(folded.text);
  // The question's own wording: the Chinese terms put for its English phrases follow no order of the asker's.
  const question = nameCharacters(folded.written);
  const ranked = hits.map((h) => {
    const { coverage, anchored } = coverageOf(h.entry, groups, ratioAsked);
    const bm25 = h.score / top;
    const focus = Math.max(0, ...scoreSentences(h.entry, groups, intent, phrases));
    // A heading that carries a long stretch of the question's wording (the name of the agreement asked about) marks
    // the passage about that thing rather than one that lists it.
    const named = Math.max(0, ...phrases.map((p) => longestCommonRun(p, h.entry.foldedHeading)));
    const headingBonus = Math.max(phraseBonus(named) * HEADING_PHRASE_WEIGHT, namedInOrder(question, h.entry));
    // A question about what was done ("搞過邊幾個專項行動") is answered from the review of the past ("“十三五”时期工作成效"),
    // one about what is planned from the plan's aims: a heading of the other tense marks the other kind of passage.
    const headingTense = intent.tense ? sentenceTense(h.entry.foldedHeading) : undefined;
    const tensePenalty = headingTense && headingTense !== intent.tense ? HEADING_TENSE_PENALTY : 0;
    const score = coverage + weights.bm25 * bm25 + weights.sentence * focus + headingBonus - tensePenalty;
    return { entry: h.entry, bm25, coverage, anchored, focus, score };
  });
  preferListedSections(ranked, phrases);
  ranked.sort((a, b) => b.score - a.score || a.entry.section.order - b.entry.section.order);
  preferNamedDocument(ranked, groups);
  return ranked;
}

/** How close two passages' scores are to count as saying the same (measured on the dev sets: 0.05 +4, 0.1 +5, 0.2 +7 −3). */
const TWIN_MARGIN = 0.1;

/**
 * Two passages of different documents that score alike (the 2015 agreement and the 2017 report say the same of the
 * famous-trademark scheme): the one whose document the question names (粤港协议, "the plan") is the one asked about.
 */
function preferNamedDocument(ranked: Ranked[], groups: ContentGroup[]): void {
  const [first, second] = ranked;
  if (!first || !second || first.entry.document === second.entry.document || first.score - second.score > TWIN_MARGIN) return;
  // What the question says only of the document (its title or kind: 协议), not of the passage itself.
  const named = (r: Ranked) => {
    const { title, body } = haystacksOf(r.entry);
    return groups.reduce((sum, g) => (g.alternatives.some((a) => occurs(title, a)) && !g.alternatives.some((a) => occurs(body, a)) ? sum + g.weight : sum), 0);
  };
  if (named(second) > named(first)) {
    ranked[0] = second;
    ranked[1] = first;
  }
}

/** How much of a section's own heading a question must hold, in order, to name it (深化CEPA…服务业合作协议). */
const NAMED_SHARE = 0.5;
/** The fewest characters of a heading that name it: shorter headings (（二）知识产权保护) are topics, not names. */
const NAMED_MIN_CHARS = 8;

/** A box of the plan (专栏17 …): numbered like the outline's parts. */
const BOX = /^\s*专栏/;

/** Han characters, letters and digits: what a name is written with, without its punctuation. */
function nameCharacters(text: string): string {
  return text.replace(/[^\p{Script=Han}a-z0-9]/gu, '');
}

/**
 * The bonus for a question that names a section by its own heading, abridged ("深化CEPA、推进服务业合作那份协议" names
 * "深化实施CEPA、共同推进粤港服务业合作协议"): the phrase bonus of the characters it shares in order, when they are at
 * least NAMED_SHARE of the heading.
 */
function namedInOrder(question: string, entry: IndexedSection): number {
  const heading = lastHeadingFolded(entry);
  if (heading === undefined) return 0;
  // A numbered heading (第三条, （二）, 6., 专栏5) is an item of a document's outline, named by its number; a title
  // without one (the agreements of the 2007 signing) is a name.
  if (NUMBERED_PART.test(heading) || BOX.test(heading)) return 0;
  const name = nameCharacters(heading);
  if (name.length < NAMED_MIN_CHARS) return 0;
  const shared = commonSubsequence(question, name);
  return shared >= NAMED_SHARE * name.length ? phraseBonus(shared) : 0;
}

/**
 * A passage that lists other sections by their headings (the six agreements signed, with a section on each) is a
 * table of contents: a section it lists, covering the question about as well, is the one about the thing asked.
 */
function preferListedSections(ranked: Ranked[], phrases: string[]): void {
  for (const list of ranked) {
    for (const listed of ranked) {
      if (listed === list || listed.entry.document !== list.entry.document || listed.score >= list.score) continue;
      const heading = lastHeadingFolded(listed.entry);
      if (heading === undefined) continue;
      if (!list.entry.foldedText.includes(heading)) continue;
      // Only a question that names the listed thing (its heading's wording) asks about it rather than the list: "那批协议
      // 在哪里签" asks about the signing of them all.
      if (phrases.length > 0 && Math.max(0, ...phrases.map((p) => longestCommonRun(p, heading))) < NAMES_LISTED_CHARS) continue;
      if (listed.coverage >= list.coverage - LISTED_SECTION_MARGIN) listed.score = list.score + 1e-6;
    }
  }
}

/** A section's own heading, folded, when it is six characters or more (as a list would write it). */
function lastHeadingFolded(entry: IndexedSection): string | undefined {
  return (entry.section.headingPath.at(-1)?.length ?? 0) >= 6 ? ownHeading(entry) : undefined;
}
