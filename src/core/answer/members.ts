/**
 * Names asked for. "Which are the five universities?": a question that names how many there are and asks which ones
 * has read the count in the documents; it is answered only where they name the members, not where they only count
 * them ("建成2个国家地理标志产品保护示范区" says how many zones, not which). "What is the advert called?", "which law
 * firm?": answered only where the text names it — in quotation marks, not as 一所律师事务所.
 */
import type { IndexedSection } from '../search.js';
import { heaviestGroup, type ContentGroup } from './content.js';
import { words, type TaggedWord } from '../text/tokenize.js';
import { sentencesOf } from './sentences.js';

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ENGLISH_NUMBERS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const COUNTED = /(\d+|[一二两三四五六七八九十]+)\s*(个|项|所|家|份|位|名|件|款|类|种|座|条)/gu;

export function numberOf(numeral: string): number | undefined {
  if (/^\d+$/.test(numeral)) return Number(numeral);
  // 十二 = 12, 二十 = 20, 十 = 10.
  const m = /^([一二两三四五六七八九])?(十)?([一二两三四五六七八九])?$/.exec(numeral);
  if (!m || (!m[2] && m[3])) return undefined;
  if (!m[2]) return m[1] ? CHINESE_DIGITS[m[1]] : undefined;
  return (m[1] ? CHINESE_DIGITS[m[1]]! : 1) * 10 + (m[3] ? CHINESE_DIGITS[m[3]]! : 0);
}

/** Asking which ones (哪几所, 邊幾個, 係邊4個, which two…), as opposed to how many or what about them. */
const WHICH_ZH = /哪几|哪些|是哪|边几|边啲|边些|系边|哪[个所项家份位]|是什么|系咩|系乜/;

/** How many members the question says there are, when it asks which they are; undefined otherwise. */
export function countedMembersAsked(question: string, folded: string): number | undefined {
  const english = /\bwhich (two|three|four|five|six|seven|eight|nine|ten|\d+)\b/i.exec(question)?.[1]?.toLowerCase();
  if (english) return ENGLISH_NUMBERS[english] ?? Number(english);
  if (!WHICH_ZH.test(folded)) return undefined;
  for (const m of folded.matchAll(COUNTED)) {
    const n = numberOf(m[1]!);
    // One is no set to list; a plan period (十四五) or an ordinal (第十五届) is no count.
    if (n !== undefined && n > 1 && folded[m.index - 1] !== '第') return n;
  }
  return undefined;
}

/**
 * Whether a passage names the members of a set of n it counts: a sentence counting n of something lists them just
 * before (凤凰单丛、吴川月饼…等4个) or goes on to them (六份合作协议，包括…：). A passage that does not count n
 * is not judged here.
 */
