/**
 * The decline decision: which ranked passage may answer the question, or none. A wrong answer with a citation
 * looks verified; a polite "not in my documents" does not mislead.
 */
import type { IndexedSection } from '../search.js';
import { heaviestGroup, type ContentGroup } from './content.js';
import { askedMonths, asksOneYear, asksPartAlone, countedGroups, coversMonths, figureBeside, givesFigure, countedNoun, countsForSide, countsOneYear, countsPart, countsPartOfWhole, countsThing, countsOtherThan, sideAsked, statedFigures, statedWholes } from './count.js';
import { asksCity, asksOutcome, asksRatio, asksStatusNow, asksStillNow, asksUpcomingDate, asksWhere, INTENT_EVIDENCE, PEOPLE_FIGURE, type Intent } from './intent.js';
import { asksMoney, MONEY_FIGURE, speaksOfYear, unsupportedFact } from './facts.js';
import { occurs, withoutCitedTitles, YEAR } from './match.js';
import { generalIdf, words } from '../text/tokenize.js';
import { sentencesAbout, sentencesOf } from './sentences.js';
import { excludedQualifiers, hasRowFor } from './table-rows.js';
import { editionAsked, namesEdition, speaksOfOtherEdition } from './edition.js';
import { asksName, asksWhatCalled, asksWhichOnes, countedMembersAsked, givesName, leavesUnnamed, namedKindAsked, namesBodiesAsked, namesKind, namesMembers, onlyCounts, partyAsked } from './members.js';
import { holdsGroup, type Ranked } from './rank.js';

/** Tuned on the dev set (docs/search.md). */
export const DEFAULT_MIN_COVERAGE = 0.6;
/** How far down the ranking a passage that covers the question may be taken from. */
const ANSWER_WINDOW = 3;
/** A question whose every word weighs less than this (idf) is too vague to answer from one passage. */
const VAGUE_WEIGHT = 1.2;
/**
 * A word the documents never use weighing at least this much names a subject (a noun rare in general Chinese,
 * a name), and the coverage a passage needs rises by the margin. Measured on dev + dev2: off-topic questions
 * with such a subject reach at most 0.57 coverage, in-scope ones at least 0.69.
 */
const ABSENT_SUBJECT_WEIGHT = 3;
const ABSENT_SUBJECT_MARGIN = 0.05;
/**
 * Matched idf mass (in unknown-word weights) that makes an anchored passage with at least STORY_MIN_COVERAGE an answer.
 * Chosen on dev4: 1.5, 2 and 2.5 give the same figures on every development set (answered 0.972 → 0.986 on dev4,
 * nothing else moves); 2 is the middle of that plateau.
 */
const STORY_MATCHED_MASS = 2;
const STORY_MIN_COVERAGE = 0.5;
/** Coverage at which a passage holds all of the question's content. */
const FULL_COVERAGE = 0.95;

/** A word or two found nearly everywhere ("IP?", "广东合作", "can you help with IP"): too vague to pick a passage. */
export function isVague(groups: ContentGroup[]): boolean {
  return groups.length <= 2 && groups.every((g) => !g.absent && (g.general || g.weight < VAGUE_WEIGHT));
}

export interface DecisionInput {
  /** The cleaned question as typed, and folded to Simplified. */
  question: string;
  folded: string;
  groups: ContentGroup[];
  intent: Intent;
  ranked: Ranked[];
  minCoverage: number;
  /** The current year: the date of something still to come needs a passage that speaks of it. */
  year: number;
  /** The weight of a word no section uses (content.ts unknownWeight): the unit of matched idf mass. */
  unknownWeight: number;
}

/**
 * What the decline decision looks at for one candidate passage, each scaled to about 0–1: the share of the
 * question's weighted content it covers, whether a specific term anchors it, the weight of the heaviest word the
 * documents never use and of the content it matches (idf mass, relative to an unknown word's weight), how far it
 * leads the next candidate, its best sentence, and whether the question asks for a kind of fact.
 */
export interface DeclineFeatures {
  coverage: number;
  anchored: number;
  absentSubject: number;
  matchedMass: number;
  lead: number;
  focus: number;
  asksFact: number;
}

