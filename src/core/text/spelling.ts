/**
 * English spelling slips ("enforcment", "medecine", "wil"): a word the glossary does not know is read as the one
 * glossary or stopword it is a single edit away from, when exactly one such word exists. The English counterpart of
 * the homophone correction of Chinese words (homophones.ts): the vocabulary is what the folding can use, so a
 * correction can only ever lead to a known word, and a real word the glossary lacks is left as it is unless it is
 * one slip away from exactly one known word.
 */

const MIN_LENGTH = 3;
/**
 * Shorter words are real words more often than slips ("hope" is not "home", "back" not "bank"): they get only a
 * doubled letter restored ("wil" → will) or two neighbours swapped ("teh" → the).
 */
const ANY_EDIT_LENGTH = 5;

export class EnglishSpeller {
  private readonly byLength = new Map<number, string[]>();

  constructor(
    vocabulary: Iterable<string>,
    private readonly known: (word: string) => boolean,
    /** The forms a word may be an inflection of (signed → sign): candidates sharing one are one word, not a choice. */
    private readonly bases: (word: string) => string[] = (word) => [word],
  ) {
    for (const word of new Set(vocabulary)) {
      if (!/^[a-z]{2,}$/.test(word)) continue;
      const list = this.byLength.get(word.length) ?? [];
      list.push(word);
      this.byLength.set(word.length, list);
    }
  }

  /** The known word a slip stands for, or undefined when the word is known, too short, or the slip is ambiguous. */
  correction(word: string): string | undefined {
    if (word.length < MIN_LENGTH || !/^[a-z]+$/.test(word) || this.known(word)) return undefined;
    const found = new Set<string>();
    for (const length of [word.length - 1, word.length, word.length + 1]) {
      for (const candidate of this.byLength.get(length) ?? []) {
        if (word.length < ANY_EDIT_LENGTH && !(isDoubling(word, candidate) || isTransposition(word, candidate))) continue;
        if (withinOneEdit(word, candidate)) found.add(candidate);
      }
    }
    // A slip rarely hits the first letter: among several candidates, those that keep it.
    const kept = found.size > 1 ? [...found].filter((c) => c[0] === word[0]) : [...found];
    if (kept.length <= 1) return kept[0];
    // A doubled letter typed once or two neighbours swapped are the commonest slips: "batery" is battery, not bakery.
    const slips = kept.filter((c) => isDoubling(word, c) || isTransposition(word, c));
    if (slips.length === 1) return slips[0];
    // "signd" is a slip for sign, signed or signs: forms of one word, so the reading does not depend on which.
    const shared = kept.map((c) => new Set(this.bases(c))).reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
    return kept.find((c) => shared.has(c));
  }
}

/** `long` is `short` with one letter written twice. */
function isDoubling(short: string, long: string): boolean {
  if (long.length !== short.length + 1) return false;
  for (let i = 1; i < long.length; i++) if (long[i] === long[i - 1] && long.slice(0, i) + long.slice(i + 1) === short) return true;
  return false;
}

function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === (diff[0] as number) + 1 && a[diff[0] as number] === b[diff[1] as number] && a[diff[1] as number] === b[diff[0] as number];
}

/** One insertion, deletion, substitution or swap of neighbours (Damerau–Levenshtein distance ≤ 1), and not equal. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length === b.length) {
    let i = 0;
    while (a[i] === b[i]) i++;
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}
