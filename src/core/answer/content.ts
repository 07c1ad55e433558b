/**
 * Content weighting: the question's content words (glossary concepts, then jieba words of the rest) minus the
 * words that only shape a question, each weighted by how much it says about the subject (idf in the documents,
 * rarity in general Chinese for words they never use).
 */
import type { FoldedQuery } from '../text/fold.js';
import { generalIdf, words, type TaggedWord } from '../text/tokenize.js';
import { BODY_FRAME, FIGURE_FRAME, ROLE_FRAME, TARGET_FRAME, type Intent } from './intent.js';

/** What a target word weighs in a question about a plan's aims (see TARGET_FRAME). */
const TARGET_FRAME_SHARE = 0.7;

/** What content weighting needs to know of the documents (a SectionIndex). */
export interface Corpus {
  readonly size: number;
  documentFrequency(word: string): number;
  idf(word: string): number;
}

/** A content unit of the question: found in a passage when any alternative occurs there. */
export interface ContentGroup {
  alternatives: string[];
  weight: number;
  /** A specific, domain term: matching it is evidence that the documents speak of the question's subject. */
  anchor: boolean;
  /** Occurs in no section at all. */
  absent: boolean;
  /** Everyday wording (glossary `general` entries, English words no entry knows). */
  general: boolean;
  /** Said by the asker of themselves ("我開咗間做電子零件嘅小公司"): who asks, not what about. */
  selfDescribed?: boolean;
  surface: string;
}

/** The most content words a question is ranked by (see `heaviest`). */
const MAX_CONTENT_GROUPS = 32;
/** The most an everyday (lexicon) word found in the documents weighs; see contentGroups. */
const LEXICON_MAX_WEIGHT = 3;
/** Below this rarity in general Chinese (jieba idf), a word is everyday vocabulary (开始 3.8, 协议 5.9; 海关 8.1). */
const EVERYDAY_GENERAL_IDF = 6;

/** Words that shape a question (question words, pronouns, particles, filler) but are not its content. Simplified. */
const FUNCTION_WORDS = new Set([
  '什么时候', '何时', '何时何地', '何地', '几时', '哪年', '哪一年', '几月', '哪天', '日期', '时间', '哪里', '哪儿', '何处', '在哪', '在哪里', '地点',
  '多少', '几多', '几个', '几位', '几项', '几件', '几次', '几家', '几宗', '几份', '几名', '几人', '数目', '数量', '人数',
  '几天', '哪几天', '哪几', '几期', '第几', '第几期', '第几届', '几届', '几年', '几月份', '几号', '哪些天',
  '哪几个', '哪几家', '哪几位', '哪几项', '哪几份', '年份', '一齐', '一起', '哪一天', '哪一日', '哪日', '几成',
  '什么', '怎样', '怎么', '怎么样', '如何', '为什么', '为何', '谁', '哪', '哪个', '哪些', '哪位', '是不是', '有没有', '可不可以',
  '需不需要', '会不会', '吗', '呢', '吧', '啊', '呀', '么', '请问', '请', '问', '想', '想知道', '知道', '告诉', '一下', '我', '我们', '你',
  '你们', '他', '他们', '它', '的', '了', '是', '在', '有', '和', '与', '及', '或', '也', '都', '就', '还', '又', '要', '会', '能', '可以',
  '需要', '应该', '这', '这个', '这些', '那', '那个', '那些', '些', '个', '一', '给', '对', '为', '被', '把', '从', '到', '向', '关于', '其',
  '之', '以', '而', '等', '中', '上', '下', '里', '内', '吗?', '没有', '不', '去', '来', '做', '用', '怎', '样', '啥', '咋', '多', '少',
  '现在', '目前', '最新', '具体', '主要', '情况', '方面', '内容', '事', '事情', '东西', '点', '地', '得', '着', '过', '找',
  '看', '拿', '说', '讲', '提到', '提及', '根据', '文件', '文档', '资料', '信息', '相关', '有关', '方式', '办法', '条件',
  // What something is called: the documents give the name itself, never this word.
  '名字',
  // Time deixis: "today", "now", "this year" say when the asker is, not what the documents say.
  '今日', '今天', '明天', '明日', '听日', '后天', '昨天', '昨日', '琴日', '尋日', '寻日', '而家', '最近', '近来', '近期', '当前',
  '今年', '明年', '去年', '现时', '现今', '如今', '刚才', '今期',
  // Prepositions and connectives: how the question is put, not what it is about.
  '透过', '经由', '对于', '按照', '依照', '为了', '以及', '还是', '或者', '并且', '而且', '但是', '因为', '所以', '如果',
  // Colloquial filler left after folding Cantonese.
  '时候', '不会', '以后', '之后', '还有', '这边', '那边', '这里', '那里', '那年', '那场', '那次', '搞', '帮手', '帮忙', '一下子',
  // Mainland colloquial question forms and intentions ("咋样", "打算"), and Cantonese 緊 (in progress) once cut off its verb.
  '咋样', '啥样', '咋办', '为啥', '干啥', '怎么办', '打算', '准备', '想要', '希望', '多久', '多长时间', '紧', '一般', '通常', '平时',
]);