export function namesMembers(entry: IndexedSection, n: number): boolean {
  let counts = false;
  for (const { folded } of sentencesOf(entry)) {
    for (const m of folded.matchAll(COUNTED)) {
      if (numberOf(m[1]!) !== n) continue;
      counts = true;
      const before = folded.slice(Math.max(0, m.index - 2), m.index);
      const after = folded.slice(m.index + m[0].length, m.index + m[0].length + 20);
      if (/等\s*$/.test(before) || /包括|分别|：|:|（|\(|即/.test(after)) return true;
    }
  }
  return !counts;
}

/** Asking what something is called (叫什么名字, "what was it called", its code name). */
const CALLED_ZH = /叫什么|叫乜|叫咩|什么名|咩名|乜名|名称是|名字/;
const CALLED_EN = /\bname of\b|\bcalled\b|\bcode ?names?\b|\bnamed\b/i;
/** Asking which one of some kind of institution (哪一所, 边间, 哪几个, "which universities / law firm"). */
const WHICH_ONE_ZH = /哪(一|几)?(所|间|家|个)|边(一|几)?(所|间|家|个)/;
const WHICH_ONE_EN = /\bwhich ([a-z-]+ ){0,3}(universit(y|ies)|colleges?|schools?|firms?|law firms?|compan(y|ies)|enterprises?|businesses|hospitals?|banks?|agenc(y|ies))\b/i;

export function asksWhatCalled(question: string, folded: string): boolean {
  return CALLED_ZH.test(folded) || CALLED_EN.test(question);
}

/** Asking a thing's name: what it is called, or which one it was. */
export function asksName(question: string, folded: string): boolean {
  return asksWhatCalled(question, folded) || WHICH_ONE_ZH.test(folded) || WHICH_ONE_EN.test(question);
}

/** A name given as the documents give names: in quotation marks or book-title marks (“雷公行动”, 《…》), or as a code name. */
const QUOTED_NAME = /[“「《"‘『][^”」》"’』]{2,30}[”」》"’』]|代号/;

/** What a question calls a name: the frame of the question, not what it is about. */
const NAME_WORDS = new Set(['名称', '名字', '名单', '名', '叫']);

/**
 * Whether a passage gives a name where it speaks of the question's subject: a sentence with a name in it that holds
 * one of the question's specific words (`subjects`, alternatives per word; all sentences when none is given). What
 * something is called is answered only by such a passage, not by one quoting a slogan two sentences away.
 */
export function givesName(entry: IndexedSection, subjects: string[][] = []): boolean {
  const wanted = subjects.filter((alternatives) => !alternatives.some((a) => NAME_WORDS.has(a)));
  return sentencesOf(entry).some(
    ({ folded }) =>
      (QUOTED_NAME.test(folded) && (wanted.length === 0 || wanted.some((alternatives) => alternatives.some((a) => folded.includes(a))))) ||
      wanted.some((alternatives) => namesInFull(folded, alternatives)),
  );
}

/** Words a full name is made of: nouns, places, bodies, adjectives, abbreviations, nominal verbs (培育). */
const NAME_PART = /^(n|nr|ns|nt|nz|a|b|j|vn)$/;
const PROPER = /^(ns|nt|nr)$/;
/** The shortest full name: a place and a kind (粤港澳大湾区…大赛). */
const FULL_NAME_CHARS = 8;

/**
 * Whether a sentence calls the thing by a full name without quotation marks: a run of nouns, at least eight
 * characters, from a place or a body to the head noun asked about ("举办粤港澳大湾区高价值商标品牌培育大赛"). A
 * description ("合作制作版权保护广告宣传片") begins with a verb, not a name.
 */
function namesInFull(sentence: string, heads: string[]): boolean {
  const tagged = words(sentence);
  for (let end = 0; end < tagged.length; end++) {
    const head = tagged[end]!.word;
    if (!heads.some((h) => h.length >= 2 && head.endsWith(h))) continue;
    // A run holding a proper word is a name, wherever the proper word stands in it: 知识产权珠江论坛 (珠江 inside).
    const run = tagged.slice(nameRunStart(tagged, end), end + 1);
    if (run.some((w) => PROPER.test(w.tag)) && run.map((w) => w.word).join('').length >= FULL_NAME_CHARS) return true;
  }
  return false;
}

/** Said of a thing without naming it: 一所（香港）律师事务所, 多间大学, 若干企业, 部分重点地区口岸. */
const INDEFINITE_BEFORE = /((一|多|若干|某|数|几)(所|间|家|个|位|批|些)[\p{Script=Han}]{0,4}|(部分|若干|一些|某些)[\p{Script=Han}]{0,6})$/u;

/**
 * Whether the passage refers to the thing a name-question asks about only without naming it: every mention of one
 * of the question's words in the passage follows "一所", "多间", "某"… ("访问了…一所香港律师事务所" names no firm).
 * A word the passage does not hold, or holds once named, is not judged here.
 */
export function leavesUnnamed(entry: IndexedSection, words: string[][], party?: string): boolean {
  const text = entry.foldedText;
  return words.some((alternatives) => {
    let mentions = 0;
    for (const word of alternatives) {
      if (word.length < 2 || word === party) continue;
      for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
        const before = text.slice(Math.max(0, at - 8), at);
        // Of the party asked (香港多间大学), not the other side's (华南理工大学) that the passage does name.
        if (party !== undefined && !before.includes(party)) continue;
        mentions++;
        if (!INDEFINITE_BEFORE.test(before)) return false;
      }
    }
    return mentions > 0;
  });
}

/**
 * The party whose ones a which-question asks for (哪几间香港大学, 香港边几间大学, "which hk universities"): Hong Kong or
 * Macao said beside the question word.
 */
export function partyAsked(question: string, folded: string): string | undefined {
  const chinese = /(香港|澳门)[^，。？?,\s]{0,4}?(哪|几)|(哪|几)[^，。？?,\s]{0,3}?(香港|澳门)/.exec(folded);
  if (chinese) return chinese[1] ?? chinese[4];
  const english = /\bwhich (hk|hong kong|macau|macao)\b/i.exec(question)?.[1]?.toLowerCase();
  return english === undefined ? undefined : english.startsWith('mac') ? '澳门' : '香港';
}

const AUXILIARY = /^(does|did|do|is|are|was|were|has|have|had|can|could|will|would|should)$/;

/** Asking which ones, several (哪几所, 哪些学校, 边啲, "which universities"), as opposed to how many or which one. */
export function asksWhichOnes(question: string, folded: string): boolean {
  // English: "which" and a plural noun within three words, before any verb ("which association does…" asks one).
  const english = /\bwhich ((?:[a-z-]+ ){0,2}[a-z]+)\b/i.exec(question)?.[1]?.toLowerCase().split(' ') ?? [];
  const verb = english.findIndex((w) => AUXILIARY.test(w));
  const beforeVerb = verb < 0 ? english : english.slice(0, verb);
  return /哪几|哪些|边几|边啲|边些/.test(folded) || beforeVerb.some((w) => /^[a-z]+(ies|[^su]s)$/.test(w));
}

/** Bodies asked for: 哪些部门, 哪几个机构, "which departments". */
const BODIES_ASKED = /(?:哪|边)(?:几|些|啲)?个?(?:政府|执法)?(?:部门|机构|单位|机关)|\bwhich (?:[a-z]+ )?(?:departments|agencies|bodies|authorities|organi[sz]ations)\b/i;
/** A body's name by its last word: 海关总署广东分署, 广东省公安厅, 广东省工商局. */
const BODY_NAME = /\p{Script=Han}{2,}?(?:局|署|厅|委员会|海关|法院|检察院|办公室)/gu;

/**
 * Whether the question asks which bodies (部门, 机构) and the passage names one the question does not: bodies are named
 * as the subjects of its sentences (香港海关与广东省工商局…交换情报), not listed, so a passage that also counts
 * what they did names them all the same.
 */
export function namesBodiesAsked(question: string, folded: string, entry: IndexedSection): boolean {
  if (!BODIES_ASKED.test(folded) && !BODIES_ASKED.test(question)) return false;
  // A match starts where the sentence's Chinese run does (与广东省工商局…), so a body is told by its last four characters;
  // one the question names itself (香港海关) is not one asked for.
  return sentencesOf(entry).some(({ folded: s }) => [...s.matchAll(BODY_NAME)].some((m) => !folded.includes(m[0].slice(-4))));
}

/** A count of a whole: 全省21个, 全部5所. */
const ALL_OF = /(全省|全市|全国|全部|所有)\s*(\d+|[一二两三四五六七八九十]+)\s*(个|项|所|家|间|座)/u;

/** One count, tested once per sentence (COUNTED is global, for matchAll). */
const COUNTS = new RegExp(COUNTED.source, 'u');

/** A list in a sentence: items between 、, or two quoted or book-titled names. */
const LISTED = /[\p{Script=Han}”」》]\s*、\s*[\p{Script=Han}“「《]|([“「《][^”」》]{2,30}[”」》].*){2,}/u;

/**
 * Whether the passage only counts what the question asks about: a sentence holding one of the question's specific words
 * gives a count (4项, 9个奖项) and none of those sentences lists anything.
 */
export function onlyCounts(entry: IndexedSection, specific: ContentGroup[]): boolean {
  // The heaviest specific word is what the ones asked about are: 金奖, not the period (十三五) the question also names.
  const subject = heaviestGroup(specific);
  if (!subject) return false;
  const about = sentencesOf(entry).filter(({ folded }) => subject.alternatives.some((a) => folded.includes(a)));
  // …and a count of all of them (全省21个地级以上市) names them as a whole.
  if (about.length === 0 || about.some(({ folded }) => LISTED.test(folded) || ALL_OF.test(folded))) return false;
  return about.some(({ folded }) => COUNTS.test(folded));
}

/**
 * Kinds of thing a passage names with the kind's own word beside the name: schools and firms, places and buildings,
 * works and brands. "Which brands", "哪件作品", "哪栋大楼" ask for one by its name; "哪些领域" or "哪几个方面" ask for a
 * description, which a passage on the subject gives in its own words. Bodies (机构, 部门), enterprises and events
 * are left out: a passage names them without the kind's word ("由香港知识产权署与…合办") or describes them by type
 * (快递企业), and the dev sets lost seven answers with them in. General vocabulary, not any question's words.
 */
const NAMED_KINDS = [
  '大学', '高校', '学校', '中学', '小学', '学院', '研究院', '研究所', '事务所', '律所', '医院', '银行', '公司', '集团', '电视台',
  '报纸', '网站', '品牌', '作品', '影片', '电影', '节目', '刊物', '口岸', '城市', '国家', '省份', '大楼', '大厦', '酒店', '场馆',
  '园区', '奖项',
];

/** A which-word and its classifier (哪几个, 哪些, 哪栋, 边间); 哪里, 哪天, 哪年 ask where and when. */
const WHICH_KIND = /(?:哪|边)(?:一|几|些|啲)?(?:个|所|间|家|件|项|位|条|种|款|座|栋|幢|只|本|部|类|份|批|支|队)?(?![里儿度天年月日时])/gu;
/** A thing's name asked after it: 作品叫什么名字, 品牌的名称. */
const CALLED_AFTER = /^(?:的)?(?:叫什么|叫乜|叫咩|什么名|咩名|乜名|名称|名字)/;
const NOUN_TAG = /^(n|nz|ns|nt|vn|ng|nr|j)$/;

/**
 * The kind of thing a question asks to be named — the nouns after "which" (哪几个考点城市 → 城市) or before "called"
 * (获奖作品叫什么名字 → 作品) — when it is a kind that bears names; undefined otherwise.
 */
export function namedKindAsked(folded: string): string | undefined {
  const tagged = words(folded);
  let at = 0;
  const starts: number[] = [];
  // The tagger leaves out punctuation: each word is found where it stands.
  for (const w of tagged) {
    const found = folded.indexOf(w.word, at);
    starts.push(found < 0 ? at : found);
    at = (found < 0 ? at : found) + w.word.length;
  }
  for (let i = 0; i < tagged.length; i++) {
    const rest = folded.slice(starts[i]!);
    // The nouns just before 叫什么名字.
    if (CALLED_AFTER.test(rest) && i > 0) {
      const kind = kindOf(tagged[i - 1]!.word);
      if (kind) return kind;
    }
  }
  for (const m of folded.matchAll(WHICH_KIND)) {
    const after = m.index + m[0].length;
    const i = starts.findIndex((s) => s >= after);
    if (i < 0 || starts[i] !== after) continue;
    let head: string | undefined;
    for (let j = i; j < tagged.length && NOUN_TAG.test(tagged[j]!.tag); j++) head = tagged[j]!.word;
    const kind = head === undefined ? undefined : kindOf(head);
    if (kind) return kind;
  }
  return undefined;
}

function kindOf(word: string): string | undefined {
  return NAMED_KINDS.find((k) => word.endsWith(k));
}

/** A list or a name next to the kind: 、…等城市, 城市包括…, “雷公”行动, 品牌“…”. */
const LIST_BEFORE = /(、[^，。；;：:]*|等\s*(\d+|[一二两三四五六七八九十]+)?\s*[个所间家件项位条种款座]?\s*)$/u;
const LIST_AFTER = /^\s*(包括|如|例如|：|:|（|\(|即|分别|“|「|《)/u;
/** A quoted name just before the kind, or a few characters before it (“一带一路”沿线国家). */
const QUOTED_BEFORE = /[”」》"]\s*[\p{Script=Han}]{0,4}$/u;

/**
 * Whether the passage names a thing of the kind asked for where it speaks of that kind: in a list, with a name in
 * quotation marks beside it, or as the last part of a proper name (华南理工大学, 广东科学中心). "在全国27个城市" counts
 * cities and "12件参赛作品" counts works: neither names one. Nor does a passage that never uses the kind's words (a
 * passage on the exam that names no city): taking that for "not judged" answered a near miss on dev21 and no more.
 */
export function namesKind(entry: IndexedSection, kinds: string[]): boolean {
  for (const { folded } of sentencesOf(entry)) {
    for (const kind of kinds) {
      for (let at = folded.indexOf(kind); at >= 0; at = folded.indexOf(kind, at + kind.length)) {
        const before = folded.slice(Math.max(0, at - 24), at);
        const after = folded.slice(at + kind.length, at + kind.length + 4);
        if (LIST_BEFORE.test(before) || LIST_AFTER.test(after) || QUOTED_BEFORE.test(before)) return true;
      }
    }
    if (namedInRun(folded, kinds)) return true;
  }
  return false;
}

/** A proper word (a place, a body, a programme) in the run of nouns that ends with the kind: 中山大学南沙研究院, 知识产权珠江论坛. */
function namedInRun(sentence: string, kinds: string[]): boolean {
  const tagged = words(sentence);
  for (let end = 0; end < tagged.length; end++) {
    const head = tagged[end]!.word;
    if (!kinds.some((k) => head.endsWith(k))) continue;
    // A company's legal form (有限公司, 股份公司) ends its registered name.
    if ((head.length > 2 && PROPER_OR_NAME.test(tagged[end]!.tag)) || /(有限|股份)(公司|责任公司)$/.test(head) || /有限|股份/.test(tagged[end - 1]?.word ?? '')) return true;
    if (tagged.slice(nameRunStart(tagged, end), end).some((w) => PROPER_OR_NAME.test(w.tag))) return true;
  }
  return false;
}

/** Where the run of name parts (nouns, places, bodies…) that ends at `end` begins. */
function nameRunStart(tagged: readonly TaggedWord[], end: number): number {
  let start = end;
  while (start > 0 && NAME_PART.test(tagged[start - 1]!.tag)) start--;
  return start;
}

const PROPER_OR_NAME = /^(ns|nt|nr|nz)$/;