export function declineFeatures(r: Ranked, next: Ranked | undefined, groups: ContentGroup[], intent: Intent, unknown: number): DeclineFeatures {
  const total = groups.reduce((sum, g) => sum + g.weight, 0);
  const absent = Math.max(0, ...groups.filter((g) => g.absent).map((g) => g.weight));
  return {
    coverage: r.coverage,
    anchored: r.anchored ? 1 : 0,
    absentSubject: absent / unknown,
    matchedMass: Math.min(3, (r.coverage * total) / unknown),
    lead: next ? Math.max(0, r.score - next.score) : 1,
    focus: r.focus,
    asksFact: intent.kind === 'other' ? 0 : 1,
  };
}

/** How much less of the question a passage may cover than the best one and still be about the same thing. */
const SAME_SUBJECT_MARGIN = 0.2;
/** The oldest a document may be to say what is still so today: a plan's five years. */
const STILL_NOW_MAX_AGE = 5;

export type Decision = { answer: Ranked } | { answer: undefined; reason: DeclineReason };
export type DeclineReason = 'no-covering-passage' | 'no-count' | 'unsupported-fact' | 'upcoming-date' | 'no-place' | 'unknown-year' | 'no-date' | 'other-year' | 'no-row' | 'no-names' | 'other-edition';