/** A word that shapes a question (几时, 有, 哪个) or counts (十六个), and says nothing of its subject. */
export function isPhrasing(word: string): boolean {
  return FUNCTION_WORDS.has(word) || NUMERAL_WORD.test(word);
}

/** Measure words (份, 项, 间): what a numeral or a demonstrative counts with. */
const MEASURE_WORDS = '个家件项份名位次届条支宗所座种类批部本张场轮间';

/** "一个", "两家", "几项": counting words, not content. */
const NUMERAL_WORD = new RegExp(`^([一二两三四五六七八九十百千几每各这那哪]|[一二两三四五六七八九十百千]{2,4}[${MEASURE_WORDS}字])[${MEASURE_WORDS}]?$`);

const WHICH_PLACES = /(哪些|哪个|哪几个|什么)地方/;

/** A measure word on its own (份, 篇). */
const MEASURE_WORD = new RegExp(`^[${MEASURE_WORDS}篇]$`);

/** jieba tags of nouns: common, proper, organisation, other proper, abbreviation. */
const NOUN_TAG = /^(n|nr|ns|nt|nz|nw|j)$/;
/** The least weight (share of an unknown word's) of a noun the documents never use. */
const ABSENT_NOUN_FLOOR = 0.6;

/** Share of its weight an absent verb keeps (see absentWordWeight). */
const ABSENT_VERB_SHARE = 0.3;

/** The weight of a word no section uses: the highest idf the corpus can give. */
export function unknownWeight(corpus: Corpus): number {
  return Math.log(1 + (corpus.size + 1) / 0.5) + 1;
}

/** A word found in at most this many sections is specific enough to anchor a passage to the question. */
function anchorMaxDf(corpus: Corpus): number {
  return Math.max(3, corpus.size * 0.1);
}

/** The idf of the rarest alternative the documents use (of the commonest, for everyday words), and its df. */
function presentIdf(corpus: Corpus, alternatives: string[], general: boolean): { idf: number; minDf: number; maxDf: number } {
  let idf = 0;
  let minDf = Infinity;
  let maxDf = 0;
  for (const a of alternatives) {
    const df = corpus.documentFrequency(a);
    if (df > 0) {
      const value = corpus.idf(a);
      idf = idf === 0 ? value : general ? Math.min(idf, value) : Math.max(idf, value);
      minDf = Math.min(minDf, df);
      maxDf = Math.max(maxDf, df);
    }
  }
  return { idf, minDf, maxDf };
}

/**
 * The weight of a Chinese word the documents never use: rare in general Chinese → a subject (护照); common →
 * phrasing (这边). Nouns name the subject (身份证, 护照), so they count however common they are.
 */
export function absentWordWeight(corpus: Corpus, word: string, tag: string, askedHowTo = false): number {
  const general = generalIdf(word) ?? 12;
  const floor = NOUN_TAG.test(tag) ? ABSENT_NOUN_FLOOR : 0.1;
  // A verb the documents never use is mostly the asker's wording for one they do use (涵盖 for 包括, 订立 for 制定):
  // what is done, said another way, rather than a subject of its own; unless asked how to do it (点样退钱).
  const verb = /^v$|^vd$|^vi$/.test(tag) && !askedHowTo ? ABSENT_VERB_SHARE : 1;
  return unknownWeight(corpus) * Math.min(1, Math.max(floor, (general - 6) / 5)) * verb;
}

/**
 * The question's words, with words the documents never use taken apart when their parts are words the documents
 * do use: jieba joins what a question says loosely (香港队 → 香港 + 队, 出过 → 出, 多不多 is a question form).
 */
