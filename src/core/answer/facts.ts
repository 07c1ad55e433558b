/**
 * Fact kinds the documents never state (a fee, contact details, a procedure, a duration, a recommendation, a
 * penalty, a pass mark), as data: when a question asks for one, the passage must hold matching evidence.
 */
import type { IndexedSection } from '../search.js';

/** The programmes ipbot's topics cover: how to take part in them is what the documents describe. */
const PROGRAMME_WORDS = /著名|驰名|考试|代理人|代理师|发明奖|正版|研讨会|论坛|famous|well-known|exam|award|no[- ]fakes|genuine/i;

/** An amount of money: 1,388万元, 港币100元, HK$50. */
export const MONEY_FIGURE = /\d[\d,.]*\s*(万|亿)?\s*(元|港元|港币|美元|块)|hk\$|\$\s*\d/i;

/**
 * Kinds of fact the question asks for that need matching evidence in the passage: asking "how much is the fee"
 * is answered by an amount of money, not by a passage that merely mentions fees.
 */
export const FACT_KINDS: Array<{
  kind: string;
  asks: (question: string, folded: string) => boolean;
  evidence: RegExp;
  alsoWhen?: (folded: string, passage: string) => boolean;
}> = [
  {
    kind: 'money',
    asks: (q, f) =>
      /\b(what|how much) (was|is|were|are) the (total |overall |estimated )?(value|worth)\b|\bwhat'?s the (total |overall |estimated )?(value|worth)\b|\bhow much (was|were|is|are) .{0,90}\bworth\b/i.test(q) ||
      /\b(prices?|exchange rate|tuition|budgets?|in (yuan|rmb|hkd|hk dollars)|costs?|(prize|reward|award|bonus|grant) money|how much money|how much (is|are|will)|how much (do|does|did) .{0,40}\b(pay|charge|spend|spent|invest|invested)|what('s| is| are) the ([a-z-]+ ){0,3}(fee|charge)s?)\b/i.test(q) ||
      // "fees for filing" names a charge; "can a company deduct fees for tax?" asks whether, not how much.
      (/\b(fee|charge)s? (for|of|to)\b/i.test(q) && !/^\s*(can|could|do|does|did|is|are|will|would|should|may)\b/i.test(q)) ||
      (/费|价钱|价格|票价|股价|钱|门票|汇率|奖金(?!奖)|奖励金|资助金额|补贴金额|补助金额|(?<!生产)总值|货值|案值|(?<![高低])价值(?!观)/.test(f) &&
        /多少|几钱|几多|贵|怎么算|怎样算|如何计算|怎么计算|怎样计算|点计|点样计|怎么收|如何收/.test(f)) ||
      // Whether one pays at all ("要唔要俾錢", "was it free or did you have to pay") is answered by a charge or 免费.
      /(要不要|需不需要|使不使|要|需要|使)(给|付|交|俾|畀)钱|(收不收|有没有收|会不会收)费|是不是免费|免不免费|免费(吗|不|的吗|定|还是)/.test(f) ||
      /\b(is|was|are|were) (it|this|that|they|the [a-z ]{1,40}) (free|free of charge)\b|\bfree or\b|\b(have|need) to pay\b|\b(do|did|does|will) (i|we|you|they|attendees|participants) (have to |need to )?pay\b|\bcost anything\b|\bany (charge|fee)s?\b/i.test(q) ||
      // Typed as a heading ("exam fee?", "考试费用"): a charge named last asks its amount.
      /(费用|收费|[考报学]\S?费)(是)?(呢|吗)?[？?。!！\s]*$/.test(f) ||
      // "Can we deduct agent fees?" asks whether, not how much.
      (/\b(fees?|charges?|costs?|prices?)\s*[?.!]*\s*$/i.test(q) && !/^\s*(can|could|do|does|did|is|are|will|would|should|may|has|have)\b/i.test(q)) ||
      // An exchange rate (港币兑人民币) is a live figure no document states.
      /(港币|港元|人民币|美元|欧元|日元)[^，。？?]{0,3}兑|兑换?(成)?(港币|港元|人民币|美元)|汇率/.test(f),
    evidence: MONEY_FIGURE,
    // A table gives the unit apart from the figure (使用费 … 亿元 … 1100): enough when it names the very charge asked about.
    // A passage saying something was free (免费) or charged (收费) answers whether one pays.
    alsoWhen: (f, passage) =>
      (/(万|亿)元/.test(passage) && [...f.matchAll(/[\p{Script=Han}]{1,3}费/gu)].some((m) => m[0].length >= 3 && passage.includes(m[0]))) || /免费|收费/.test(passage),
  },
  {
    kind: 'contact',
    asks: (q, f) =>
      /\b(address|phone(?!s? ((and|or|&) [a-z]+ )?(batter|charger|case|cover|screen|accessor|maker|brand|part))|telephone|hotline|email|e-mail|url|contact number|opening hours|office hours|open on)\b/i.test(q) ||
      /\b(where is|where's|where are|location of|get to|visit)\b.{0,30}\boffices?\b|\boffices?\b.{0,20}\b(located|open|opens)\b/i.test(q) ||
      // An office named without asking where it is or how to reach it ("will WIPO set up an office") is a subject, not contact details.
      /地址|电话|热线|网址|邮箱|电邮|电子邮件|联络方法|联系方式|开门|营业时间|办公时间/.test(f) ||
      // Office hours: what time a body opens or its staff start work (几点上班, 几点开门, "what time does it open").
      /几点钟?(上班|下班|开门|关门|开|关|办公|收工|放工|返工)|(上班|下班|开放|服务|办事)时间/.test(f) ||
      /\bwhat time (does|do|is|are|will)\b.{0,60}\b(open|close|start|finish)\b|\bopening (times|time)\b/i.test(q) ||
      // Whether an office is open now is a live fact ("香港海關今日有冇開？", "is the IPD open today?").
      /(今日|今天|现在|而家|听日|明天|星期|周末|假期)[^，。？?]{0,8}(开|营业|办公|关门)/.test(f) ||
      // Where a body is ("广州知识产权法院在哪里"): its address, which the documents never give.
      /(法院|法庭|局|署|处|办事处|办公室|中心|海关|公司|大学)(的)?(在哪里|在哪儿|在哪(?!些|个|一)|位于|地址|怎么去|点去)/.test(f) ||
      /\b(open|closed)\b.{0,20}\b(today|now|tomorrow|on (sunday|saturday|weekends?|holidays?|public holidays?))\b/i.test(q),
    evidence: /地址|电话|热线|网址|@|www\.|https?:|\d{1,2}\s*[:：]\s*\d{2}|[上下]午\s*\d/,
  },
  {
    // How to file for a patent, trade mark, design or copyright: the documents describe co-operation
    // programmes, not filing procedures, so only a passage that sets out a procedure may answer.
    kind: 'filing-procedure',
    asks: (q, f) =>
      /怎样|怎么|如何|步骤|流程|手续|什么时候|几时|需不需要|要不要|可不可以|能不能|\bhow (do|can|should|to)\b|\bwhen (can|should|do|must)\b|\bcan (i|we)\b|\bdo i need\b|\bneed to\b|\bprocedure|\bsteps?\b/i.test(`${q} ${f}`) &&
      (/(申请|注册|登记|报|递交|提交|续期|续展|延续)[^，。？?]{0,6}(专利|商标|外观设计|版权|著作权)|(专利|商标|外观设计|版权|著作权)(的)?(申请|注册|登记|续期|续展)/.test(f) ||
        /\b(apply|applying|application|register|registering|registration|file|filing|renew|renewing|renewal)\b.{0,30}\b(patents?|trade ?marks?|designs?|copyrights?)\b|\b(patent|trade ?mark|design|copyright) (application|registration|filing|renewal)/i.test(q) ||
        // Taking one's own legal action (suing, complaining, reporting an infringer) is a procedure too; being sued is not.
        /(?<!被人?)起诉|告他|告佢|打官司|\b(sue|suing|take legal action|file a (lawsuit|complaint)|lodge a complaint)\b/i.test(`${q} ${f}`)) &&
      !PROGRAMME_WORDS.test(`${q} ${f}`) &&
      // Money around filing (fees deducted, grants stopped) is policy the plan describes, not a procedure.
      !/费|资助|补贴|补助|奖励|扣除|减免|贷款|融资/.test(f),
    evidence: /提交|递交|手续|步骤|填写|申请表|申请书/,
  },
  {
    // What papers to prepare or where to go to apply for something (质押融资, a subsidy): the documents describe
    // programmes and targets, not application files or counters.
    kind: 'paperwork',
    asks: (q, f) =>
      // The papers to hand in: no passage lists any, for a programme or not.
      /(准备|提交|递交|带(?!走)|交)[^，。？?]{0,4}(哪些|什么|啲咩|乜嘢)?(材料|文件|资料|证明)|申请(材料|表格)/.test(f) ||
      /\bwhat (documents|papers|paperwork|materials|forms)\b/i.test(q) ||
      ((/申请(条件|资格|流程|手续|方法|途径)|(去|到)(哪里|哪儿|边度)(办|办理|申请|递交|提交)|(怎样|怎么|如何|点样)(去)?(申请|报名)|(需要|要|具备|符合)(什么|哪些|啲咩|乜嘢)?(条件|资格)/.test(f) ||
        /\bwhere (do|can|should|would) (i|we|you) (apply|submit|go to apply)\b|\bhow (do|can|should|would) (i|we|you) (apply|sign up|register|enrol|enroll)\b|\bhow to (apply|sign up|register|enrol|enroll)\b|\beligib(le|ility)\b|\b(requirements|criteria|qualifications) (for|to)\b/i.test(q)) &&
        // The programmes ipbot covers are described with how to take part (著名商标 applications, the exam).
        !PROGRAMME_WORDS.test(`${q} ${f}`)),
    evidence: /提交|递交|手续|步骤|填写|申请表|申请书|申请材料|申请条件/,
  },
  {
    // How long something lasts or takes (a patent's term, an examination): the documents give no durations.
    kind: 'duration',
    asks: (q, f) =>
      /\bhow long\b|\bvalid for\b|\bterm of protection\b/i.test(q) ||
      // "多久举行一次" asks how often, which the documents do say (每年, 轮流承办).
      (/多久|多长时间|有效期|保护期/.test(f) && !/一次|每/.test(f)) ||
      // "交流了几天", "for how many days": a length of time in days.
      /(?<!哪)(几|多少)(天|日|个工作日)(?!期)|\bhow many (days|weeks|months)\b/i.test(`${q} ${f}`),
    evidence: /(\d+|[一二两三四五六七八九十]+)\s*(个月|天|周|星期|小时|个工作日|年内|年期|年有效)/,
  },
  {
    // Which provider is best: the documents recommend no firm, shop or product.
    kind: 'recommendation',
    asks: (q, f) =>
      // "a good IP firm" asks for one; "can good IP agencies open branches" speaks of reputable ones.
      /\b((best|cheapest|most reliable|(a|any|some) (good|reliable)) ([a-z-]+ ){0,2}(firms?|lawyers?|solicitors?|agents?|attorneys?|agenc(y|ies)|companies|company|shops?|restaurants?|consultants?)|recommend (a|an|me|some|any)|can you recommend|any recommendations?|which (firm|lawyer|agent|company|shop) should)\b/i.test(q) ||
      /最好的|哪家好|边间好|哪间好|推荐一(个|间|家|位)|有没有推荐|有冇推荐/.test(f) ||
      // "邊間律師樓最平": which provider is cheapest or best.
      /(哪间|哪家|哪个|哪位)[^，。？?]{0,16}(最好|最平|最便宜|最抵|最快|最专业|比较好)/.test(f) ||
      // "搵間平啲嘅代理公司，邊間好？": which provider is good.
      (/(公司|律师|律师行|代理|事务所|顾问|店|铺)/.test(f) && /(哪间|哪家|哪个|哪位)(比较|最)?(好|靠谱|可靠|抵|平|便宜)/.test(f)),
    // The documents recommend nothing: no passage answers.
    evidence: /(?!)/,
  },
  {
    // The sanction for an offence (a fine, a prison term): the documents speak of punishing infringement, never of
    // what a court would impose.
    kind: 'penalty',
    asks: (q, f) => /\b(penalty|penalties|punishment|sentenced?|jail|prison|fined?)\b/i.test(q) || /罚款多少|罚[了咗]?(多少|几多)|判几年|坐几年|坐监|坐牢|刑罚|罚则|会不会坐/.test(f),
    evidence: /罚款\s*\d|有期徒刑|监禁|拘役|\d+\s*(年|个月)以下/,
  },
  {
    // Which person (an official, a signatory, a representative): the documents name bodies and leave the signature
    // lines blank, so only a passage that names someone by title and name could answer.
    kind: 'person',
    asks: (q, f) =>
      /哪位|哪一位|哪几位|谁(主持|致辞|发言|讲话)|讲者|讲员|嘉宾|签字人|签署人|(谁|哪个|哪一个)代表[^，。？?]{0,8}签|(官员|[院会校局署司厅部处关行组队]长|主席|主任|负责人|签字人|代表|领导|总监|总裁|经理|联络员|联络人)[^，。？?]{0,6}(是谁|是哪位|是哪个(?!部门|机构|单位|政府|组织)|叫什么|名字)/.test(f) ||
      // Who holds a post ("由谁担任组长"): a person, whom the documents do not name.
      /谁(担任|出任|当|做|是)[^，。？?]{0,6}([院会校局署司厅部处关行组队]长|主席|主任|负责人|召集人|联络员)/.test(f) ||
      // A person's name, however the person is pointed at ("带队那位叫什么名", "负责人姓什么").
      /(位|人|者|员|长|他|她|代表|带队|领队)[^，。？?]{0,4}(叫什么名|什么名字|姓名|全名|姓什么|叫乜名)|姓名|姓什么/.test(f) ||
      /\b(which|what) (official|officials|minister|secretary|director|person|people|officer)\b|\bwho (chaired|chairs|presided|presides|spoke|gave (a|the) (speech|talk)|represented|led|headed|heads)\b|\b(speakers?|guests?)\b|\bwho signed\b.{0,60}\b(on behalf of|for (hong kong|hk|guangdong|gd|macao|macau)|names?)\b|\b(his|her|their) names?\b|\bthe names?\b(?!\s+of\b)|\bname of the ([a-z-]+ ){0,2}(official|director|minister|signatory|representative|person|leader|head)|\bwho (is|was|are|were) (the )?([a-z'-]+ ){0,3}(director|head|minister|secretary|commissioner|chairman|chairwoman|chairperson|president|leader|officer|liaison|contact person|spokesperson)s?\b|\bwhat (was|is) (his|her|their) name\b/i.test(q),
    evidence: /(先生|女士|局长|署长|司长|厅长|部长|主席|主任|关长|处长)[\p{Script=Han}]{2,3}(?=[，。、）)\s主签])|[\p{Script=Han}]{2,3}(先生|女士)/u,
  },
  {
    // A venue by its kind (which hotel, which hall): the documents name cities and bodies, seldom the building.
    kind: 'venue',
    asks: (q, f) => /酒店|宾馆|饭店|会场|场馆|礼堂|会议室|展馆|场地|考场|试场|考室|哪个?学校|哪间学校/.test(f) || /\b(hotel|venue|hall|building|room|exam (centre|center|room|site)|which school)\b/i.test(q),
    evidence: /酒店|宾馆|饭店|会展中心|会议中心|展览中心|科学中心|礼堂|展馆|大厦|会堂|场馆|学校|大学|中学|小学|学院/,
  },
  {
    // The last day to apply or register: a deadline is stated as one (截止, 前报名), not as the day of the event.
    kind: 'deadline',
    asks: (q, f) => /截止|报名期|报名时间|几时报名|什么时候报名|报名日期/.test(f) || /\b(deadline|closing date|apply by|register by|sign up by|last day to)\b/i.test(q),
    evidence: /截止|前(报名|提交|递交|申报)|之前(报名|提交|递交|申报)|报名时间|申报时间/,
  },
  {
    // How often something meets or is held: the documents say so where they do (每年, 轮流承办, 定期).
    kind: 'frequency',
    asks: (q, f) => /(多久|多长时间|几耐|几多耐|隔几)[^，。？?]{0,6}(一次|一届|一回)/.test(f) || /\bhow often\b|\bhow frequently\b/i.test(q),
    evidence: /每(年|季度?|月|半年|两年|三年|届)|定期|轮流|不定期|一年一|两年一/,
  },
  {
    // A rate or a share (通过率, "pass rate", "what percentage"): the documents give counts (30 sat, 5 passed) more often
    // than rates, and a rate worked out from them would be ipbot's figure, not the document's.
    kind: 'rate',
    asks: (q, f) =>
      /(通过|合格|及格|录取|成功|中标|获批|批准|增长|覆盖|使用|转化|满意)率|利率|息率|百分比|百分之几|几成|占比|比例是|比率/.test(f) ||
      /\b(pass|success|approval|acceptance|growth|coverage|conversion|satisfaction|interest) rates?\b|\bwhat (percentage|percent|proportion|share|fraction)\b|\bhow many percent\b|\bwhat %/i.test(q),
    // Which rate counts depends on the question, so the passage is judged by alsoWhen alone.
    evidence: /(?!)/,
    // A rate named (通过率, 利率) is stated where the passage names that rate beside a figure; a share asked in general
    // (what percentage, 占比) where it gives a percentage.
    alsoWhen: (f, passage) => {
      const named = [...f.matchAll(/([\p{Script=Han}]{1,2})率/gu)].map((m) => m[0]);
      if (named.length > 0) return named.some((rate) => new RegExp(`${rate}[^，。；]{0,12}([\\d０-９]|[%％])`).test(passage));
      return /[%％]|百分之|[一二三四五六七八九]成(?![员立为果就熟本])/.test(passage);
    },
  },
  {
    // A place in a ranking (排第几, "where did it rank"): stated where the documents give one (全国第一, 首位, 前列).
    kind: 'ranking',
    asks: (q, f) => /排第几|排名第几|排行第几|第几名|排名如何|排在第几|排几/.test(f) || /\bwhat (rank|place|position)\b|\b(rank|ranked|ranking)\b.{0,30}\b(nationally|in (china|the country)|among)\b|\bhow did .{0,40} rank\b/i.test(q),
    evidence: /第[一二三四五六七八九十\d]+(名|位)?|首位|前列|榜首|领先|排名|位列|居全国/,
  },
  {
    // A code or reference number (a standard's number, a document's 文号): the documents cite titles, not numbers.
    kind: 'identifier',
    asks: (q, f) => /编号|标准号|文号|批号|代号是多少/.test(f) || /\b(code number|reference number|standard number|document number|serial number)\b/i.test(q),
    evidence: /GB\s*\/?\s*T?\s*\d|〔\d{4}〕\s*\d+\s*号|第\s*\d+\s*号|[A-Z]{2,}\s*\d{3,}/,
  },
  {
    // A target figure ("十四五规划对有效注册商标量定了什么目标", "the 2025 target for PCT applications"): a plan states its
    // targets as figures (达到20件, 规划值 1100), so a passage with no figure names none, however well it shares the words.
    kind: 'target-figure',
    asks: (q, f) =>
      /(目标|规划值)(值|数字|数值)?(是|系|为|定为|定在)?(多少|几多|几)|定了?(什么|咩|甚么|乜嘢?)目标|目标定[为在了]|(多少|几多)[^，。？?]{0,8}目标/.test(f) ||
      // In English only a figure asked as one: "the target for X" is as often an aim in words (取消…资助).
      /\b(target|goal) (number|figure|value|level)\b|\bhow (many|much)\b.{0,60}\b(target|goal|aim)/i.test(q),
    // A figure with its unit, as text (达2500亿元, ≥83) or as a table gives it (件 13.5 20); a place in a ranking is a
    // target figure too (保持世界前列). A note's number ("注：1…", "2商标品牌发展指数…") is none.
    evidence:
      /\d[\d,.]*\s*(余|多)?\s*(万|亿)?\s*(名|人|件|项|个|宗|家|份|次|届|所|座|条|位|支|类|%|％|元|倍|分)|[≥≤]\s*\d|(万件|件|项|个|家|%|％|亿元|分|万人次)\s*(\/\s*年\s*)?[(（]?\s*(\d|———)|[一二两三四五六七八九十百千]+\s*(万|亿)?\s*(件|个|项|家|元|名|位|倍|成)|第[一二三四五六七八九十]|前列|首位|领先/,
  },
  {
    kind: 'pass-mark',
    asks: (q, f) => /\b(pass mark|passing mark|passing score|cut-off score|cutoff score)\b/i.test(q) || /分数线|合格线|及格线|合格分数|及格分数/.test(f),
    evidence: /分数线|合格线|及格线|\d+\s*分/,
  },
];

export function speaksOfYear(entry: IndexedSection, year: number): boolean {
  for (const m of entry.foldedText.matchAll(/(\d{4})\s*年/g)) if (Number(m[1]) >= year) return true;
  return false;
}

export function unsupportedFact(question: string, folded: string, entry: IndexedSection): string | undefined {
  for (const f of FACT_KINDS) {
    if (f.asks(question, folded) && !f.evidence.test(entry.foldedText) && !f.alsoWhen?.(folded, entry.foldedText)) return f.kind;
  }
  return undefined;
}

export function asksMoney(question: string, folded: string): boolean {
  return FACT_KINDS.find((f) => f.kind === 'money')!.asks(question, folded);
}
