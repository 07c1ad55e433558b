/**
 * The answer engine: question → best passages → an honest, extractive, cited answer in the asker's script.
 *
 * Pipeline: clean the question → detect its language → greeting/thanks/help? → fold (Cantonese, script,
 * glossary) → MiniSearch candidates → re-rank by how much of the question's *content* each passage covers
 * (idf-weighted) → decline when the best passage does not cover enough → quote the passage's most relevant
 * sentences → cite document, section and date → caveats.
 */
import type { Answer, AnswerEngine, AnswerSource, AskOptions } from './engine.js';
import type { DocumentMeta, KnowledgeBase } from './knowledge/types.js';
import { renderPlain, type Block } from './reply.js';
import { SectionIndex, type IndexedSection, type SearchOptions } from './search.js';
import { foldQuery, type FoldedQuery, type Glossary } from './text/fold.js';
import { normaliseQueryText } from './text/normalise.js';
import { detectLang, toScript } from './text/script.js';
import { generalIdf, words, type TaggedWord } from './text/tokenize.js';
import { TOPICS } from './topics.js';
import { TOPIC_IDS, type Lang, type Localized, type TopicId } from './types.js';

/** Longer questions are cut (at a character boundary) before any processing. */
export const MAX_QUESTION_CHARS = 500;
const MAX_SOURCES = 5;
const CANDIDATES = 30;
/** The most content words a question is ranked by (see `heaviest`). */
const MAX_CONTENT_GROUPS = 32;
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
/** The most an everyday (lexicon) word found in the documents weighs; see contentGroups. */
const LEXICON_MAX_WEIGHT = 3;
/** Below this rarity in general Chinese (jieba idf), a word is everyday vocabulary (开始 3.8, 协议 5.9; 海关 8.1). */
const EVERYDAY_GENERAL_IDF = 6;

export interface AnswerEngineOptions extends SearchOptions {
  /** Share of the question's weighted content a passage must cover to be used as an answer. */
  minCoverage?: number;
  /** Today, for "this source is N years old" caveats. */
  now?: () => Date;
  /** Ranking weights beside whole-passage coverage (tuning; defaults measured on the dev set). */
  weights?: Partial<RankWeights>;
}

export interface RankWeights {
  /** BM25 score relative to the best candidate's. */
  bm25: number;
  /** The best single sentence's coverage (plus intent evidence). */
  sentence: number;
}

export const DEFAULT_RANK_WEIGHTS: RankWeights = { bm25: 0.2, sentence: 0.5 };

/** Tuned on the dev set (docs/search.md). */
export const DEFAULT_MIN_COVERAGE = 0.6;

// ---------------------------------------------------------------------------------------------------------
// Question cleaning

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u206F\uFEFF]/g;

/**
 * Removes what is not part of the question — control characters, HTML tags, Markdown markup, URLs — and
 * normalises it like the documents (widths, punctuation, spaces inside Chinese).
 */