export function contentWords(corpus: Corpus, rest: string): TaggedWord[] {
  const out: TaggedWord[] = [];
  const known = (part: string) => FUNCTION_WORDS.has(part) || corpus.documentFrequency(part) > 0;
  for (const tagged of words(rest)) {
    const w = tagged.word;
    if (!/^\p{Script=Han}{2,}$/u.test(w) || FUNCTION_WORDS.has(w) || corpus.documentFrequency(w) > 0) {
      out.push(tagged);
      continue;
    }
    // "A不A" (多不多, 好不好) asks yes or no; it names nothing.
    if (/^(.+)不\1$/u.test(w)) continue;
    // A measure word jieba joined to its noun (哪份文件 → 哪 + 份文件): the noun.
    if (w.length >= 3 && MEASURE_WORD.test(w[0]!) && known(w.slice(1))) {
      out.push({ word: w.slice(1), tag: tagged.tag });
      continue;
    }
    // A question word jieba joined to the next character (星期几出 → 几出): the question word asks, the rest is a verb.
    if (/^[几哪]/u.test(w)) {
      const rest = w.slice(1);
      if (rest.length >= 2 && known(rest)) out.push({ word: rest, tag: tagged.tag });
      continue;
    }
    // A one-character verb with its result (办成, 做好, 搞掉) the documents never write: how, not what.
    if (w.length === 2 && /[成到好完掉]$/u.test(w) && /^v/.test(tagged.tag)) continue;
    // A verb with its aspect particle or result (出过, 办了, 升级成): the verb.
    const particle = /[过了着]$/u.test(w);
    const result = w.length >= 3 && /[成到好完掉]$/u.test(w);
    if ((particle || result) && known(w.slice(0, -1))) {
      out.push({ word: w.slice(0, -1), tag: tagged.tag });
      continue;
    }
    // A coordinated abbreviation (繁简体 = 繁体 + 简体, 进出口 = 进口 + 出口): both words it shortens.
    const [first, second, shared] = [...w];
    if (w.length === 3 && first !== second && known(`${first}${shared}`) && known(`${second}${shared}`)) {
      out.push({ word: `${first}${shared}`, tag: tagged.tag }, { word: `${second}${shared}`, tag: tagged.tag });
      continue;
    }
    let split: TaggedWord[] | undefined;
    for (let k = w.length - 1; k >= 1 && !split; k--) {
      const left = w.slice(0, k);
      const right = w.slice(k);
      // Two words (资料库更新), or a word and a suffix for a group of people (香港队, 粤方); not two single
      // characters, which make a new word (署长 is not 署 + 长) or a suffix naming a body (注册处).
      const parts = (left.length >= 2 && right.length >= 2) || (left.length >= 2 && /^[队方团组界]$/u.test(right));
      if (parts && known(left) && known(right)) split = [{ word: left, tag: tagged.tag }, { word: right, tag: tagged.tag }];
    }
    out.push(...(split ?? [tagged]));
  }
  return out;
}

