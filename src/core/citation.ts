/**
 * The one compact source line under an answer: short title, section number, date. The full heading
 * path stays in Answer.sources (and the title is not repeated above the quote).
 */
import type { DocumentMeta } from './knowledge/types.js';
import { toScript } from './text/script.js';
import type { Lang } from './types.js';

const HAN_DIGITS = '零一二三四五六七八九';

/** 一 … 九十九 → 1 … 99; undefined for anything else. */
export function hanNumber(text: string): number | undefined {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || !text) return undefined;
  const [, tens, ten, units] = m;
  if (!ten) return tens && !units ? HAN_DIGITS.indexOf(tens) : undefined;
  return (tens ? HAN_DIGITS.indexOf(tens) : 1) * 10 + (units ? HAN_DIGITS.indexOf(units) : 0);
}

const UNIT_EN: Record<string, string> = { 章: 'ch.', 节: 'sec.', 節: 'sec.', 条: 'art.', 條: 'art.', 部分: 'part' };

/** The numbering of one heading, in Chinese and English, or undefined when it has none. */
function numberOf(heading: string): { zh: string; en: string } | undefined {
  const h = heading.trim();
  let m = /^第([一二三四五六七八九十]+|\d+)(章|节|節|条|條|部分)/.exec(h);
  if (m) return { zh: m[0], en: `${UNIT_EN[m[2]!]} ${hanNumber(m[1]!) ?? m[1]}` };
  m = /^[（(]([一二三四五六七八九十]+|\d+)[）)]/.exec(h);
  if (m) return { zh: `（${m[1]}）`, en: `(${hanNumber(m[1]!) ?? m[1]})` };
  m = /^([一二三四五六七八九十]+)、/.exec(h);
  if (m) return { zh: `${m[1]}、`, en: `${hanNumber(m[1]!)}.` };
  m = /^(\d{1,3})[.、．]/.exec(h);
  if (m) return { zh: `${m[1]}.`, en: `${m[1]}.` };
  m = /^(专栏|專欄)\s*(\d+)/.exec(h);
  if (m) return { zh: `${m[1]}${m[2]}`, en: `box ${m[2]}` };
  return undefined;
}

/**
 * The section's number as a reader finds it in the document ("第三章第五节", "五、（十二）", "19."; in
 * English "ch. 3 sec. 5"). A heading without a number (a table's caption) is named instead.
 */
export function sectionNumber(headingPath: readonly string[], lang: Lang): string {
  const numbers = headingPath.map(numberOf);
  const parts = numbers.filter((n): n is { zh: string; en: string } => n !== undefined);
  const last = headingPath.at(-1) ?? '';
  // A table or note under a numbered heading: the caption says which part it is.
  const unnumberedTail = numbers.at(-1) === undefined && last && last.length <= 24 ? last : '';
  if (lang === 'en') {
    const en = parts.map((p) => p.en.replace(/\.$/, '')).join(' ');
    // Bare numbers ("19", "5 (12)") read as section marks; "ch. 3 sec. 5" names itself.
    if (en) return /^[\d(]/.test(en) ? `§${en}` : en;
    return unnumberedTail ? toScript(unnumberedTail, 'zh-Hant') : '';
  }
  const zh = parts
    .map((p) => p.zh)
    .join('')
    .replace(/[、.](?=（|$)/g, '');
  return toScript(zh + (unnumberedTail ? `${zh ? ' ' : ''}${unnumberedTail}` : ''), lang);
}

/** The document's title as a source line shows it: short where the catalogue gives a short one. */
export function shortTitle(doc: DocumentMeta, lang: Lang): string {
  return lang === 'en' ? doc.titleEn : toScript(doc.shortTitle ?? doc.title, lang);
}

const LINE: Record<Lang, (title: string, section: string, date: string) => string> = {
  'zh-Hant': (t, s, d) => `出處：《${t}》${s ? ` ${s}` : ''}，${d}`,
  'zh-Hans': (t, s, d) => `出处：《${t}》${s ? ` ${s}` : ''}，${d}`,
  en: (t, s, d) => `Source: ${t}${s ? `, ${s}` : ''}, ${d}`,
};

/** "出處：《粵港知識產權合作協議（2015–2016）》 五（十二），2015-09-09". */
export function citation(doc: DocumentMeta, headingPath: readonly string[], lang: Lang): string {
  return LINE[lang](shortTitle(doc, lang), sectionNumber(headingPath, lang), doc.date);
}