export function decide({ question, folded, groups, intent, ranked, minCoverage, year, unknownWeight }: DecisionInput): Decision {
  // The best-ranked passage that covers the question well enough answers it; the others follow as sources.
  // A question that names something the documents never mention (签证, 建造师, a hotel) is about that thing
  // unless nearly everything else in it matches: it needs more coverage.
  const needed = groups.some((g) => g.absent && !g.selfDescribed && g.weight >= ABSENT_SUBJECT_WEIGHT) ? minCoverage + ABSENT_SUBJECT_MARGIN : minCoverage;
  // A thing of a place the documents never name (日本的專利代理人考試, 新加坡嘅商標法) is that place's, outside them; a
  // place the asker only goes to or sells to (去德國參展) leaves the question the documents' own.
  if (groups.some((g) => g.absent && !g.selfDescribed && isWellKnownPlace(g.alternatives[0] ?? '') && ownedBy(folded, g.alternatives[0]!))) {
    return { answer: undefined, reason: 'no-covering-passage' };
  }
  // A year is no anchor by itself ("GDP in 2020"), but with everything else of the question found too it pins the
  // passage down ("the plan's goals for 2035").
  const datedAndCovered = (r: Ranked) => r.coverage >= FULL_COVERAGE && groups.some((g) => g.alternatives.some((a) => YEAR.test(a)));
  // A long question tells its story around the question (本人在广州经营一家小型制造企业…): its own words dilute the
  // coverage, but a passage matching much specific content (idf mass of two unknown words or more) is still about it.
  const total = groups.reduce((sum, g) => sum + g.weight, 0);
  // The question's specific words the documents use: what a name or a part asked alone is looked for beside.
  const specific = groups.filter((g) => g.anchor && !g.absent && !g.general);
  const matchesMuch = (r: Ranked) => r.anchored && r.coverage >= STORY_MIN_COVERAGE && (r.coverage * total) / unknownWeight >= STORY_MATCHED_MASS;
  // Nor is any one everyday word, but a passage holding every content word of a question with many ("全球创新指数排名…深圳
  // 香港广州…科技群") is about it.
  const holdsAll = (r: Ranked) => r.coverage >= FULL_COVERAGE && (r.coverage * total) / unknownWeight >= STORY_MATCHED_MASS;
  let covering = ranked.slice(0, ANSWER_WINDOW).filter((r) => (r.coverage >= needed && (r.anchored || datedAndCovered(r) || holdsAll(r))) || matchesMuch(r));
  // A year the question names ("2015年…有几多人合格", "2025年 PCT 目标") pins the answer to that year: a passage that
  // speaks only of other years (the 2016 exam, the 2020 results) answers another question.
  const askedYears = groups.filter((g) => !g.absent).flatMap((g) => g.alternatives.filter((a) => YEAR.test(a))).map(Number);
  // A plan period asked about ("十四五期间…目标") is its years: the review of the last plan (十三五) does not answer it.
  // So is a plan's target ("十四五规划对有效注册商标量定了什么目标"): the last plan's target (目标值) is another plan's.
  const asksTarget = intent.tense === 'future' && TARGET_ASKED.test(`${question} ${folded}`);
  // A plan period qualifying the figure ("十四五商标品牌发展指数") pins it too, unlike the plan named as a document
  // ("十四五知识产权规划里…").
  const periodYears = FIVE_YEAR_PLAN_ENDS.filter(([plan]) => new RegExp(`${plan}(期间|时期|期末|末|内)|${plan}(?![^，。？?\\s]{0,8}规划)[\\p{Script=Han}]`, 'u').test(folded) || (asksTarget && folded.includes(plan))).flatMap(([, end]) => [end - 4, end - 3, end - 2, end - 1, end]);
  const pinned = [...askedYears, ...periodYears];
  const ofAskedYear = pinned.length === 0 ? covering : covering.filter((r) => pinned.some((y) => speaksOfYearIn(r.entry, y)));
  if (covering.length > 0 && ofAskedYear.length === 0) return { answer: undefined, reason: 'other-year' };
  covering = ofAskedYear;
  // A table answers through a row about the question's subject, with a figure for the year asked.
  // A count of a unit asked for (how many products, 幾多件) is not answered by a row in money or a share.
  const countsItems =
    intent.kind === 'count' && ((intent.evidence !== undefined && intent.evidence !== INTENT_EVIDENCE.count) || asksQuantity(question, folded)) && !asksMoney(question, folded) && !asksRatio(folded);
  // What the asker sets aside (不计高价值): neither its table row nor its figure answers.
  const excluded = excludedQualifiers(folded);
  const withRow = covering.filter((r) => hasRowFor(r.entry, groups, askedYears, countsItems, excluded));
  if (covering.length > 0 && withRow.length === 0) return { answer: undefined, reason: 'no-row' };
  // A table's notes (注：1“…”是指…) define its terms: they answer what a term means, not the question their words share,
  // and set no bar for how much of the question the answer must cover.
  const definitionAsked = DEFINITION_ASKED.test(`${question} ${folded}`);
  covering = withRow.filter((r) => !isNote(r.entry) || definitionAsked);
  if (covering.length === 0) return { answer: undefined, reason: 'no-covering-passage' };
  // A figure, a date or a kind of fact is taken from a passage about the same thing as the best: one covering the
  // question clearly less well gives the figure or date of something else (a customs visit, when the seminar asked
  // about has no day).
  const best = covering.find((r) => !isNote(r.entry)) ?? covering[0]!;
  let answering = covering.filter((r) => r.coverage >= best.coverage - SAME_SUBJECT_MARGIN);
  // Nor does a passage without the question's most specific word, when the best one has it: the 2015 agreement's
  // signing date is not the pan-PRD agreement's.
  const mostSpecific = heaviestGroup(specific);
  if (mostSpecific && holdsGroup(best.entry, mostSpecific)) answering = answering.filter((r) => holdsGroup(r.entry, mostSpecific));
  const keep = (answers: (r: Ranked) => boolean, reason: DeclineReason): DeclineReason | undefined => {
    answering = answering.filter(answers);
    return answering.length === 0 ? reason : undefined;
  };
  // "How many…" needs a passage that counts something (a figure with a unit): the best covering one that does,
  // and none when none does ("香港多间大学" does not say how many universities Hong Kong has).
  // It must also count the thing asked about, where asked about: a sentence with the figure names the counted noun
  // and any specific place of the question ("how many universities in Guangzhou" is not answered by "5 universities
  // in the province set up IP schools").
  if (intent.kind === 'count') {
    const { noun, places } = countedGroups(question, folded, groups);
    // A unit asked for ("几多个人", "how many people") needs a figure in that unit: cases and items counted say nothing
    // of the people arrested.
    const people = intent.evidence === PEOPLE_FIGURE ? PEOPLE_FIGURE : undefined;
    const reason = keep(
      (r) => countsSomething(r.entry, intent) && countsThing(r.entry, intent, noun ? [noun, ...places] : places, askedYears) && (!people || people.test(r.entry.foldedText)),
      'no-count',
    );
    if (reason) return { answer: undefined, reason };
    // A figure given only beside the qualifier the asker set aside is that qualifier's figure.
    if (excluded.length > 0) {
      const apart = keep((r) => sentencesOf(r.entry).some(({ folded: s }) => INTENT_EVIDENCE.count.test(s) && !excluded.some((x) => s.includes(x))), 'no-count');
      if (apart) return { answer: undefined, reason: apart };
    }
    // "26个代表里面有多少个是学生": a part of a whole the question counts itself is answered by a figure for the part.
    const wholes = statedWholes(question, folded);
    // The part as the question's concept has it (new → 新增 or 新任), not only the one word the count was read as.
    const partWord = countedNoun(question, folded).chinese;
    const part = noun?.alternatives ?? groups.find((g) => partWord !== undefined && g.alternatives.includes(partWord))?.alternatives ?? (partWord ? [partWord] : []);
    if (wholes.length > 0 && part.length > 0) {
      const reason = keep((r) => countsPartOfWhole(r.entry, wholes, part), 'no-count');
      if (reason) return { answer: undefined, reason };
    } else {
      // The figure the asker gives ("那600个服务站现在建好了多少个") is what they know, not what they ask.
      const stated = statedFigures(folded);
      const reason = stated.length > 0 ? keep((r) => countsOtherThan(r.entry, stated), 'no-count') : undefined;
      if (reason) return { answer: undefined, reason };
    }
    // "2017年下半年" asks the figure of those months: a report's July-to-June figures are another period's.
    const months = askedMonths(question, folded);
    if (months) {
      const reason = keep((r) => coversMonths(r.entry, months), 'other-year');
      if (reason) return { answer: undefined, reason };
    }
    // "2020年一年" asks one year's figure: a five-year total (累计) is not it.
    if (asksOneYear(question, folded)) {
      const one = keep((r) => countsOneYear(r.entry, groups, intent.evidence ?? INTENT_EVIDENCE.count), 'no-count');
      if (one) return { answer: undefined, reason: one };
    }
    if (asksPartAlone(question, folded)) {
      const part = keep((r) => countsPart(r.entry, specific, intent.evidence ?? INTENT_EVIDENCE.count), 'no-count');
      if (part) return { answer: undefined, reason: part };
    }
  }
  // "When…" likewise needs a passage with a date in a sentence that holds the question's content: the best covering
  // one that has it, and none when none does (the pan-PRD agreement's own date, not the 2015 declaration it cites).
  const dateEvidence = intent.evidence;
  // The date or place of one edition (第十六次会议) is in a sentence naming that edition: the report made for the 16th
  // meeting names it in its title only, and the dates in it are of other meetings (召开…专题会议).
  const edition = editionAsked(question, folded);
  if (intent.kind === 'when' && dateEvidence) {
    const reason = keep((r) => statesNear(r.entry, dateEvidence, groups, mostSpecific, edition), 'no-date');
    if (reason) return { answer: undefined, reason };
  }
  // A figure for one side of a joint effort (粤方, the HK side) is in a sentence naming that side.
  const side = sideAsked(question, folded);
  const money = asksMoney(question, folded);
  if (side && (intent.kind === 'count' || money)) {
    const figure = money ? MONEY_FIGURE : (intent.evidence ?? INTENT_EVIDENCE.count);
    const reason = keep((r) => countsForSide(r.entry, side, figure), 'no-count');
    if (reason) return { answer: undefined, reason };
  }
  // A count is one of the thing asked where the passage speaks of it: the paragraph on the 雷公 operation gives no
  // count, and the seizures of four other operations in the paragraph before are not its figures. (A sum asked
  // without a count, "what support for pledge financing", is left to the fact checks below.)
  if (intent.kind === 'count' && mostSpecific) {
    const asked = groups.filter((g) => !g.absent).flatMap((g) => g.alternatives);
    const reason = keep((r) => figureBeside(r.entry, mostSpecific, money ? MONEY_FIGURE : intent, asked), 'no-count');
    if (reason) return { answer: undefined, reason };
  }
  // A kind of fact asked for (a fee, a venue, how often) needs its evidence in the passage.
  const reason = keep((r) => !unsupportedFact(question, folded, r.entry), 'unsupported-fact');
  if (reason) return { answer: undefined, reason };
  // "广告片叫什么名字": a passage that gives no name beside the subject (in quotation marks, or in full) does not say what
  // it is called; the best one that does may.
  if (asksWhatCalled(question, folded)) {
    const unnamed = keep((r) => givesName(r.entry, specific.map((g) => g.alternatives)), 'no-names');
    if (unnamed) return { answer: undefined, reason: unnamed };
  }
  // "哪些品牌", "获奖作品叫什么名字": a thing of a kind that bears names is answered where the passage names one, not
  // where it only counts them (12件参赛作品) — and never when the documents do not use the kind's word at all (哪栋大楼).
  // (Where something happened — 在哪个城市 — is judged by the place it names, below.)
  const kind = asksWhere(folded) ? undefined : namedKindAsked(folded);
  if (kind !== undefined) {
    const group = groups.find((g) => g.alternatives.some((a) => a.endsWith(kind)));
    if (group?.absent) return { answer: undefined, reason: 'no-names' };
    const kinds = [kind, ...(group?.alternatives.filter((a) => a.length >= 2 && a !== kind) ?? [])];
    const unnamed = keep((r) => namesKind(r.entry, kinds), 'no-names');
    if (unnamed) return { answer: undefined, reason: unnamed };
  }
  const chosen = answering[0]!;
  // "Which are the five…" is answered where the five are named, not where they are only counted.
  const members = countedMembersAsked(question, folded);
  if (members !== undefined && !namesMembers(chosen.entry, members)) return { answer: undefined, reason: 'no-names' };
  // "Which ones" (哪几所, 哪些学校, "which universities") is answered where they are named, not only counted (获中国版权金奖4项).
  if (members === undefined && asksWhichOnes(question, folded) && onlyCounts(chosen.entry, specific) && !namesBodiesAsked(question, folded, chosen.entry)) return { answer: undefined, reason: 'no-names' };
  // "哪几间香港大学": the Hong Kong ones, where the passage says only 香港多间大学 and names the universities visited.
  const party = members !== undefined || asksWhichOnes(question, folded) || kind !== undefined ? partyAsked(question, folded) : undefined;
  if (party && leavesUnnamed(chosen.entry, groups.filter((g) => !g.absent && !g.general).map((g) => g.alternatives), party)) return { answer: undefined, reason: 'no-names' };
  // "那家律师事务所叫什么": a passage that mentions it only as 一所律师事务所 does not name it.
  if (asksName(question, folded) && leavesUnnamed(chosen.entry, groups.filter((g) => !g.absent).map((g) => g.alternatives))) {
    return { answer: undefined, reason: 'no-names' };
  }
  if (asksWhere(folded)) {
    // A place asked for needs a sentence naming one next to the question's content (the pan-PRD agreement leaves its
    // signing place blank)…
    const within = placeAskedWithin(question, folded);
    const place = { city: asksCity(question, folded), visitAsked: VISIT_ASKED.test(`${question} ${folded}`), edition, within };
    if (!namesPlace(chosen.entry, groups, specific, place)) return { answer: undefined, reason: 'no-place' };
    // …and a document that prints the place as a blank (本协议于二〇一六年 月 日在 签署) never says where that was done.
    if (ranked.some((r) => r.entry.document === chosen.entry.document && leavesPlaceBlank(r.entry, folded))) return { answer: undefined, reason: 'no-place' };
  }
  // The documents are Guangdong's and Hong Kong's; Macao is mostly a third of 粤港澳. A question about Macao alone (粤澳协议,
  // "macau's rules") is answered only where Macao is spoken of, not by the Guangdong–Hong Kong passage its other words fit.
  if (asksOfMacaoAlone(question, folded) && !speaksOfMacao(chosen.entry)) return { answer: undefined, reason: 'no-covering-passage' };
  // The 14th award is not the 15th: a passage numbering only other editions does not answer.
  if (edition !== undefined && speaksOfOtherEdition(chosen.entry, edition)) return { answer: undefined, reason: 'other-edition' };
  // A year the documents never mention (2030) is a year they say nothing about.
  if (groups.some((g) => g.absent && g.alternatives.some((a) => YEAR.test(a)))) return { answer: undefined, reason: 'unknown-year' };
  // Whether the 2025 goals were reached is not in a plan written in 2021: an outcome is known only after its year.
  if (pinned.length > 0 && asksOutcome(question, folded) && pinned.every((y) => y > Number(chosen.entry.document.date.slice(0, 4)))) {
    return { answer: undefined, reason: 'upcoming-date' };
  }
  // "The next seminar" is a live fact, unless the question dates itself ("the 2015 agreement: when is the next seminar
  // to be held?" asks what that agreement planned).
  const datedPast = pinned.some((y) => y < year);
  if (!datedPast && (asksUpcomingDate(question, folded, intent) || asksStatusNow(question, folded)) && !speaksOfYear(chosen.entry, year)) return { answer: undefined, reason: 'upcoming-date' };
  // Whether the famous-trademark scheme still runs is not in a report of 2017; a plan of the current five years says
  // what is policy now.
  if (!datedPast && asksStillNow(question, folded) && year - Number(chosen.entry.document.date.slice(0, 4)) > STILL_NOW_MAX_AGE) return { answer: undefined, reason: 'upcoming-date' };
  return { answer: chosen };
}

