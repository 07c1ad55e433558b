/**
 * Editions: "the 14th invention award", "第十七次會議", 第二批 (the second batch). A question about one edition of a
 * recurring event is not answered by a passage about another (the documents report the 15th award, the 16th meeting
 * and the first batch of EU–China geographical indications only).
 */
import type { IndexedSection } from '../search.js';
import { toSimplified } from '../text/script.js';
import { numberOf } from './members.js';

/** 第十五届, 第十六次, 第十七期, 第二批; 首届 and 首批 are the first (首次 is "for the first time", no edition). */
const EDITION_ZH = /第\s*(\d+|[一二三四五六七八九十]+)\s*(届|次|批|期)|(首)(届|批)/g;

/** The number of an edition EDITION_ZH matched. */
function editionOf(m: RegExpMatchArray): number | undefined {
  return m[3] ? 1 : numberOf(m[1]!);
}
/** "14th", not "the 14th five-year plan" (十四五, a plan period). */
const EDITION_EN = /\b(\d{1,2})(?:st|nd|rd|th)\b(?!\s*(?:five|5)[- ]?(?:year|yr)|\s*fyp)/i;

/** The edition a question names, if any. */
export function editionAsked(question: string, folded: string): number | undefined {
  const english = EDITION_EN.exec(question)?.[1];
  if (english) return Number(english);
  for (const m of folded.matchAll(EDITION_ZH)) {
    const n = editionOf(m);
    if (n !== undefined) return n;
  }
  return undefined;
}

/** Whether a sentence numbers the edition asked (第十六次, 第16届). */
export function namesEdition(sentence: string, edition: number): boolean {
  for (const m of sentence.matchAll(EDITION_ZH)) if (editionOf(m) === edition) return true;
  return false;
}

/**
 * Whether a passage that numbers editions speaks of another one only: it, its heading or its document's title numbers
 * some (第十五届, 第十六次会议进展报告) and not the one asked. A passage numbering none is not judged here.
 */
export function speaksOfOtherEdition(entry: IndexedSection, edition: number): boolean {
  let numbered = false;
  // The report of the 16th meeting speaks of that meeting in its title, not in every passage.
  const text = `${toSimplified(entry.document.title)} ${entry.foldedHeading} ${entry.foldedText}`;
  for (const m of text.matchAll(EDITION_ZH)) {
    const n = editionOf(m);
    if (n === undefined) continue;
    if (n === edition) return false;
    numbered = true;
  }
  return numbered;
}