/** The content groups of a folded question, heaviest 32 at most, in question order. */
export function contentGroups(corpus: Corpus, folded: FoldedQuery): ContentGroup[] {
  const unknown = unknownWeight(corpus);
  const anchorDf = anchorMaxDf(corpus);
  const groups: ContentGroup[] = [];
  for (const c of folded.concepts) {
    // "Which places" asks for places by name: 地方 is how the question is put, as 部门 is in "which department".
    if (c.surface === '地方' && WHICH_PLACES.test(folded.text)) continue;
    const alternatives = c.alternatives.filter((a) => !FUNCTION_WORDS.has(a));
    if (alternatives.length === 0) continue;
    const { idf, minDf } = presentIdf(corpus, alternatives, c.general === true || c.lexicon === true);
    const absent = idf === 0;
    let weight: number;
    let anchor: boolean;
    if (c.lexicon || (c.general && absent)) {
      // An everyday English word, through its Chinese equivalents: weighed like a Chinese word of the question.
      // In the documents: by idf, and an anchor when every equivalent is rare there ("fish" → 鱼). Absent: a
      // subject (weather → 天气, visa → 签证) or phrasing, by its rarity in general Chinese.
      const first = alternatives[0] as string;
      // An everyday word's translation is approximate, so a rare one found in the documents weighs no more than
      // LEXICON_MAX_WEIGHT ("belong" → 隶属 is not a subject the way 马德里 is).
      weight = absent ? Math.max(...alternatives.map((a) => absentWordWeight(corpus, a, words(a)[0]?.tag ?? 'x'))) : Math.min(idf, LEXICON_MAX_WEIGHT);
      anchor = !absent && c.lexicon === true && presentIdf(corpus, alternatives, true).maxDf <= anchorDf && first.length >= 2;
    } else if (c.unknownEnglish && !c.name) {
      // Everyday English the glossary does not list ("recommend", "online"): phrasing more than subject.
      weight = absent ? 1.5 : idf;
      anchor = false;
    } else {
      // An everyday or place word found rarely ("end of" → 末) is still phrasing, not the subject: capped like the lexicon.
      weight = absent ? unknown : c.general ? Math.min(idf, LEXICON_MAX_WEIGHT) : idf;
      anchor = !absent && (c.glossary ? !c.general : minDf <= anchorDf);
    }
    const general = c.general === true || c.lexicon === true || (c.unknownEnglish === true && !c.name);
    groups.push({ alternatives, weight, anchor, absent, general, surface: c.surface });
  }
  for (const { word: w, tag } of contentWords(corpus, folded.rest)) {
    if (FUNCTION_WORDS.has(w) || NUMERAL_WORD.test(w) || /^[\p{P}\p{S}\s]+$/u.test(w)) continue;
    const df = corpus.documentFrequency(w);
    const han = /\p{Script=Han}/u.test(w);
    // A lone character left over from a phrase the glossary did not know carries little meaning.
    if (w.length === 1 && han && df > corpus.size * 0.2) continue;
    // A measure word left alone after a demonstrative (那份协议 → 那 + 份) names nothing; after 几多 it is the unit asked.
    if (MEASURE_WORD.test(w) && new RegExp(`[这那哪每各该此呢嗰了我你他她佢]${w}`).test(folded.rest)) continue;

    let weight: number;
    // Words everyone uses everywhere (开始, 时间, 通过) say little about the subject even when the documents
    // happen to use them rarely: weighed down, and never an anchor.
    const everyday = han && df > 0 && (generalIdf(w) ?? 99) < EVERYDAY_GENERAL_IDF;
    if (df > 0) weight = everyday ? corpus.idf(w) * Math.max(0.5, ((generalIdf(w) ?? 0) - 3) / 4) : corpus.idf(w);
    else if (han) weight = absentWordWeight(corpus, w, tag, new RegExp(`(怎样|怎么|如何|点样|点)${w}`).test(folded.rest));
    else weight = unknown;
    // A number or a year says how many or when, not what the question is about: never an anchor.
    const anchor = df > 0 && df <= anchorDf && (w.length >= 2 || !han) && !everyday && !/^[\d.,]+$/.test(w);
    // A single character is usually a measure word or a fragment (份, 团, 带), rarely the subject.
    if (han && w.length === 1) weight *= 0.5;
    const numeral = /^\d{1,2}$/.test(w) ? chineseNumeral(Number(w)) : undefined;
    groups.push({ alternatives: numeral ? [w, numeral] : [w], weight, anchor, absent: df === 0, general: false, surface: w });
  }
  return heaviest(mergeDuplicates(groups), MAX_CONTENT_GROUPS);
}

/**
 * Weighs down the body word a who-question asks for ("which department", 哪个部门) and the role it asks about
 * (负责, 主管): they name what is wanted more than the subject, though a passage that uses them (知识产权部门) is
 * still a little more likely to name one.
 */
export function withoutFrame(groups: ContentGroup[], intent: Intent): ContentGroup[] {
  if (intent.tense === 'future') groups = groups.map((g) => (g.alternatives.every((a) => TARGET_FRAME.has(a)) ? { ...g, weight: g.weight * TARGET_FRAME_SHARE } : g));
  if (intent.kind !== 'who' && intent.kind !== 'count') return groups;
  // A figure's unit (多少万件, 几多亿元) is the form of the answer, not its subject.
  const frame = intent.kind === 'who' ? (a: string) => BODY_FRAME.has(a) || ROLE_FRAME.has(a) : (a: string) => FIGURE_FRAME.has(a) || FIGURE_UNIT.test(a);
  return groups.map((g) => (g.alternatives.every(frame) ? { ...g, weight: g.weight * 0.3, anchor: false } : g));
}

const FIGURE_UNIT = /^[十百千万亿]+(件|个|项|家|人|名|元|宗|所|次|吨)?$|^[十百千万亿]?(件|个|项|家|人|名|元|宗|所|次|吨)$/;