/** A place a where-question asks within ("喺香港邊度", "where in Guangzhou"): the answer must be a place inside it. */
const ASKED_WITHIN = /(香港|澳门|广州|深圳|珠海|佛山|东莞|中山|惠州|江门|肇庆|汕头|湛江|横琴|前海|南沙|北京|上海)(的)?(哪里|哪儿|何处|什么地方|哪个地方|哪个位置)/;
const ASKED_WITHIN_EN = /\bwhere in (hong kong|hk|macao|macau|guangzhou|shenzhen|zhuhai|beijing|shanghai)\b/i;
const ENGLISH_PLACE: Record<string, string> = { 'hong kong': '香港', hk: '香港', macao: '澳门', macau: '澳门', guangzhou: '广州', shenzhen: '深圳', zhuhai: '珠海', beijing: '北京', shanghai: '上海' };

export function placeAskedWithin(question: string, folded: string): string | undefined {
  const english = ASKED_WITHIN_EN.exec(question)?.[1]?.toLowerCase();
  return ASKED_WITHIN.exec(folded)?.[1] ?? (english ? ENGLISH_PLACE[english] : undefined);
}

/**
 * Whether a sentence holding the question's content names a place (not only the place asked within, said as where
 * something was done); a city when a city is asked for ("具体在哪个城市": "在珠三角地区举行" names a region, not a city).
 */
