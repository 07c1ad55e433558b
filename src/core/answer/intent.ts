/**
 * Intent: what a question asks for (a count, a date, a place, a body), whether it asks what was done or what is
 * planned, and what a sentence that answers it looks like. Data and pure functions of the folded question.
 */

export type IntentKind = 'count' | 'when' | 'where' | 'who' | 'other';

/** What a question asks for, and what a sentence that answers it looks like. */
export interface Intent {
  kind: IntentKind;
  evidence: RegExp | undefined;
  /** Whether the question asks about what was done or what is planned (the plan states both, section by section). */
  tense?: 'past' | 'future';
}

export const NO_INTENT: Intent = { kind: 'other', evidence: undefined };

export const CLASSIFIERS = '名|人|件|项|个|宗|家|份|次|届|所|座|条|位|支|类|间';

/** "how many people" → 人: the Chinese measure word of the thing an English question counts. */
const ENGLISH_UNITS: Array<[RegExp, string]> = [
  [/^(people|persons?|candidates?|participants?|attendees?|students?|teachers?|representatives?|delegates?|visitors?|members?|hongkongers|residents|youths?|pupils|officials|officers|staff|experts|lawyers|agents|attorneys|winners|suspects?|arrests?|offenders?|criminals?|defendants?)\b/, '人'],
  // Reports and intelligence come in 份 as well as 件 (情报信息共12份).
  [/^(cases?|intelligence|intel|reports?|pieces?)\b/, '宗|件|份'],
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

function figureIn(unit: string): RegExp {
  return new RegExp(`(\\d[\\d,.]*|[一二两三四五六七八九十百千]+)\\s*(余|多)?\\s*(万|亿)?\\s*(${unit})`);
}

/** A number of people: "16名", "超过2,400位", "26人". */
export const PEOPLE_FIGURE = figureIn('人|名|位');

export function intentOf(folded: string, question = ''): Intent {
  const tense = tenseOf(question, folded);
  const kind = kindOf(folded, question);
  return tense ? { ...kind, tense } : kind;
}

const FUTURE_QUESTION_EN = /\b(will|shall|going to|plans? to|planned|aims? to|aiming|targets?|targeted|goals?|by 20[2-9]\d|expected to|intends? to|hopes? to|wants? to (reach|achieve|hit|get to|have))\b/i;
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

export function sentenceTense(folded: string): 'past' | 'future' | undefined {
  if (FUTURE_SENTENCE.test(folded)) return 'future';
  if (PAST_SENTENCE.test(folded)) return 'past';
  return undefined;
}

/** Before 几, these make it "these / the past / quite a / a dozen or so few" (这几次, 前几年, 好几个, 十几个): no question. */
export const NOT_ASKING_BEFORE_JI = '这那前后好十头最';

/** How many / how much: 多少, 几 with a measure word (几所, 几间), a number, a share or a value asked for. */
const COUNT_QUESTION = new RegExp(
  `(?<![哪${NOT_ASKING_BEFORE_JI}])(多少|几多|几(${CLASSIFIERS}|成|倍))|数目|数量|人数|百分之|比例|比重|占比|(?<![高低])价值(?!观)|金额|案值|总值|总额`,
);

/** Where the asking begins in a question told around a story (…，请问…吗？; 想知…). */
const ASK_BEGINS = /请问|想知|想问|吗|有没有|是否|可不可以|能不能|会不会|是不是/;

/**
 * "我开了几间加盟店，…，请问…吗？": 几 in the story told before the question is "a few", not "how many". The
 * clauses before the first one that asks (a yes/no word, 请问, 想知) lose their 几 (几多 always asks).
 */
export function withoutToldFew(folded: string): string {
  const clauses = folded.split(/(?<=[，,。；;！!？?])/);
  const ask = clauses.findIndex((c) => ASK_BEGINS.test(c));
  if (ask <= 0) return folded;
  return clauses.map((c, i) => (i < ask ? c.replace(/几(?!多)/g, '些') : c)).join('');
}

/**
 * "封识号码和数量写在什么文件上": 数量 named as what is written, with another question word asking (什么文件): the
 * quantity is the subject, not the answer. Only the nouns 数量, 数目 are read so; 多少 and 几 always ask a count.
 * `asking` is the question without the few (几) of its story (withoutToldFew).
 */
function quantityAsSubject(asking: string): boolean {
  return !/多少|几/.test(asking) && /数量|数目/.test(asking) && /什么|哪|谁|怎/.test(asking.replace(/数量|数目/g, ''));
}

/** "What was the attendance?": how many people came. */
const ATTENDANCE_EN = /\b(attendance|turnout)\b/i;

function kindOf(folded: string, question: string): Intent {
  if (ATTENDANCE_EN.test(question)) return { kind: 'count', evidence: PEOPLE_FIGURE };
  // "哪几项原则" asks which ones (a list), not how many: 几 after 哪 is not a count (nor after NOT_ASKING_BEFORE_JI).
  const asking = withoutToldFew(folded);
  if (COUNT_QUESTION.test(asking) && !quantityAsSubject(asking)) {
    // "几多件" wants a number of 件, "几多人" a number of people: prefer sentences counting the same unit.
    // The counted noun: the first word after "how many" that names a unit, up to the verb ("how many
    // national-level IP protection centres did…" counts centres).
    const counted = (/\bhow many ([a-z' -]+)/i.exec(question)?.[1]?.toLowerCase() ?? '')
      .split(/\b(?:did|does|do|were|was|are|is|has|have|had|will|would|can|could|in|on|at|of|from|for|during|since|by)\b/)[0]
      ?.split(/[\s-]+/)
      .filter(Boolean) ?? [];
    const unit =
      // 几多个人 counts people: 个 is only the measure word of the noun after it.
      (/(?:多少|几多?)个?(人|名|位)/.test(folded) ? '人' : undefined) ??
      // A multiple (赔偿最高几倍, "how many times higher") is a figure in 倍.
      new RegExp(`(?:多少|几)(${CLASSIFIERS}|倍)`).exec(folded)?.[1] ??
      (/\bhow many times (more|higher|larger|bigger|greater|as)\b/i.test(question) ? '倍' : undefined) ??
      // The head noun comes last in English ("people's mediation organisations" counts organisations).
      counted
        .map((word) => ENGLISH_UNITS.find(([noun]) => noun.test(word))?.[1])
        .filter((u) => u !== undefined)
        .at(-1);
    // 参加人数, "attendance": a number of people.
    if (unit === '人' || unit === '名' || unit === '位' || /人数/.test(folded)) return { kind: 'count', evidence: PEOPLE_FIGURE };
    return { kind: 'count', evidence: unit ? figureIn(unit) : INTENT_EVIDENCE.count };
  }
  // The day of the week (星期几, "what day of the week") is asked of a date too.
  const weekday = /星期几|礼拜几|周几/.test(folded) || /\b(day of the week|weekday)\b/i.test(question);
  if (weekday || /什么时候|何时|几时|哪一?年|几月|哪一?[天日]|日期|时间|几号|几点/.test(folded)) {
    // "哪天", "几号", "what date" want a day, not just a year or a month.
    const day = weekday || /哪一?[天日]|几号|几月几日|日期|具体时间/.test(folded) || /\b(what|which|exact) (date|day)\b|\bexact [a-z]+ (date|day)\b|\bon what day\b/i.test(question);
    return { kind: 'when', evidence: weekday ? WEEKDAY : day ? DAY : INTENT_EVIDENCE.when };
  }
  if (WHERE_QUESTION.test(folded)) return { kind: 'where', evidence: INTENT_EVIDENCE.where };
  if (/谁|哪位|哪[一两二三四五几]?[个些家间]?(机构|部门|组织|单位|政府|协会|团体)|哪[一两二三四五几]?[个些家间]?[\p{Script=Han}]{0,2}(局(?![面势])|署(?!名)|厅)|由哪/u.test(folded) || ENGLISH_WHO.test(question)) {
    return { kind: 'who', evidence: INTENT_EVIDENCE.who };
  }
  return NO_INTENT;
}

/** "Who…", "which department / body / agency…": the asker wants a body named. */
const ENGLISH_WHO = /^\s*who\b|\bwhich (government )?(department|body|bodies|agency|agencies|authority|authorities|organi[sz]ations?|institutions?|bureau|office|offices|government|governments|side|party|parties|units?)\b/i;


/** The kind of body a who-question asks for ("哪个部门"): the frame of the question, not its content. */
export const BODY_FRAME = new Set(['部门', '政府', '机构', '组织', '单位', '当局', '机关', '政府部门']);
/**
 * What a figure question calls the figure ("多少比例的地市", "人数", "数量"): the documents give the figure itself
 * (80%以上地市, 240人), rarely these words.
 */
export const FIGURE_FRAME = new Set(['比例', '比重', '百分比', '占比', '数量', '数目', '总数', '人数', '数字', '钱', '金额', '货值']);

/**
 * What a question about a plan's aim calls it ("目标是多少", "the target for…"): the plan states its targets as figures
 * to reach (“十四五”期间…达2500亿元, 力争…超过1000项), mostly without the word.
 */
export const TARGET_FRAME = new Set(['目标', '规划值']);

/**
 * The role a who-question asks the body to hold ("which department is responsible / in charge"): it says what
 * relation is wanted, and the documents state it as 由…主办 or by naming the body, rarely with these words.
 */
export const ROLE_FRAME = new Set(['负责', '主管', '管理', '管', '跟进', '处理', '话事', '揸主意']);

const WEEKDAY = /星期[一二三四五六日天]|礼拜[一二三四五六日天]/;
const DAY = /\d{1,2}\s*月\s*\d{1,2}\s*日|[一二三四五六七八九十]+月[一二三四五六七八九十]+日/;

export const INTENT_EVIDENCE: Record<Exclude<IntentKind, 'other'>, RegExp> = {
  // A quantity, not a year or a date: "30名", "60余万件", "14.5%", "1,388万元", "十一份".
  // An ordinal (第八届, 第16次) numbers an edition; it counts nothing.
  count: /(?<!第\s*\d{0,3})\d[\d,.]*\s*(余|多)?\s*(万|亿)?\s*(名|人|件|项|个|宗|家|份|次|届|所|座|条|位|支|类|%|％|元|倍)|(?<![第一二两三四五六七八九十百千万])[一二两三四五六七八九十百千万]+(名|人|件|项|个|宗|家|份|次|届|所|座|条|位|年)|[≥≤]\s*\d/,
  when: /\d{4}\s*年|\d{1,2}\s*月|[一二三四五六七八九十]+月|[〇○零一二三四五六七八九]{4}\s*年|今日|本月|上半年|下半年|年底|年初/,
  // A place named between 在 and the verb: a blank left for it (在 签署) is none.
  // 区域 (region, area) and 市场 (market) name no place.
  // Where something is based: 依托/位于/落户 a place (依托中新广州知识城), or a city of the province named bare (在广州).
  where: /在[^，。；\s]{1,12}(举办|举行|进行|召开|设立|签署)|考点|依托|位于|落户|坐落|[\p{Script=Han}]{2,4}(市(?![场民值])|省|区(?![域别分块])|中心|馆|会展|城(?![市乡镇]))|广州|深圳|珠海|佛山|东莞|中山|惠州|江门|肇庆|汕头|湛江|横琴|前海|南沙/u,
  who: /由|牵头|主办|协办|联合|机构|部门|总会|协会|局|署|委员会|中心/,
};

/** Whether a question asks for a ratio, a share or a per-head figure itself. */
export function asksRatio(folded: string): boolean {
  // 几成 (how many tenths) asks a share.
  return /每|比重|比例|占|百分|率|人均|几成/.test(folded) || /\b(per|share|proportion|ratio|percentage|percent|rate)\b/.test(folded);
}

/**
 * "When is this year's / the next forum?": the date of something still to come is a live fact. Only a passage
 * that speaks of the current year or later can answer it; the documents are older.
 */
export function asksUpcomingDate(question: string, folded: string, intent: Intent): boolean {
  return (
    (intent.kind === 'when' &&
      (/今年|明年|下次|下一届|下届|下一次|今届|即将|快将|未来/.test(folded) || /\b(next|this year'?s?|upcoming|coming|future)\b/i.test(question))) ||
    asksLatest(question, folded)
  );
}

/** Now, as askers say it (而家 is Cantonese). */
const NOW = '现在|而家|目前|如今';
const HAPPENED_BY_NOW = new RegExp(`(${NOW})[^，。？?]{0,10}(了没有|了没|了吗)`);
/** Still, now (今时今日: "these days"). */
const STILL_NOW = new RegExp(`(${NOW}|今时今日)[^，。？?]{0,2}(还|仍|仍然|依然|依旧)`);

/**
 * "而家成立咗未", "is it set up yet?": whether something has happened by now is a live fact, like the date of the next
 * event; only a passage that speaks of the current year can say.
 */
export function asksStatusNow(question: string, folded: string): boolean {
  return HAPPENED_BY_NOW.test(folded) || /\b(yet|by now)\s*[?.!]*\s*$/i.test(question);
}

/**
 * "而家仲有冇得評", "現在還可以申請嗎", "can we still apply": whether something is still so today. A document says
 * what held when it was written; only a recent one (STILL_NOW_MAX_AGE) is evidence of what holds now.
 */
export function asksStillNow(question: string, folded: string): boolean {
  return (
    STILL_NOW.test(folded) ||
    /\b(is|are|can|could|do|does)\b[^?.]*\bstill\b|\bstill\b[^?.]*\b(now|today|available|possible|open|running|exists?|valid|in force)\b/i.test(question)
  );
}

/** Whether the question asks where (as its first kind or beside another: "幾時簽？喺邊度簽？"). */
export function asksWhere(folded: string): boolean {
  return WHERE_QUESTION.test(folded);
}

/** Whether the question asks for a city, not just a place. */
export function asksCity(question: string, folded: string): boolean {
  return /(哪个|哪座|哪些|什么|哪一个|哪几个)城市/.test(folded) || /\b(which|what) cit(y|ies)\b/i.test(question);
}

// "用在哪些方面" asks which aspects, not where.
// "在哪一天" asks a day; 如何处理 (how to handle) holds 何处 but asks how.
// 在哪几个范畴 (Cantonese 喺邊幾個) asks which ones, not where; 哪几个城市 asks where.
const WHERE_QUESTION = /哪里|哪儿|(?<!如)何处|在哪(?!几|些|个?方面|个?领域|个?范畴|一方面|一?[天日年月])|地点|哪(个|几个|些|座)城市/;

/** "What was amended recently", "the latest figures": the state of things now, which only a current passage gives. */
function asksLatest(question: string, folded: string): boolean {
  return /最近|最新|近期|近来|近排/.test(folded) || /\b(latest|recently|lately|most recent|these days|nowadays)\b/i.test(question);
}

/**
 * "Did Guangdong hit its 2025 targets?", "2025年目标达到了没有": whether a goal was reached is known only after its
 * year; a document written before then states the goal, not the outcome.
 */
export function asksOutcome(question: string, folded: string): boolean {
  return (
    /\b(hit|meet|met|reach|reached|achieve|achieved|accomplish|accomplished|fulfil|fulfill|fulfilled|miss|missed)\b[^?]*\b(targets?|goals?|pledges?)\b/i.test(question) ||
    /\b(targets?|goals?)\b[^?]*\b(met|reached|achieved|hit|missed|fulfilled)\b/i.test(question) ||
    /(达到|达成|完成|实现|达标|做到)(了)?(没有|没|吗|未|冇|无)|有没有(达到|达成|完成|实现|达标|做到)|(达到|达成|完成|实现)(了|到)?[^，。？?]{0,6}(目标|指标)(没有|了没|吗|未|冇)/.test(folded) ||
    /实际(上)?[^，。？?]{0,3}(做到|达到|达成|完成|建成|实现)|(建成|落成)(了)?(没有|没|吗|未|冇)/.test(folded)
  );
}