/**
 * The `max` heaviest groups, in question order. A real question has a dozen content words; a pasted page has
 * hundreds, and re-ranking costs groups × candidates × sentences, so the work stays bounded whatever is sent.
 */
function heaviest(groups: ContentGroup[], max: number): ContentGroup[] {
  if (groups.length <= max) return groups;
  const kept = new Set([...groups].sort((a, b) => b.weight - a.weight).slice(0, max));
  return groups.filter((g) => kept.has(g));
}

function mergeDuplicates(groups: ContentGroup[]): ContentGroup[] {
  const seen = new Set<string>();
  const out: ContentGroup[] = [];
  for (const g of groups) {
    const key = [...g.alternatives].sort().join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(g);
  }
  return out;
}

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** The heaviest of some groups (the first of equals): what a question is most about among them. */
export function heaviestGroup(groups: readonly ContentGroup[]): ContentGroup | undefined {
  let heaviest: ContentGroup | undefined;
  for (const g of groups) if (heaviest === undefined || g.weight > heaviest.weight) heaviest = g;
  return heaviest;
}

/** 15 → 十五, 24 → 二十四: the documents number items and editions in Chinese (第十五届). */
export function chineseNumeral(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 1 || n > 99) return undefined;
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[n % 10]}`;
}

/**
 * How much a word the documents never use counts when the asker only uses it to say who they are. 0.25 over 0.5:
 * +5 answered on the dev sets (stories of handbag and electronics firms asking about subsidies), none lost; 0.1 answers a
 * near miss too (docs/search.md).
 */
const SELF_DESCRIPTION_WEIGHT = 0.25;
const FIRST_PERSON = /^\s*(我|我们|本人|我司|我公司|本公司|本司|本店|本厂|敝司|敝公司|小弟|i|i'm|im|we|we're|my|our)(?![a-z])/i;
const ASKING = /[?？]|什么|哪|谁|(?<![十百千万\d])几|多少|吗|呢|怎|如何|有没有|可不可以|是不是|能不能|会不会|有冇|係咪|系咪|咩|乜|點樣|点样|邊|边度|可唔可以|得唔得|使唔使|會唔會|会唔会|要唔要|(?<![a-z])(what|which|who|when|where|how|why|does|do|did|can|could|is|are|will|would|should)(?![a-z])/i;

/**
 * The clauses a question opens with to say who is asking ("我係一間做手袋嘅小公司，", "I run a small electronics firm
 * in Shenzhen, …"): from a first-person clause up to the first clause that asks something.
 */
export function selfDescription(text: string): string {
  return splitSelfDescription(text).told;
}

/** The clauses that say who is asking, and the rest of the question (lower case). */
function splitSelfDescription(text: string): { told: string; rest: string } {
  // An English full stop ends a clause too ("we export to europe. does the plan…"), a decimal point does not.
  const clauses = text.split(/[，,。;；!！?？]|\.(?!\d)/);
  if (!FIRST_PERSON.test(clauses[0] ?? '')) return { told: '', rest: text.toLowerCase() };
  const told: string[] = [];
  for (const clause of clauses) {
    if (ASKING.test(clause)) break;
    told.push(clause);
  }
  // No clause asks in words (仲有冇得資助？ asks by its question mark): the last one is the question.
  const asked = clauses.findLastIndex((c) => c.trim() !== '');
  if (told.length > asked) told.length = Math.max(asked, 0);
  return { told: told.join(' ').toLowerCase(), rest: clauses.slice(told.length).join(' ').toLowerCase() };
}

/**
 * Weighs down what the documents never mention when the asker says it only of themselves (a boss, a factory, a
 * handbag business): it tells who asks, not what about; the question that follows says that.
 */
export function withoutSelfDescription(groups: ContentGroup[], ...texts: string[]): ContentGroup[] {
  const parts = texts.map(splitSelfDescription);
  const told = parts.map((p) => p.told).join(' ');
  if (!told.trim()) return groups;
  const rest = parts.map((p) => p.rest).join(' ');
  return groups.map((g) => {
    const surface = g.surface.toLowerCase();
    if (!told.includes(surface)) return g;
    if (g.absent) return { ...g, weight: g.weight * SELF_DESCRIPTION_WEIGHT, selfDescribed: true };
    // A word the documents use keeps its weight, but said only of the asker (我喺東莞設廠) it is not what is asked about.
    return rest.includes(surface) ? g : { ...g, selfDescribed: true };
  });
}