function namesPlace(
  entry: IndexedSection,
  groups: ContentGroup[],
  specific: ContentGroup[],
  { city, visitAsked, edition, within }: { city: boolean; visitAsked: boolean; edition: number | undefined; within: string | undefined },
): boolean {
  const ownWords = specific.flatMap((g) => g.alternatives.filter((a) => a.length >= 2));
  // The place asked within, said as where it was done, is no answer: "在香港签署" does not say where in Hong Kong.
  // Named with a body or a building (中山市版权局, 香港会议展览中心), it is part of an answer.
  const doneIn = within ? new RegExp(`(在|于)${within}(市)?(?=[举进召签办，。、\\s]|$)`, 'gu') : undefined;
  // A place is one of the thing asked where the passage speaks of it: the seminars held around the province are not
  // the forum named in the next paragraph.
  return sentencesAbout(entry, heaviestGroup(specific)).some((folded) => {
    if (edition !== undefined && !namesEdition(folded, edition)) return false;
    const told = doneIn ? folded.replace(doneIn, '$1 ') : folded;
    // The question's own specific words are what it asks about, not the answer: "建立粤港澳大湾区…保险服务中心" names
    // the centre asked about, not the city it is in.
    const places = withoutWords(withoutBodies(visitAsked ? told : withoutVisits(told)), ownWords);
    return INTENT_EVIDENCE.where.test(places) && groups.some((g) => g.alternatives.some((a) => occurs(folded, a))) && (!city || namesCity(places));
  });
}