export function cleanQuestion(raw: unknown): string {
  let q = typeof raw === 'string' ? raw : '';
  q = Array.from(q.slice(0, MAX_QUESTION_CHARS * 2)).slice(0, MAX_QUESTION_CHARS).join('');
  q = q
    .replace(CONTROL, ' ')
    // What a script, style or comment holds is code, not words of the question: it must not tip the language.
    .replace(/<(script|style|code|pre)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<\/?[a-zA-Z][^<>]*>/g, ' ')
    .replace(/&(?:[a-zA-Z]+|#\d+|#x[\da-fA-F]+);/g, ' ')
    // A lone ampersand or other markup symbol between words joins nothing.
    .replace(/(^|\s)[&<>=]+(?=\s|$)/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/```|[`*_~#>|]+/g, ' ');
  // The same character, width and spacing normalisation as the documents get at load.
  return normaliseQueryText(q).trim();
}

// ---------------------------------------------------------------------------------------------------------
// Small talk

const GREETING = /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|morning|你好|您好|哈囉|哈啰|嗨|早晨|早安|午安|晚安|喂|hello呀|hi呀|你好呀|大家好)[\s!！。.,，~～呀啊]*$/i;
const THANKS = /^(thanks?( you)?( very much| a lot)?|thx|ty|cheers|多謝|多谢|唔該|唔该|謝謝|谢谢|感謝|感谢|thank u|唔該晒|多謝晒|谢谢你|謝謝你|thanks a lot)[\s!！。.,，~～呀啊晒你]*$/i;
const HELP = /^(\/?help|\/?start|menu|help me|what can you do\??|how (do i|to) use (this|you|ipbot)\??|幫助|帮助|說明|说明|使用說明|使用说明|指南|你可以做什麼|你可以做什么|你識做乜|你识做乜|你會做乜|點用|点用|怎麼用|怎么用|有咩可以問|可以問咩|可以问什么|你係邊個|你是谁|who are you\??)[\s!！?？。.]*$/i;

// ---------------------------------------------------------------------------------------------------------
// Question analysis

/** Words that shape a question (question words, pronouns, particles, filler) but are not its content. Simplified. */
const FUNCTION_WORDS = new Set([
  '什么时候', '何时', '几时', '哪年', '哪一年', '几月', '哪天', '日期', '时间', '哪里', '哪儿', '何处', '在哪', '在哪里', '地点',
  '多少', '几多', '几个', '几位', '几项', '几件', '几次', '几家', '几宗', '几份', '几名', '几人', '数目', '数量', '人数',
  '几天', '哪几天', '哪几', '几期', '第几', '第几期', '第几届', '几届', '几年', '几月份', '几号', '哪些天',
  '哪几个', '哪几家', '哪几位', '哪几项', '哪几份', '年份', '一齐', '一起',
  '什么', '甚么', '怎样', '怎么', '怎么样', '如何', '为什么', '为何', '谁', '哪', '哪个', '哪些', '哪位', '是不是', '有没有', '可不可以',
  '需不需要', '会不会', '吗', '呢', '吧', '啊', '呀', '么', '请问', '请', '问', '想', '想知道', '知道', '告诉', '一下', '我', '我们', '你',
  '你们', '他', '他们', '它', '的', '了', '是', '在', '有', '和', '与', '及', '或', '也', '都', '就', '还', '又', '要', '会', '能', '可以',
  '需要', '应该', '这', '这个', '这些', '那', '那个', '那些', '些', '个', '一', '给', '对', '为', '被', '把', '从', '到', '向', '关于', '其',
  '之', '以', '而', '等', '中', '上', '下', '里', '内', '吗?', '没有', '不', '去', '来', '做', '用', '怎', '样', '啥', '咋', '多', '少',
  '现在', '目前', '最新', '具体', '主要', '情况', '方面', '内容', '事', '事情', '东西', '点', '地', '得', '着', '过', '找',
  '看', '拿', '说', '讲', '提到', '提及', '根据', '文件', '文档', '资料', '信息', '相关', '有关', '方式', '办法', '条件',
  // Time deixis: "today", "now", "this year" say when the asker is, not what the documents say.
  '今日', '今天', '明天', '明日', '听日', '后天', '昨天', '昨日', '琴日', '尋日', '寻日', '而家', '最近', '近来', '近期', '当前',
  '今年', '明年', '去年', '现时', '现今', '如今', '刚才',
  // Prepositions and connectives: how the question is put, not what it is about.
  '透过', '经由', '对于', '按照', '依照', '为了', '以及', '还是', '或者', '并且', '而且', '但是', '因为', '所以', '如果',
  // Colloquial filler left after folding Cantonese.
  '时候', '不会', '以后', '之后', '还有', '这边', '那边', '这里', '那里', '那年', '那场', '那次', '搞', '帮手', '帮忙', '一下子',
  // Mainland colloquial question forms and intentions ("咋样", "打算"), and Cantonese 緊 (in progress) once cut off its verb.
  '咋样', '啥样', '咋办', '为啥', '干啥', '怎么办', '打算', '准备', '想要', '希望', '多久', '多长时间', '紧', '一般', '通常', '平时',
]);

/** "一个", "两家", "几项": counting words, not content. */
const NUMERAL_WORD = /^[一二两三四五六七八九十几每各这那哪][个家件项份名位次届条支宗所座种类批]?$/;

/** jieba tags of nouns: common, proper, organisation, other proper, abbreviation. */
const NOUN_TAG = /^(n|nr|nt|nz|nw|j)$/;
/** The least weight (share of an unknown word's) of a noun the documents never use. */
const ABSENT_NOUN_FLOOR = 0.6;

type IntentKind = 'count' | 'when' | 'where' | 'who' | 'other';

/** What a question asks for, and what a sentence that answers it looks like. */
interface Intent {
  kind: IntentKind;
  evidence: RegExp | undefined;
  /** Whether the question asks about what was done or what is planned (the plan states both, section by section). */
  tense?: 'past' | 'future';
}

const NO_INTENT: Intent = { kind: 'other', evidence: undefined };

const CLASSIFIERS = '名|人|件|项|个|宗|家|份|次|届|所|座|条|位|支|类|间';

/** "how many people" → 人: the Chinese measure word of the thing an English question counts. */
const ENGLISH_UNITS: Array<[RegExp, string]> = [
  [/^(people|persons?|candidates?|participants?|attendees?|students?|teachers?|representatives?|delegates?|visitors?|members?|hongkongers|residents|youths?|pupils|officials|officers|staff|experts|lawyers|agents|attorneys|winners)\b/, '人'],
  [/^(cases?|intelligence|reports?|pieces?)\b/, '宗|件'],
  [/^(items?|goods|entries|works?|hyperlinks?|links?)\b/, '件|条'],
  [/^(products?|securities|bonds?|funds?)\b/, '件|支|个|种|款'],
  [/^(projects?|co-?operation (items|projects)|measures?|awards?|prizes?)\b/, '项|个'],
  [/^(companies|enterprises|firms|businesses|institutions|organi[sz]ations|centres|centers|agencies|platforms|bases)\b/, '家|个'],
  [/^(cities|provinces|regions|countries|places)\b/, '个'],
  [/^(universities|colleges|schools|hospitals|faculties)\b/, '所|家'],
  [/^(stations|parks|zones|clusters|networks)\b/, '个|家'],
  [/^(times|editions|sessions)\b/, '次|届'],
  [/^(copies)\b/, '份'],
];

function intentOf(folded: string, question = ''): Intent {
  const tense = tenseOf(question, folded);
  const kind = kindOf(folded, question);
  return tense ? { ...kind, tense } : kind;
}

const FUTURE_QUESTION_EN = /\b(will|shall|going to|plans? to|planned|aims? to|aiming|targets?|targeted|goals?|by 20[2-9]\d|expected to|intends? to|hopes? to)\b/i;
const FUTURE_QUESTION_ZH = /目标|计划|打算|力争|到20[2-9]\d|将会|将要|规划值|要达到|想达到|预期/;
const PAST_QUESTION_EN = /\b(did|was|were|has|have|had|so far|already)\b/i;
const PAST_QUESTION_ZH = /了|过|已经|曾经|十三五|完成值/;

function tenseOf(question: string, folded: string): 'past' | 'future' | undefined {
  if (FUTURE_QUESTION_EN.test(question) || FUTURE_QUESTION_ZH.test(folded)) return 'future';
  if (PAST_QUESTION_EN.test(question) || PAST_QUESTION_ZH.test(folded)) return 'past';
  return undefined;
}

/** A sentence about what is planned, or about what was achieved. */
const FUTURE_SENTENCE = /[到至]20[2-9]\d年|力争|目标|规划值|预期性|“十四五”期间|十四五期间|将(?!近)/;
const PAST_SENTENCE = /累计|已经|建成|取得|获得|“十三五”(时期|期间)|十三五(时期|期间)|完成值|\d{4}年\d{1,2}月|\d{4}年(末|底)/;

function sentenceTense(folded: string): 'past' | 'future' | undefined {
  if (FUTURE_SENTENCE.test(folded)) return 'future';
  if (PAST_SENTENCE.test(folded)) return 'past';
  return undefined;
}

function kindOf(folded: string, question: string): Intent {
  if (/多少|几多|几个|几位|几项|几件|几次|几家|几宗|几份|几名|几人|几届|数目|数量|人数|百分之|比例|比重|占比|价值|金额|案值|总值|总额/.test(folded)) {
    // "几多件" wants a number of 件, "几多人" a number of people: prefer sentences counting the same unit.
    // The counted noun: the first word after "how many" that names a unit, up to the verb ("how many
    // national-level IP protection centres did…" counts centres).
    const counted = (/\bhow many ([a-z -]+)/i.exec(question)?.[1]?.toLowerCase() ?? '')
      .split(/\b(?:did|does|do|were|was|are|is|has|have|had|will|would|can|could|in|on|at|of|from|for|during|since|by)\b/)[0]
      ?.split(/[\s-]+/)
      .filter(Boolean) ?? [];
    const unit =
      new RegExp(`(?:多少|几)(${CLASSIFIERS})`).exec(folded)?.[1] ??
      // The head noun comes last in English ("people's mediation organisations" counts organisations).
      counted
        .map((word) => ENGLISH_UNITS.find(([noun]) => noun.test(word))?.[1])
        .filter((u) => u !== undefined)
        .at(-1);
    const people = unit === '人' || unit === '名' || unit === '位' ? '人|名|位' : unit;
    return {
      kind: 'count',
      evidence: people
        ? new RegExp(`(\\d[\\d,.]*|[一二两三四五六七八九十百千]+)\\s*(余|多)?\\s*(万|亿)?\\s*(${people})`)
        : INTENT_EVIDENCE.count,
    };
  }
  if (/什么时候|甚么时候|何时|几时|哪年|哪一年|几月|哪天|日期|时间|几号|几点/.test(folded)) {
    // "哪天", "几号", "what date" want a day, not just a year or a month.
    const day = /哪天|几号|几月几日|日期|哪一天/.test(folded);
    return { kind: 'when', evidence: day ? DAY : INTENT_EVIDENCE.when };
  }
  if (/哪里|哪儿|何处|在哪|地点|哪个城市|哪些城市|哪座城市/.test(folded)) return { kind: 'where', evidence: INTENT_EVIDENCE.where };
  if (/谁|哪位|哪[一两二三四五几]?[个些家间]?(机构|部门|组织|单位|政府|协会|团体)|由哪/.test(folded) || ENGLISH_WHO.test(question)) {
    return { kind: 'who', evidence: INTENT_EVIDENCE.who };
  }
  return NO_INTENT;
}

/** "Who…", "which department / body / agency…": the asker wants a body named. */
const ENGLISH_WHO = /^\s*who\b|\bwhich (government )?(department|body|bodies|agency|agencies|authority|authorities|organi[sz]ations?|institutions?|bureau|office|offices|government|governments|side|party|parties|units?)\b/i;

/** The kind of body a who-question asks for ("哪个部门"): the frame of the question, not its content. */
const BODY_FRAME = new Set(['部门', '政府', '机构', '组织', '单位', '当局', '机关', '政府部门']);

const YEAR = /^(19|20)\d{2}$/;
/** Coverage at which a passage holds all of the question's content. */
const FULL_COVERAGE = 0.95;

const DAY = /\d{1,2}\s*月\s*\d{1,2}\s*日|[一二三四五六七八九十]+月[一二三四五六七八九十]+日/;

/**
 * Kinds of fact the question asks for that need matching evidence in the passage: asking "how much is the fee"
 * is answered by an amount of money, not by a passage that merely mentions fees.
 */
const FACT_KINDS: Array<{
  kind: string;
  asks: (question: string, folded: string) => boolean;
  evidence: RegExp;
  alsoWhen?: (folded: string, passage: string) => boolean;
}> = [
  {
    kind: 'money',
    asks: (q, f) =>
      /\b(prices?|exchange rate|tuition|costs?|how much (is|are|will)|how much (do|does|did) .{0,40}\b(pay|charge|spend|spent|invest|invested)|what('s| is| are) the (fee|charge)s?|(fee|charge)s? (for|of|to))\b/i.test(q) ||
      (/费|价钱|价格|票价|股价|钱|门票|汇率/.test(f) && /多少|几钱|几多|贵/.test(f)) ||
      // An exchange rate (港币兑人民币) is a live figure no document states.
      /(港币|港元|人民币|美元|欧元|日元)[^，。？?]{0,3}兑|兑换?(成)?(港币|港元|人民币|美元)|汇率/.test(f),
    evidence: /\d[\d,.]*\s*(万|亿)?\s*(元|港元|港币|美元|块)|hk\$|\$\s*\d/i,
    // A table gives the unit apart from the figure (使用费 … 亿元 … 1100): enough when it names the very charge asked about.
    alsoWhen: (f, passage) => /(万|亿)元/.test(passage) && [...f.matchAll(/[\p{Script=Han}]{1,3}费/gu)].some((m) => m[0].length >= 3 && passage.includes(m[0])),
  },
  {
    kind: 'contact',
    asks: (q, f) =>
      /\b(address|phone(?!s? (batter|charger|case|cover|screen|accessor|maker|brand|part))|telephone|hotline|email|e-mail|url|contact number|opening hours|office hours|open on)\b/i.test(q) ||
      /\b(where is|where's|where are|location of|get to|visit)\b.{0,30}\boffices?\b|\boffices?\b.{0,20}\b(located|open|opens)\b/i.test(q) ||
      /地址|电话|热线|网址|邮箱|电邮|电子邮件|联络方法|联系方式|办事处|办公室|开门|营业时间|办公时间/.test(f) ||
      // Whether an office is open now is a live fact ("香港海關今日有冇開？", "is the IPD open today?").
      /(今日|今天|现在|而家|听日|明天|星期|周末|假期)[^，。？?]{0,8}(开|营业|办公|关门)/.test(f) ||
      // Where a body is ("广州知识产权法院在哪里"): its address, which the documents never give.
      /(法院|法庭|局|署|处|办事处|办公室|中心|海关|公司|大学)(的)?(在哪里|在哪儿|在哪(?!些|个|一)|位于|地址|怎么去|点去)/.test(f) ||
      /\b(open|closed)\b.{0,20}\b(today|now|tomorrow|on (sunday|saturday|weekends?|holidays?|public holidays?))\b/i.test(q),
    evidence: /地址|电话|热线|网址|@|www\.|https?:/,
  },
  {
    // How to file for a patent, trade mark, design or copyright: the documents describe co-operation
    // programmes, not filing procedures, so only a passage that sets out a procedure may answer.
    kind: 'filing-procedure',
    asks: (q, f) =>
      /怎样|怎么|如何|步骤|流程|手续|什么时候|几时|需不需要|要不要|可不可以|能不能|\bhow (do|can|should|to)\b|\bwhen (can|should|do|must)\b|\bcan (i|we)\b|\bdo i need\b|\bneed to\b|\bprocedure|\bsteps?\b/i.test(`${q} ${f}`) &&
      (/(申请|注册|登记|报|递交|提交|续期|续展|延续)[^，。？?]{0,6}(专利|商标|外观设计|版权|著作权)|(专利|商标|外观设计|版权|著作权)(的)?(申请|注册|登记|续期|续展)/.test(f) ||
        /\b(apply|applying|application|register|registering|registration|file|filing|renew|renewing|renewal)\b.{0,30}\b(patents?|trade ?marks?|designs?|copyrights?)\b|\b(patent|trade ?mark|design|copyright) (application|registration|filing|renewal)/i.test(q) ||
        // Taking one's own legal action (suing, complaining, reporting an infringer) is a procedure too.
        /起诉|告他|告佢|打官司|\b(sue|suing|take legal action|file a (lawsuit|complaint)|lodge a complaint)\b/i.test(`${q} ${f}`)) &&
      !/著名|驰名|考试|代理人|代理师|发明奖|正版|计划|研讨会|论坛|famous|well-known|exam|award|pledge|scheme/i.test(`${q} ${f}`),
    evidence: /提交|递交|手续|步骤|填写|申请表|申请书/,
  },
  {
    // How long something lasts or takes (a patent's term, an examination): the documents give no durations.
    kind: 'duration',
    asks: (q, f) =>
      /\bhow long\b|\bvalid for\b|\bterm of protection\b/i.test(q) ||
      // "多久举行一次" asks how often, which the documents do say (每年, 轮流承办).
      (/多久|多长时间|有效期|保护期/.test(f) && !/一次|每/.test(f)),
    evidence: /(\d+|[一二两三四五六七八九十]+)\s*(个月|天|周|星期|小时|个工作日|年内|年期|年有效)/,
  },
  {
    // Which provider is best: the documents recommend no firm, shop or product.
    kind: 'recommendation',
    asks: (q, f) =>
      /\b((best|cheapest|good|reliable) ([a-z-]+ ){0,2}(firms?|lawyers?|solicitors?|agents?|attorneys?|agenc(y|ies)|companies|company|shops?|restaurants?|consultants?)|recommend (a|an|me|some|any)|can you recommend|any recommendations?|which (firm|lawyer|agent|company|shop) should)\b/i.test(q) ||
      /最好的|哪家好|边间好|哪间好|推荐一(个|间|家|位)|有没有推荐|有冇推荐/.test(f) ||
      // "邊間律師樓最平": which provider is cheapest or best.
      /(哪间|哪家|哪个|哪位)[^，。？?]{0,16}(最好|最平|最便宜|最抵|最快|最专业|比较好)/.test(f) ||
      // "搵間平啲嘅代理公司，邊間好？": which provider is good.
      (/(公司|律师|律师行|代理|事务所|顾问|店|铺)/.test(f) && /(哪间|哪家|哪个|哪位)(比较|最)?(好|靠谱|可靠|抵|平|便宜)/.test(f)),
    evidence: /(?!)/,
  },
  {
    // The sanction for an offence (a fine, a prison term): the documents speak of punishing infringement, never of
    // what a court would impose.
    kind: 'penalty',
    asks: (q, f) => /\b(penalty|penalties|punishment|sentenced?|jail|prison|fined?)\b/i.test(q) || /罚款多少|罚多少|判几年|坐几年|坐监|坐牢|刑罚|罚则|会不会坐/.test(f),
    evidence: /罚款\s*\d|有期徒刑|监禁|拘役|\d+\s*(年|个月)以下/,
  },
  {
    kind: 'pass-mark',
    asks: (q, f) => /\b(pass mark|passing mark|passing score|cut-off score|cutoff score)\b/i.test(q) || /分数线|合格线|及格线|合格分数|及格分数/.test(f),
    evidence: /分数线|合格线|及格线|\d+\s*分/,
  },
];

/**
 * "When is this year's / the next forum?": the date of something still to come is a live fact. Only a passage
 * that speaks of the current year or later can answer it; the documents are older.
 */
function asksUpcomingDate(question: string, folded: string, intent: Intent): boolean {
  return (
    intent.kind === 'when' &&
    (/今年|明年|下次|下一届|下届|下一次|今届|即将|快将|未来/.test(folded) || /\b(next|this year'?s?|upcoming|coming|future)\b/i.test(question))
  );
}

function speaksOfYear(entry: IndexedSection, year: number): boolean {
  for (const m of entry.foldedText.matchAll(/(\d{4})\s*年/g)) if (Number(m[1]) >= year) return true;
  return false;
}

function unsupportedFact(question: string, folded: string, entry: IndexedSection): string | undefined {
  for (const f of FACT_KINDS) {
    if (f.asks(question, folded) && !f.evidence.test(entry.foldedText) && !f.alsoWhen?.(folded, entry.foldedText)) return f.kind;
  }
  return undefined;
}

const FEE_OR_DEADLINE = /费|收费|价钱|多少钱|截止|期限|报名|deadline|fee/;

const INTENT_EVIDENCE: Record<Exclude<IntentKind, 'other'>, RegExp> = {
  // A quantity, not a year or a date: "30名", "60余万件", "14.5%", "1,388万元", "十一份".
  count: /\d[\d,.]*\s*(余|多)?\s*(万|亿)?\s*(名|人|件|项|个|宗|家|份|次|届|所|座|条|位|支|类|%|％|元|倍)|[一二两三四五六七八九十百千万]+(名|人|件|项|个|宗|家|份|次|届|所|座|条|位|年)|[≥≤]\s*\d/,
  when: /\d{4}\s*年|\d{1,2}\s*月|[一二三四五六七八九十]+月|[〇○零一二三四五六七八九]{4}\s*年|今日|本月|上半年|下半年|年底|年初/,
  where: /在[^，。；]{1,12}(举办|举行|进行|召开|设立|签署)|考点|[\p{Script=Han}]{2,4}(市|省|区|中心|馆|会展)/u,
  who: /由|牵头|主办|协办|联合|机构|部门|总会|协会|局|署|委员会|中心/,
};

/** A content unit of the question: found in a passage when any alternative occurs there. */
interface ContentGroup {
  alternatives: string[];
  weight: number;
  /** A specific, domain term: matching it is evidence that the documents speak of the question's subject. */
  anchor: boolean;
  /** Occurs in no section at all. */
  absent: boolean;
  /** Everyday wording (glossary `general` entries, English words no entry knows). */
  general: boolean;
  surface: string;
}

// ---------------------------------------------------------------------------------------------------------
// Localised strings

const UI = {
  outOfScope: {
    'zh-Hant': '抱歉，我的文件沒有涵蓋這個問題，我不想給你不準確的答案。',
    'zh-Hans': '抱歉，我的文件没有涵盖这个问题，我不想给你不准确的答案。',
    en: "Sorry — my documents don't cover that, and I'd rather not guess.",
  },
  topicsIntro: {
    'zh-Hant': '我可以根據粵港知識產權合作的官方文件回答以下主題的問題：',
    'zh-Hans': '我可以根据粤港知识产权合作的官方文件回答以下主题的问题：',
    en: 'I answer questions from official documents on Guangdong–Hong Kong intellectual-property co-operation, about:',
  },
  authority: {
    'zh-Hant': '其他知識產權事宜，請向香港知識產權署或國家知識產權局查詢。',
    'zh-Hans': '其他知识产权事宜，请向香港知识产权署或国家知识产权局查询。',
    en: 'For other IP matters, please contact the Hong Kong Intellectual Property Department or CNIPA.',
  },
  greeting: {
    'zh-Hant': '你好！我是 ipbot，粵港知識產權公共服務小助手。',
    'zh-Hans': '你好！我是 ipbot，粤港知识产权公共服务小助手。',
    en: "Hello! I'm ipbot, an assistant for Guangdong–Hong Kong intellectual-property public services.",
  },
  thanks: {
    'zh-Hant': '不用客氣！還有其他問題，隨時問我。',
    'zh-Hans': '不客气！还有其他问题，随时问我。',
    en: "You're welcome! Ask me anything else any time.",
  },
  help: {
    'zh-Hant': 'ipbot 使用說明',
    'zh-Hans': 'ipbot 使用说明',
    en: 'How to use ipbot',
  },
  askHint: {
    'zh-Hant': '用繁體、簡體、廣東話或英文直接問我，例如：「香港考生喺邊度考專利代理人考試？」我會引用文件原文並註明出處。',
    'zh-Hans': '用简体、繁体、粤语或英文直接问我，例如：“香港考生在哪里参加专利代理人考试？”我会引用文件原文并注明出处。',
    en: 'Ask in English, Traditional or Simplified Chinese, or Cantonese — e.g. "Where do Hong Kong candidates sit the patent agent exam?" I quote the documents and cite the source.',
  },
  empty: {
    'zh-Hant': '請輸入你的問題。',
    'zh-Hans': '请输入你的问题。',
    en: 'Please type your question.',
  },
  answerHeading: {
    'zh-Hant': (title: string) => `根據《${title}》：`,
    'zh-Hans': (title: string) => `根据《${title}》：`,
    en: (title: string) => `According to "${title}" (quoted in Chinese):`,
  },
  source: {
    'zh-Hant': (title: string, section: string, date: string) => `出處：《${title}》${section ? ` › ${section}` : ''}（${date}）`,
    'zh-Hans': (title: string, section: string, date: string) => `出处：《${title}》${section ? ` › ${section}` : ''}（${date}）`,
    en: (title: string, section: string, date: string) => `Source: ${title}${section ? ` › ${section}` : ''} (${date})`,
  },
  oldSource: {
    'zh-Hant': (year: string, kind: string) => `以上內容根據${year}年的${kind}，情況或已改變，請以最新官方公布為準。`,
    'zh-Hans': (year: string, kind: string) => `以上内容根据${year}年的${kind}，情况或已改变，请以最新官方公布为准。`,
    en: (year: string, kind: string) => `Based on a ${year} ${kind} — things may have changed; check the latest official notice.`,
  },
  kind: {
    'zh-Hant': { agreement: '協議', 'progress-report': '進展報告', 'press-release': '新聞公報', plan: '規劃', note: '文件' },
    'zh-Hans': { agreement: '协议', 'progress-report': '进展报告', 'press-release': '新闻公报', plan: '规划', note: '文件' },
    en: { agreement: 'agreement', 'progress-report': 'progress report', 'press-release': 'press release', plan: 'plan', note: 'document' },
  },
  checkNotice: {
    'zh-Hant': '日期、費用及截止時間請以最新官方公布為準。',
    'zh-Hans': '日期、费用及截止时间请以最新官方公布为准。',
    en: 'For dates, fees and deadlines, check the latest official notice.',
  },
  overviewHeading: {
    'zh-Hant': (label: string) => `${label}：文件摘要`,
    'zh-Hans': (label: string) => `${label}：文件摘要`,
    en: (label: string) => `${label}: what the documents say`,
  },
} as const;

function topicList(lang: Lang): string {
  return TOPIC_IDS.map((id) => `• ${TOPICS[id].label[lang]}`).join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// The engine

interface Ranked {
  entry: IndexedSection;
  bm25: number;
  coverage: number;
  /** Some specific (anchor) term of the question occurs in the passage. */
  anchored: boolean;
  /** The best sentence's coverage plus intent evidence. */
  focus: number;
  score: number;
}

/** Why the engine answered as it did: for the eval's diagnostics and for tuning, not for users. */
export interface Explanation {
  folded: FoldedQuery;
  intent: IntentKind;
  groups: Array<{ alternatives: string[]; weight: number }>;
  candidates: Array<{ sectionId: string; section: string; bm25: number; coverage: number; anchored: boolean; focus: number; score: number }>;
  /** For a how-many question: what a counting sentence must name (the counted noun, specific places). */
  counted: string[];
  unsupported: string | undefined;
}

export interface ExplainingAnswerEngine extends AnswerEngine {
  explain(question: string): Explanation;
}

export function createAnswerEngine(kb: KnowledgeBase, glossary: Glossary, options: AnswerEngineOptions = {}): ExplainingAnswerEngine {
  const index = new SectionIndex(kb, options);
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const weights: RankWeights = { ...DEFAULT_RANK_WEIGHTS, ...options.weights };
  const now = options.now ?? (() => new Date());

  const unknownWeight = Math.log(1 + (index.size + 1) / 0.5) + 1;
  const anchorMaxDf = Math.max(3, index.size * 0.1);

  /** The idf of the rarest alternative the documents use (of the commonest, for everyday words), and its df. */
  function presentIdf(alternatives: string[], general: boolean): { idf: number; minDf: number; maxDf: number } {
    let idf = 0;
    let minDf = Infinity;
    let maxDf = 0;
    for (const a of alternatives) {
      const df = index.documentFrequency(a);
      if (df > 0) {
        const value = index.idf(a);
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
  function absentWordWeight(word: string, tag: string): number {
    const general = generalIdf(word) ?? 12;
    const floor = NOUN_TAG.test(tag) ? ABSENT_NOUN_FLOOR : 0.1;
    return unknownWeight * Math.min(1, Math.max(floor, (general - 6) / 5));
  }

  /**
   * The question's words, with words the documents never use taken apart when their parts are words the documents
   * do use: jieba joins what a question says loosely (香港队 → 香港 + 队, 出过 → 出, 多不多 is a question form).
   */
  function contentWords(rest: string): TaggedWord[] {
    const out: TaggedWord[] = [];
    const known = (part: string) => FUNCTION_WORDS.has(part) || index.documentFrequency(part) > 0;
    for (const tagged of words(rest)) {
      const w = tagged.word;
      if (!/^\p{Script=Han}{2,}$/u.test(w) || FUNCTION_WORDS.has(w) || index.documentFrequency(w) > 0) {
        out.push(tagged);
        continue;
      }
      // "A不A" (多不多, 好不好) asks yes or no; it names nothing.
      if (/^(.+)不\1$/u.test(w)) continue;
      // A one-character verb with its result (办成, 做好, 搞掉) the documents never write: how, not what.
      if (w.length === 2 && /[成到好完掉]$/u.test(w) && /^v/.test(tagged.tag)) continue;
      // A verb with its aspect particle (出过, 办了): the verb.
      if (/[过了着]$/u.test(w) && known(w.slice(0, -1))) {
        out.push({ word: w.slice(0, -1), tag: tagged.tag });
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

  function maxDfOf(alternatives: string[]): number {
    return presentIdf(alternatives, true).maxDf;
  }

  function contentGroups(folded: FoldedQuery): ContentGroup[] {
    const groups: ContentGroup[] = [];
    for (const c of folded.concepts) {
      const alternatives = c.alternatives.filter((a) => !FUNCTION_WORDS.has(a));
      if (alternatives.length === 0) continue;
      const { idf, minDf } = presentIdf(alternatives, c.general === true || c.lexicon === true);
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
        weight = absent ? Math.max(...alternatives.map((a) => absentWordWeight(a, words(a)[0]?.tag ?? 'x'))) : Math.min(idf, LEXICON_MAX_WEIGHT);
        anchor = !absent && c.lexicon === true && maxDfOf(alternatives) <= anchorMaxDf && first.length >= 2;
      } else if (c.unknownEnglish && !c.name) {
        // Everyday English the glossary does not list ("recommend", "online"): phrasing more than subject.
        weight = absent ? 1.5 : idf;
        anchor = false;
      } else {
        // An everyday or place word found rarely ("end of" → 末) is still phrasing, not the subject: capped like the lexicon.
        weight = absent ? unknownWeight : c.general ? Math.min(idf, LEXICON_MAX_WEIGHT) : idf;
        anchor = !absent && (c.glossary ? !c.general : minDf <= anchorMaxDf);
      }
      const general = c.general === true || c.lexicon === true || (c.unknownEnglish === true && !c.name);
      groups.push({ alternatives, weight, anchor, absent, general, surface: c.surface });
    }
    for (const { word: w, tag } of contentWords(folded.rest)) {
      if (FUNCTION_WORDS.has(w) || NUMERAL_WORD.test(w) || /^[\p{P}\p{S}\s]+$/u.test(w)) continue;
      const df = index.documentFrequency(w);
      const han = /\p{Script=Han}/u.test(w);
      // A lone character left over from a phrase the glossary did not know carries little meaning.
      if (w.length === 1 && han && df > index.size * 0.2) continue;
      let weight: number;
      // Words everyone uses everywhere (开始, 时间, 通过) say little about the subject even when the documents
      // happen to use them rarely: weighed down, and never an anchor.
      const everyday = han && df > 0 && (generalIdf(w) ?? 99) < EVERYDAY_GENERAL_IDF;
      if (df > 0) weight = everyday ? index.idf(w) * Math.max(0.5, ((generalIdf(w) ?? 0) - 3) / 4) : index.idf(w);
      else if (han) weight = absentWordWeight(w, tag);
      else weight = unknownWeight;
      // A number or a year says how many or when, not what the question is about: never an anchor.
      const anchor = df > 0 && df <= anchorMaxDf && (w.length >= 2 || !han) && !everyday && !/^[\d.,]+$/.test(w);
      // A single character is usually a measure word or a fragment (份, 团, 带), rarely the subject.
      if (han && w.length === 1) weight *= 0.5;
      const numeral = /^\d{1,2}$/.test(w) ? chineseNumeral(Number(w)) : undefined;
      groups.push({ alternatives: numeral ? [w, numeral] : [w], weight, anchor, absent: df === 0, general: false, surface: w });
    }
    return heaviest(mergeDuplicates(groups), MAX_CONTENT_GROUPS);
  }

  function coverageOf(entry: IndexedSection, groups: ContentGroup[], asksRatio = false): { coverage: number; anchored: boolean } {
    const title = foldTitle(entry.document);
    const full = `${title} ${entry.foldedHeading} ${entry.foldedText}`;
    // A word the passage uses only as the base of a ratio (每万人口, 占地区生产总值比重) is not its subject: a passage
    // on patents per 10,000 people does not say what the population is, unless the question asks for the ratio.
    const haystack = asksRatio ? full : withoutRatioBases(full);
    let total = 0;
    let matched = 0;
    let anchored = false;
    let inTitle = 0;
    const body = `${entry.foldedHeading} ${entry.foldedText}`;
    for (const g of groups) {
      total += g.weight;
      if (g.alternatives.some((a) => occurs(haystack, a))) {
        // A year asked about is the year of an event: one found only in the document's title ("协议（2015年-2016年）")
        // is weaker evidence than a passage that states it.
        const titleOnlyYear = g.alternatives.every((a) => !YEAR.test(a) || !occurs(body, a)) && g.alternatives.some((a) => YEAR.test(a));
        matched += titleOnlyYear ? g.weight / 2 : g.weight;
        if (g.anchor) anchored = true;
        if (g.alternatives.some((a) => occurs(title, a))) inTitle++;
      } else matched += g.weight * partialMatch(g.alternatives, haystack);
    }
    // A question that names the document itself ("the 2015-2016 agreement") is about it, however plain its words.
    if (inTitle >= 2) anchored = true;
    return { coverage: total === 0 ? 0 : matched / total, anchored };
  }

  function rank(folded: FoldedQuery, groups: ContentGroup[], intent: Intent): Ranked[] {
    const hits = index.search(folded.searchText, CANDIDATES);
    if (hits.length === 0) return [];
    const top = hits[0]?.score ?? 1;
    const ratioAsked = asksRatio(`${folded.text} ${folded.concepts.map((c) => c.surface).join(' ')}`);
    const ranked = hits.map((h) => {
      const { coverage, anchored } = coverageOf(h.entry, groups, ratioAsked);
      const bm25 = h.score / top;
      const phrases = hanRuns(folded.text);
      const focus = Math.max(0, ...scoreSentences(h.entry, groups, intent, phrases));
      // A heading that carries a long stretch of the question's wording (the name of the agreement asked about) marks
      // the passage about that thing rather than one that lists it.
      const named = Math.max(0, ...phrases.map((p) => longestCommonRun(p, h.entry.foldedHeading)));
      const headingBonus = Math.min(PHRASE_BONUS_MAX, PHRASE_BONUS_PER_CHAR * Math.max(0, named - PHRASE_MIN_CHARS)) * HEADING_PHRASE_WEIGHT;
      const score = coverage + weights.bm25 * bm25 + weights.sentence * focus + headingBonus;
      return { entry: h.entry, bm25, coverage, anchored, focus, score };
    });
    ranked.sort((a, b) => b.score - a.score || a.entry.section.order - b.entry.section.order);
    return ranked;
  }

  function sourceOf(r: Ranked, lang: Lang): AnswerSource {
    return {
      docId: r.entry.document.id,
      sectionId: r.entry.section.id,
      title: titleIn(r.entry.document, lang),
      section: toScript(r.entry.section.headingPath.join(' › '), lang),
      date: r.entry.document.date,
      text: toScript(r.entry.section.text, lang),
      score: Math.round(r.score * 1000) / 1000,
    };
  }

  function caveats(doc: DocumentMeta, lang: Lang, foldedQuestion: string, intent: Intent): Block[] {
    const notes: Block[] = [];
    const year = doc.date.slice(0, 4);
    if (/^\d{4}$/.test(year) && now().getFullYear() - Number(year) >= 2) {
      notes.push({ type: 'note', text: UI.oldSource[lang](year, UI.kind[lang][doc.kind] ?? UI.kind[lang].note) });
    }
    if (intent.kind === 'when' || FEE_OR_DEADLINE.test(foldedQuestion)) notes.push({ type: 'note', text: UI.checkNotice[lang] });
    return notes;
  }

  function compose(query: string, lang: Lang, ranked: Ranked[], groups: ContentGroup[], intent: Intent, folded: string, heading?: string, maxSentences = 2): Answer {
    const best = ranked[0] as Ranked;
    const doc = best.entry.document;
    const quote = toScript(bestSentences(best.entry, groups, intent, maxSentences, hanRuns(folded)), lang);
    const source = sourceOf(best, lang);
    const blocks: Block[] = [
      { type: 'heading', text: heading ?? UI.answerHeading[lang](titleIn(doc, lang)) },
      { type: 'quote', text: quote },
      { type: 'source', text: UI.source[lang](source.title, source.section, source.date) },
      ...caveats(doc, lang, folded, intent),
    ];
    return {
      query,
      answered: true,
      answer: renderPlain(blocks),
      lang,
      sources: ranked.slice(0, MAX_SOURCES).map((r) => sourceOf(r, lang)),
      kind: 'answer',
      blocks,
    };
  }

  function ask(question: string, askOptions: AskOptions = {}): Answer {
    const query = typeof question === 'string' ? question : '';
    const cleaned = cleanQuestion(query);
    const lang = askOptions.lang ?? detectLang(cleaned);
    if (!/[\p{L}\p{N}]/u.test(cleaned)) return smallTalk(query, lang, 'empty');
    if (GREETING.test(cleaned)) return smallTalk(query, lang, 'greeting');
    if (THANKS.test(cleaned)) return smallTalk(query, lang, 'thanks');
    if (HELP.test(cleaned)) return smallTalk(query, lang, 'help');

    const folded = foldQuery(cleaned, glossary);
    const intent = intentOf(folded.text, cleaned);
    const groups = withoutFrame(contentGroups(folded), intent);
    // A word or two found nearly everywhere ("IP?", "广东合作", "can you help with IP"): too vague to pick a passage.
    if (groups.length <= 2 && groups.every((g) => !g.absent && (g.general || g.weight < VAGUE_WEIGHT))) {
      return smallTalk(query, lang, 'help');
    }
    const ranked = rank(folded, groups, intent);
    // The best-ranked passage that covers the question well enough answers it; the others follow as sources.
    // A question that names something the documents never mention (签证, 建造师, a hotel) is about that thing
    // unless nearly everything else in it matches: it needs more coverage.
    const needed = groups.some((g) => g.absent && g.weight >= ABSENT_SUBJECT_WEIGHT) ? minCoverage + ABSENT_SUBJECT_MARGIN : minCoverage;
    // A year is no anchor by itself ("GDP in 2020"), but with everything else of the question found too it pins the
    // passage down ("the plan's goals for 2035").
    const datedAndCovered = (r: Ranked) => r.coverage >= FULL_COVERAGE && groups.some((g) => g.alternatives.some((a) => YEAR.test(a)));
    const covering = ranked.slice(0, ANSWER_WINDOW).filter((r) => r.coverage >= needed && (r.anchored || datedAndCovered(r)));
    // "How many…" needs a passage that counts something (a figure with a unit): the best covering one that does,
    // and none when none does ("香港多间大学" does not say how many universities Hong Kong has).
    // It must also count the thing asked about, where asked about: a sentence with the figure names the counted noun
    // and any specific place of the question ("how many universities in Guangzhou" is not answered by "5 universities
    // in the province set up IP schools").
    let chosen = covering[0];
    if (intent.kind === 'count') {
      const { noun, places } = countedGroups(cleaned, folded.text, groups);
      chosen = covering.find((r) => INTENT_EVIDENCE.count.test(r.entry.foldedText) && countsThing(r.entry, intent, noun ? [noun, ...places] : places));
    }
    const at = chosen ? ranked.indexOf(chosen) : -1;
    const best = ranked[at];
    if (!best || unsupportedFact(cleaned, folded.text, best.entry)) return outOfScope(query, lang);
    if (asksUpcomingDate(cleaned, folded.text, intent) && !speaksOfYear(best.entry, now().getFullYear())) return outOfScope(query, lang);
    // "How many…" needs a passage that counts something of that kind (a figure with its unit), not one that
    // merely mentions the subject ("香港多间大学" does not say how many universities Hong Kong has).

    return compose(query, lang, [best, ...ranked.filter((r) => r !== best)], groups, intent, folded.text);
  }

  function overview(topic: TopicId, lang: Lang): Answer {
    const t = TOPICS[topic];
    const folded = foldQuery(t.overviewQuery, glossary);
    const groups = contentGroups(folded);
    const ranked = rank(folded, groups, NO_INTENT);
    if (ranked.length === 0) return outOfScope(t.label[lang], lang);
    return compose(t.label[lang], lang, ranked, groups, NO_INTENT, folded.text, UI.overviewHeading[lang](t.label[lang]), 3);
  }

  function explain(question: string): Explanation {
    const cleaned = cleanQuestion(question);
    const folded = foldQuery(cleaned, glossary);
    const intent = intentOf(folded.text, cleaned);
    const groups = withoutFrame(contentGroups(folded), intent);
    const ranked = rank(folded, groups, intent);
    return {
      folded,
      intent: intent.kind,
      groups,
      candidates: ranked.slice(0, 10).map((r) => ({
        sectionId: r.entry.section.id,
        section: r.entry.section.headingPath.join(' › '),
        bm25: r.bm25,
        coverage: r.coverage,
        anchored: r.anchored,
        focus: r.focus,
        score: r.score,
      })),
      counted: intent.kind === 'count' ? Object.values(countedGroups(cleaned, folded.text, groups)).flat().filter((g) => g !== undefined).map((g) => g.alternatives.join('/')) : [],
      unsupported: ranked[0] ? unsupportedFact(cleanQuestion(question), folded.text, ranked[0].entry) : undefined,
    };
  }

  return { ask, overview, explain };
}

// ---------------------------------------------------------------------------------------------------------
// Replies that do not quote a passage

function smallTalk(query: string, lang: Lang, kind: 'greeting' | 'thanks' | 'help' | 'empty'): Answer {
  const blocks: Block[] = [];
  if (kind === 'thanks') {
    blocks.push({ type: 'text', text: UI.thanks[lang] });
  } else {
    const opening: Localized = kind === 'greeting' ? UI.greeting : kind === 'help' ? UI.help : UI.empty;
    blocks.push({ type: kind === 'help' ? 'heading' : 'text', text: opening[lang] });
    blocks.push({ type: 'text', text: `${UI.topicsIntro[lang]}\n${topicList(lang)}` });
    blocks.push({ type: 'text', text: UI.askHint[lang] });
  }
  return { query, answered: false, answer: renderPlain(blocks), lang, sources: [], kind, blocks };
}

function outOfScope(query: string, lang: Lang): Answer {
  const blocks: Block[] = [
    { type: 'text', text: UI.outOfScope[lang] },
    { type: 'text', text: `${UI.topicsIntro[lang]}\n${topicList(lang)}` },
    { type: 'text', text: UI.authority[lang] },
  ];
  return { query, answered: false, answer: renderPlain(blocks), lang, sources: [], kind: 'out-of-scope', blocks };
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function titleIn(doc: DocumentMeta, lang: Lang): string {
  return lang === 'en' ? doc.titleEn || toScript(doc.title, 'zh-Hant') : toScript(doc.title, lang);
}

const titleCache = new WeakMap<DocumentMeta, string>();
function foldTitle(doc: DocumentMeta): string {
  let t = titleCache.get(doc);
  if (t === undefined) {
    t = `${toScript(doc.title, 'zh-Hans')} ${doc.titleEn}`.toLowerCase();
    titleCache.set(doc, t);
  }
  return t;
}

/** Credit for a word that does not occur whole: the share of its character bigrams that do, halved. */
function partialMatch(alternatives: string[], haystack: string): number {
  let best = 0;
  for (const a of alternatives) {
    if (a.length < 3 || !/\p{Script=Han}/u.test(a)) continue;
    let found = 0;
    for (let i = 0; i + 1 < a.length; i++) if (haystack.includes(a.slice(i, i + 2))) found++;
    best = Math.max(best, found / (a.length - 1));
  }
  return best * 0.5;
}

/** Whether a passage contains an alternative; a number must stand alone (15 is not found in 2015). */
function occurs(haystack: string, alternative: string): boolean {
  if (!/^\d/.test(alternative)) return haystack.includes(alternative);
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(alternative, from);
    if (at < 0) return false;
    const before = haystack[at - 1] ?? '';
    const after = haystack[at + alternative.length] ?? '';
    if (!/[\d.]/.test(before) && !/\d/.test(after)) return true;
    from = at + 1;
  }
}

/** The base of a ratio: what follows 每/每万 (每万人口), or what a share is taken of (占地区生产总值比重). */
const RATIO_BASE = /每[十百千万亿]?[\p{Script=Han}]{1,2}(?=[\p{Script=Han}])|占[\p{Script=Han}]{1,8}?(?=的?比重|的?比例)/gu;

function withoutRatioBases(text: string): string {
  return text.replace(RATIO_BASE, (m) => '□'.repeat(m.length));
}

/** Places the documents are about as a whole: naming them does not narrow a count. */
const HOME_PLACES = new Set(['广东', '广东省', '香港', '粤', '粤港', '粤港澳', '中国', '内地', '全国', '全省', '大湾区', '珠三角', '泛珠', '泛珠三角', '澳门', '国内']);

function isSpecificPlace(g: ContentGroup): boolean {
  const first = g.alternatives[0] ?? '';
  if (!/^\p{Script=Han}{2,}$/u.test(first) || g.alternatives.some((a) => HOME_PLACES.has(a))) return false;
  const tagged = words(first);
  // jieba tags some bodies as places (海关): a place names no institution.
  return tagged.length === 1 && tagged[0]?.tag === 'ns' && !/[关局署厅会院所处部委]$/u.test(first);
}

/** The head noun a how-many question counts: the last noun before the verb, in English or in Chinese. */
function countedNoun(question: string, folded: string): { english?: string; chinese?: string } {
  const english = /\bhow many ([a-z][a-z' -]*)/i
    .exec(question)?.[1]
    ?.toLowerCase()
    .split(/\b(?:did|does|do|were|was|are|is|has|have|had|will|would|can|could|in|on|at|of|from|for|during|since|by|there|that|which|who)\b/)[0]
    ?.trim()
    .split(/[\s-]+/)
    .at(-1);
  const after = new RegExp(`(?:多少|几)(?:${CLASSIFIERS})?([^?？，。,]*)`).exec(folded)?.[1] ?? '';
  let chinese: string | undefined;
  for (const { word, tag } of words(after)) {
    if (!/^(n|nz|nt|nr|ns|vn|j)/.test(tag) || !/\p{Script=Han}/u.test(word)) break;
    chinese = word;
  }
  return { ...(english ? { english } : {}), ...(chinese ? { chinese } : {}) };
}

/**
 * What a counting sentence must name: the counted noun's group (unless it counts people or times, which the
 * documents count with 人/名/次 whatever the noun) and every specific place of the question.
 */
function countedGroups(question: string, folded: string, groups: ContentGroup[]): { noun: ContentGroup | undefined; places: ContentGroup[] } {
  const { english, chinese } = countedNoun(question, folded);
  const people = /^(people|persons?|times|hongkongers|residents|participants|attendees)$/;
  const noun = groups.find(
    (g) =>
      (english !== undefined && !people.test(english) && new RegExp(`\\b${english.replace(/s$/, '')}`).test(g.surface.toLowerCase())) ||
      (chinese !== undefined && !/^(人|人员|人数|次)$/.test(chinese) && g.alternatives.some((a) => a === chinese || a.endsWith(chinese))),
  );
  const places = groups.filter((g) => g !== noun && isSpecificPlace(g));
  // An everyday word ("items" → 项目) is too loose a translation to insist on.
  return { noun: noun && !noun.absent && !noun.general ? noun : undefined, places };
}

const TABLE_FIGURE = /(名|人|件|项|个|宗|家|份|次|届|所|座|条|位|支|类|%|元)\s*\d/;

/** Whether some sentence of the passage gives the count asked for and names every required group. */
function countsThing(entry: IndexedSection, intent: Intent, required: ContentGroup[]): boolean {
  if (required.length === 0) return true;
  // Any figure with a unit will do here (the unit asked for only ranks sentences); a table gives the unit first (个 100 54).
  const figure = (text: string) => INTENT_EVIDENCE.count.test(text) || TABLE_FIGURE.test(text);
  return sentencesOf(entry).some(({ folded }) => figure(folded) && required.every((g) => g.alternatives.some((a) => occurs(folded, a))));
}

/** Whether a question asks for a ratio, a share or a per-head figure itself. */
function asksRatio(folded: string): boolean {
  return /每|比重|比例|占|百分|率|人均/.test(folded) || /(per|share|proportion|ratio|percentage|percent|rate)/.test(folded);
}

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 15 → 十五, 24 → 二十四: the documents number items and editions in Chinese (第十五届). */
export function chineseNumeral(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 1 || n > 99) return undefined;
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : DIGITS[tens]}十${DIGITS[n % 10]}`;
}

/**
 * The `max` heaviest groups, in question order. A real question has a dozen content words; a pasted page has
 * hundreds, and re-ranking costs groups × candidates × sentences, so the work stays bounded whatever is sent.
 */
/**
 * Weighs down the body word a who-question asks for ("which department", 哪个部门): it names what is wanted more than
 * the subject, though a passage that uses it (知识产权部门) is still a little more likely to name one.
 */
function withoutFrame(groups: ContentGroup[], intent: Intent): ContentGroup[] {
  if (intent.kind !== 'who') return groups;
  return groups.map((g) => (g.alternatives.every((a) => BODY_FRAME.has(a)) ? { ...g, weight: g.weight * 0.3, anchor: false } : g));
}

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

const PHRASE_MIN_CHARS = 4;
const PHRASE_BONUS_PER_CHAR = 0.05;
const PHRASE_BONUS_MAX = 0.3;
/** Sentence penalty for speaking of the future when the question asks what was done, or the reverse. */
const TENSE_PENALTY = 0.15;
/** Share of the phrase bonus a heading gets (see rank). */
const HEADING_PHRASE_WEIGHT = 0.5;

/** The runs of Chinese characters of a folded question (its own wording, for phrase matching). */
function hanRuns(folded: string): string[] {
  return folded.match(/\p{Script=Han}{5,}/gu) ?? [];
}

/** Length of the longest stretch of `a` that occurs in `b`. */
function longestCommonRun(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    let len = best + 1;
    while (i + len <= a.length && b.includes(a.slice(i, i + len))) {
      best = len;
      len++;
    }
  }
  return best;
}

/** Splits a passage into sentences (Chinese full stops, semicolons, line breaks), keeping the punctuation. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[^。！？；!?\n]+[。！？；!?]*/g)) {
    const s = m[0].trim();
    if (s.replace(/[\p{P}\s]/gu, '').length > 0) out.push(s);
  }
  return out;
}

interface Sentence {
  original: string;
  folded: string;
}

const sentenceCache = new WeakMap<IndexedSection, Sentence[]>();

function sentencesOf(entry: IndexedSection): Sentence[] {
  let sentences = sentenceCache.get(entry);
  if (!sentences) {
    sentences = splitSentences(entry.section.text).map((original) => ({
      original,
      folded: foldSentence(original.normalize('NFKC').toLowerCase()),
    }));
    sentenceCache.set(entry, sentences);
  }
  return sentences;
}

/**
 * Each sentence's share of the question's weighted content, plus a bonus when it holds what the question
 * asks for (a figure, a date, a place, a body) next to some of that content.
 */
/**
 * A sentence that defines a term (a table's footnote: "“每万人口高价值发明专利拥有量”是指…符合下列任一条件") says what an
 * indicator means, not its figure or date: its numerals (任一条件, 10年) are no evidence for a how-many or when question.
 */
const DEFINITION = /是指|指的是/;

function scoreSentences(entry: IndexedSection, groups: ContentGroup[], intent: Intent, phrases: string[] = []): number[] {
  const total = groups.reduce((sum, g) => sum + g.weight, 0) || 1;
  const evidence = intent.evidence;
  return sentencesOf(entry).map(({ folded }) => {
    let covered = 0;
    for (const g of groups) if (g.alternatives.some((a) => occurs(folded, a))) covered += g.weight;
    let score = covered / total;
    // The question's own wording found as one stretch ("知识产权服务机构") marks the more specific sentence.
    const common = Math.max(0, ...phrases.map((p) => longestCommonRun(p, folded)));
    score += Math.min(PHRASE_BONUS_MAX, PHRASE_BONUS_PER_CHAR * Math.max(0, common - PHRASE_MIN_CHARS));
    if (evidence && covered > 0 && evidence.test(folded) && !DEFINITION.test(folded)) score += 0.3;
    // Done or planned, as asked: the plan reports the 13th FYP's results and sets the 14th's targets in like words.
    const told = intent.tense && covered > 0 ? sentenceTense(folded) : undefined;
    if (told && told !== intent.tense) score -= TENSE_PENALTY;
    // Very short fragments (a list number, a dangling clause) make poor quotes.
    if (folded.length < 8) score -= 0.3;
    return score;
  });
}

/**
 * The passage's most relevant sentences, in passage order. When the question asks for a figure, a date, a place
 * or a body, the best sentence holding one (next to some of the question's content) is always among them.
 */
function bestSentences(entry: IndexedSection, groups: ContentGroup[], intent: Intent, max: number, phrases: string[] = []): string {
  const sentences = sentencesOf(entry);
  if (sentences.length <= max) return sentences.map((s) => s.original).join('');
  const scores = scoreSentences(entry, groups, intent, phrases);
  const order = scores.map((score, i) => ({ i, score })).sort((a, b) => b.score - a.score || a.i - b.i);
  const top = order[0]?.score ?? 0;
  const chosen = order.slice(0, max).filter((s, k) => k === 0 || s.score >= top * 0.6).map((s) => s.i);
  const evidence = intent.evidence;
  if (evidence && !chosen.some((i) => evidence.test(sentences[i]?.folded ?? ''))) {
    const withEvidence = order.find((s) => evidence.test(sentences[s.i]?.folded ?? '') && s.score > 0);
    if (withEvidence) chosen.splice(Math.min(chosen.length, max - 1), 1, withEvidence.i);
  }
  // Sentences that are not neighbours in the passage are joined with an ellipsis: the quote shows the gap.
  const picked = [...new Set(chosen)].sort((a, b) => a - b);
  return picked.map((i, k) => (k > 0 && i !== (picked[k - 1] ?? i) + 1 ? '……' : '') + (sentences[i]?.original ?? '')).join('');
}

function foldSentence(s: string): string {
  return toScript(s, 'zh-Hans');
}
