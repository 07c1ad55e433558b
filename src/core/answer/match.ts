/** How a question's words are found in a passage: whole alternatives, numbers standing alone, shared stretches. */

/** A four-digit year (the documents' own era). */
export const YEAR = /^(19|20)\d{2}$/;

/** Whether a passage contains an alternative; a number must stand alone (15 is not found in 2015). */
export function occurs(haystack: string, alternative: string): boolean {
  if (!startsWithDigit(alternative)) return haystack.includes(alternative);
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

/** /^\d/ without a regular expression: this runs for every alternative of every sentence of 30 passages. */
function startsWithDigit(text: string): boolean {
  const code = text.charCodeAt(0);
  return code >= 48 && code <= 57;
}

/** Credit for a word that does not occur whole: the share of its character bigrams that do, halved. */
export function partialMatch(alternatives: string[], haystack: string): number {
  let best = 0;
  for (const a of alternatives) {
    if (a.length < 3 || !/\p{Script=Han}/u.test(a)) continue;
    let found = 0;
    for (let i = 0; i + 1 < a.length; i++) if (haystack.includes(a.slice(i, i + 2))) found++;
    best = Math.max(best, found / (a.length - 1));
  }
  return best * 0.5;
}

/** The runs of Chinese characters of a folded question (its own wording, for phrase matching). */
export function hanRuns(folded: string): string[] {
  return folded.match(/\p{Script=Han}{5,}/gu) ?? [];
}

/** Length of the longest stretch of `a` that occurs in `b`. */
export function longestCommonRun(a: string, b: string): number {
  return longestCommonStretch(a, b).length;
}

/** The longest stretch of `a` that `b` also holds (the first such, reading `a` from its start). */
export function longestCommonStretch(a: string, b: string): string {
  let best = '';
  for (let i = 0; i < a.length; i++) {
    let len = best.length + 1;
    while (i + len <= a.length && b.includes(a.slice(i, i + len))) {
      best = a.slice(i, i + len);
      len++;
    }
  }
  return best;
}

/** Text without the titles it cites (《…纲要（2008-2020年）》): their years and words belong to those documents. */
export function withoutCitedTitles(text: string): string {
  return text.replace(/《[^》]*》/g, '');
}

const PHRASE_MIN_CHARS = 4;
const PHRASE_BONUS_PER_CHAR = 0.05;
const PHRASE_BONUS_MAX = 0.3;

/** The bonus for a stretch of `common` characters of the question's own wording found as one: beyond four, 0.05 each, at most 0.3. */
export function phraseBonus(common: number): number {
  return Math.min(PHRASE_BONUS_MAX, PHRASE_BONUS_PER_CHAR * Math.max(0, common - PHRASE_MIN_CHARS));
}

/** Length of the longest common subsequence of two short strings (a question and a heading): characters in order, gaps allowed. */
export function commonSubsequence(a: string, b: string): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) current[j] = a[i - 1] === b[j - 1] ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    previous = current;
  }
  return previous[b.length]!;
}

/** A heading numbered the way the documents number their parts: （一）, 一、, 1., 第一节, 第三条. */
export const NUMBERED_PART = /^\s*(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d{1,2}[.．、]|第[一二三四五六七八九十]+[节節条條章])/;