function withoutWords(sentence: string, own: readonly string[]): string {
  return own.reduce((text, word) => text.split(word).join('□'), sentence);
}

/**
 * What a delegation visited, and why ("…出席博览会，并参观东莞松山湖科技产业园区…，以了解广东省版权产业…"), is not
 * where the event it attended was held.
 */
const VISITED = /(参观|到访|拜访|走访|考察|访问)[^。；;]*/g;
const VISIT_ASKED = /参观|到访|拜访|走访|考察|访问|\bvisit/i;

function withoutVisits(sentence: string): string {
  return sentence.replace(VISITED, '');
}

/** A province or city naming a body (广东省版权局, 深圳市政府) is no place where something happened. */
const BODY_PLACE = /(省|市)(?=[\p{Script=Han}]{0,6}?(局|厅|署|委员会|政府|海关|法院|公安|检察院))/gu;

function withoutBodies(sentence: string): string {
  return sentence.replace(BODY_PLACE, '□');
}

/** 在, a gap, then the verb (签署, 举办, 召开, 办理): a form whose place was never filled in. */
const BLANK_PLACE = /在\s+([签举召办])\p{Script=Han}/gu;

/** Whether the passage leaves blank the place of something the question asks about (its verb: 签 → 在 签署). */
function leavesPlaceBlank(entry: IndexedSection, folded: string): boolean {
  for (const m of entry.foldedText.matchAll(BLANK_PLACE)) if (folded.includes(m[1]!)) return true;
  return false;
}

