/** Question cleaning: what is not part of the question goes before anything reads it; small talk is recognised. */
import { normaliseQueryText } from '../text/normalise.js';

/** Longer questions are cut (at a character boundary) before any processing. */
export const MAX_QUESTION_CHARS = 500;

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

/**
 * A year written with two digits, as people do in a chat ("07年签的协议", "17年初", "16年12月", "2016-17"), written out
 * in full so it meets the documents' years: with a leading zero always, otherwise only where a part of the year or a month
 * follows (a bare "16年" may be sixteen years).
 */
/** Five-year plans by their first year, as the plan names them. */
const PLAN_PERIODS: Record<string, string> = { '2006': '十一五', '2011': '十二五', '2016': '十三五', '2021': '十四五' };

export function fullYears(question: string): string {
  return question
    // "2016-17", "2016/17": a span of years whose second is written short.
    .replace(/(?<!\d)((?:19|20)(\d\d))\s*([-–—/~至到])\s*(\d\d)(?![\d.%])/g, (span, first: string, short: string, dash: string, second: string) =>
      Number(second) > Number(short) ? `${first}${dash}${first.slice(0, 2)}${second}` : span,
    )
    // "2016-2020", "from 2016 to 2020" is the 13th five-year plan's period, which the plan calls 十三五: asked by its
    // years, it is that period.
    .replace(/(?<!\d)(20(?:06|11|16|21))\s*年?\s*(?:[-–—~至到]|\b(?:to|through|thru|until|till|and)\b)\s*(20(?:10|15|20|25))\s*年?(?!\d)/gi, (span, first: string, last: string) => {
      const plan = PLAN_PERIODS[first];
      return plan && Number(last) === Number(first) + 4 ? `${plan}期间` : span;
    })
    .replace(/(?<![\d.,])(0\d)\s*年/g, '20$1年')
    .replace(/(?<![\d.,])([12]\d)\s*年(?=初|底|末|中|上半年|下半年|[1-9]\d?\s*月)/g, '20$1年');
}

const GREETING = /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|morning|你好|您好|哈囉|哈啰|嗨|早晨|早安|午安|晚安|喂|hello呀|hi呀|你好呀|大家好)[\s!！。.,，~～呀啊]*$/i;
const THANKS = /^(thanks?( you)?( very much| a lot)?|thx|ty|cheers|多謝|多谢|唔該|唔该|謝謝|谢谢|感謝|感谢|thank u|唔該晒|多謝晒|谢谢你|謝謝你|thanks a lot)[\s!！。.,，~～呀啊晒你]*$/i;
const HELP = /^(\/?help|\/?start|menu|help me|what can you do\??|how (do i|to) use (this|you|ipbot)\??|幫助|帮助|說明|说明|使用說明|使用说明|指南|你可以做什麼|你可以做什么|你識做乜|你识做乜|你會做乜|點用|点用|怎麼用|怎么用|有咩可以問|可以問咩|可以问什么|你係邊個|你是谁|who are you\??)[\s!！?？。.]*$/i;

export type SmallTalkKind = 'greeting' | 'thanks' | 'help' | 'empty';

/** A cleaned message that is no question: nothing readable, a greeting, thanks or a request for help. */
export function smallTalkKind(cleaned: string): SmallTalkKind | undefined {
  if (!/[\p{L}\p{N}]/u.test(cleaned)) return 'empty';
  if (GREETING.test(cleaned)) return 'greeting';
  if (THANKS.test(cleaned)) return 'thanks';
  if (HELP.test(cleaned)) return 'help';
  return undefined;
}