/** Provinces, regions and the places the documents are about as a whole: none of them is a city. */
const NOT_A_CITY = /^(河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|粤港|粤澳|港澳|珠三角|珠江三角洲|大湾区|粤港澳|泛珠|泛珠三角|内地|全国|全省|广东|广东省|中国|海外|境外|国外|亚洲|欧洲|美国|地区|区域|城市|地方|当地|各地)$/;

function namesCity(sentence: string): boolean {
  // Hong Kong and Macao are cities, but in these documents mostly parties (香港考生, 香港海关): a city where something
  // happens only after 在, 于, 赴 (在香港举行).
  const partyCity = (word: string) => /^(香港|澳门)$/.test(word) && !new RegExp(`(在|于|赴|到|来)${word}`).test(sentence);
  return (
    // 市 ends a city's name (东莞市), not 市场 (market) or 市民 (citizens).
    /[\p{Script=Han}]{2,4}(?<!城)市(?![场民值面县区级])/u.test(sentence) ||
    words(sentence).some((w) => w.tag === 'ns' && w.word.length >= 2 && !NOT_A_CITY.test(w.word) && !/[省区国洲]$/.test(w.word) && !partyCity(w.word))
  );
}

/**
 * Whether a sentence about the subject (the question's most specific word) states the date with some of the question's
 * content: the six agreements signed 今日 do not date the fish-seal arrangement told in another paragraph.
 */
function statesNear(entry: IndexedSection, evidence: RegExp, groups: ContentGroup[], subject: ContentGroup | undefined, edition: number | undefined): boolean {
  const present = groups.filter((g) => !g.absent);
  return sentencesAbout(entry, subject).some(
    (folded) =>
      evidence.test(withoutCitedTitles(folded)) && present.some((g) => g.alternatives.some((a) => occurs(folded, a))) && (edition === undefined || namesEdition(folded, edition)),
  );
}

/**
 * Whether a passage speaks of a year:
 * - it names the year (in its text, headings or its document's title), or a period that holds it ("2016年7月至2017年6月",
 *   "2015年-2016年");
 * - it names no year and its document is dated that year ("今日(八月二日)" in a 2007 press release) — not a plan, which
 *   speaks of its period, not of the year it was issued;
 * - it belongs to a five-year plan ending that year: a plan's measures and targets are for its last year ("到2025年" is
 *   often left unsaid), while its middle years get no figures (the 2021–2025 plan says nothing of 2022).
 */
function speaksOfYearIn(entry: IndexedSection, year: number): boolean {
  // A title the passage cites (《…纲要（2008-2020年）》) dates that other document.
  const text = withoutCitedTitles(`${entry.foldedHeading} ${entry.foldedText}`) + ` ${entry.document.title}`;
  if (occurs(text, String(year))) return true;
  if (entry.document.kind !== 'plan' && !/(19|20)\d\d\s*年/.test(text) && entry.document.date.startsWith(String(year))) return true;
  for (const m of text.matchAll(/(\d{4})\s*年?[^，。；\d]{0,6}?[-—–~至到]\s*(\d{4})\s*年/g)) {
    if (Number(m[1]) <= year && year <= Number(m[2])) return true;
  }
  // The nearest heading naming a plan says which: the 2021–2025 plan's review of "十三五" speaks of 2020.
  const planContext = [...entry.section.headingPath].reverse().find((h) => FIVE_YEAR_PLAN_ENDS.some(([plan]) => h.includes(plan))) ?? entry.document.title;
  // A heading naming two ("“十三五”时期工作成效和“十四五”时期发展形势") is about the first.
  const named = FIVE_YEAR_PLAN_ENDS.filter(([plan]) => planContext.includes(plan)).sort(([a], [b]) => planContext.indexOf(a) - planContext.indexOf(b));
  return named[0]?.[1] === year;
}

/** A plan's aim asked for: 目标, 规划值, "target". */
const TARGET_ASKED = /目标|规划值|\btargets?\b|\bgoals?\b/i;

/**
 * A number of things asked for by its name ("有效注册商标量", "the number of valid registered trademarks"): a count
 * of items, not an index in points (商标品牌发展指数 分) or a sum of money. 质量 (quality), 力量, 能量 are no amounts.
 */
function asksQuantity(question: string, folded: string): boolean {
  return /(?<![质力能重含流])量/.test(folded) || /\bnumber of\b/i.test(question);
}

const FIVE_YEAR_PLAN_ENDS: Array<[string, number]> = [
  ['十二五', 2015],
  ['十三五', 2020],
  ['十四五', 2025],
];


function countsSomething(entry: IndexedSection, intent: Intent): boolean {
  return givesFigure(entry.foldedText, intent);
}

/** What a term means, how it is defined or counted, what it includes. */
const DEFINITION_ASKED = /是指|界定|定义|意思|指什么|怎样算|怎么算|算不算|参考|依据|口径|包括|包含|涵盖|\b(mean|means|meaning|define|defined|definition|count as|counts as|counted as|qualif(y|ies) as|based on|refers? to|include|includes|including|cover|covers)\b/i;

/** A table's notes: a passage headed 注, or opening with 注：. */
function isNote(entry: IndexedSection): boolean {
  return entry.section.headingPath.at(-1)?.trim() === '注' || /^\s*注\s*[:：]/.test(entry.section.text);
}

/** A place everyone knows (日本, 美国, 上海: common in general Chinese) that the documents never name: asked about, it is outside them. */
function isWellKnownPlace(word: string): boolean {
  if (!/^\p{Script=Han}{2,}$/u.test(word)) return false;
  const tagged = words(word);
  return tagged.length === 1 && tagged[0]!.tag === 'ns' && (generalIdf(word) ?? 99) < 8;
}

/** The place owns what follows it: 日本的, 新加坡嘅 (folded to 的), 英国之. */
function ownedBy(folded: string, place: string): boolean {
  return new RegExp(`${place}(?:的|之)`).test(folded);
}

/** Macao as a party: 澳门, 粤澳, 澳资, 澳方 (not the 澳资 of 粤港澳资料库). */
const MACAO = /澳门|粤澳|(?<!港)澳[资方]/;

/** Macao named as a party (澳门, 粤澳, 澳资, "macau"), and Hong Kong not (港澳 names both). */
function asksOfMacaoAlone(question: string, folded: string): boolean {
  return (MACAO.test(folded) || /\bmaca[ou]\b/i.test(question)) && !/香港|粤港|港澳|港资|港方|\bhong kong\b|\bhk\b/i.test(`${question} ${folded.replace(/港澳/g, '')}`);
}

/** Macao named by itself or with Hong Kong (港澳), not only inside the region's name 粤港澳. */
function speaksOfMacao(entry: IndexedSection): boolean {
  const text = `${entry.foldedHeading} ${entry.foldedText} ${entry.document.title}`;
  return MACAO.test(text) || /(?<!粤)港澳/.test(text);
}
