/**
 * Homophone correction: most Chinese typos come from input methods that pick another character of the same
 * sound (著明 for 著名, 專力 for 專利, 雷工 for 雷公). A stretch of the question the documents never use whose
 * toneless pinyin is that of a word the documents do use, and which shares a character with it in the same
 * place, is read as that word. The sounds come from a table made with the index (homophone-table.ts, pinyin-pro)
 * and saved with it, so answering needs no pinyin library.
 */
import { generalIdf, words } from './tokenize.js';

/** The corpus's words by sound, and the toneless pinyin of every character they or a question may use. */
export interface HomophoneTable {
  /** [toneless pinyin, the corpus words that sound so, most frequent first]. */
  words: Array<[string, string[]]>;
  /** [character, its toneless pinyin (the commonest reading)]. */
  sounds: Array<[string, string]>;
  /**
   * The same in Cantonese (jyutping with tones): Hong Kong askers type with Cantonese input methods, whose slips
   * sound alike in Cantonese only (原側 for 原則: zak1 both, ze and ce in Mandarin).
   */
  cantonese?: { words: Array<[string, string[]]>; sounds: Array<[string, string]> };
}

export const EMPTY_HOMOPHONES: HomophoneTable = { words: [], sounds: [] };

/** One language's sounds: corpus words by the sound of their characters, and each character's sound. */
interface SoundSystem {
  bySound: Map<string, string[]>;
  sounds: Map<string, string>;
}

const HAN_RUN = /\p{Script=Han}+/gu;
export const MIN_CHARS = 2;
export const MAX_CHARS = 4;

/** The toneless pinyin of a stretch, character by character; undefined when a character has no known sound. */
export function soundOf(stretch: string, sounds: ReadonlyMap<string, string>): string | undefined {
  const out: string[] = [];
  for (const ch of stretch) {
    const sound = sounds.get(ch);
    if (sound === undefined) return undefined;
    out.push(sound);
  }
  return out.join(' ');
}

export interface Correction {
  from: string;
  to: string;
  /** Offset in the (Simplified) text. */
  at: number;
}

export class HomophoneCorrector {
  /** Pinyin: typos and romanised names. */
  private readonly mandarin: SoundSystem;
  /** Mandarin first, then Cantonese: a stretch is read as the first word either language hears in it. */
  private readonly systems: SoundSystem[];

  private syllables: Set<string> | undefined;

  constructor(table: HomophoneTable) {
    this.mandarin = { bySound: new Map(table.words), sounds: new Map(table.sounds) };
    this.systems = [this.mandarin];
    if (table.cantonese) this.systems.push({ bySound: new Map(table.cantonese.words), sounds: new Map(table.cantonese.sounds) });
  }

  /** The word of the documents a romanised name stands for (see romanisedWord). */
  romanised(letters: string): string | undefined {
    this.syllables ??= new Set(this.mandarin.sounds.values());
    return romanisedWord(letters, this.mandarin.bySound, this.syllables);
  }

  /**
   * The question with romanised names the glossary does not know (`unknown`: its unknown English words) written as the
   * documents write them ("a trademark window in qian hai" → 前海): a run of up to three unknown words, not all of them
   * English words.
   */
  withRomanisedNames(text: string, unknown: readonly string[], isEnglishWord?: (word: string) => boolean): string {
    if (unknown.length === 0) return text;
    const unknownWords = new Set(unknown.map((w) => w.toLowerCase()));
    const latin = [...text.matchAll(/[A-Za-z]+/g)];
    const replaced: Array<{ from: number; to: number; word: string }> = [];
    for (let i = 0; i < latin.length; i++) {
      for (let length = Math.min(3, latin.length - i); length >= 1; length--) {
        const run = latin.slice(i, i + length);
        // Words of one name stand apart by a space or a hyphen only.
        const joined = run.every((m, k) => k === 0 || /^[\s-]+$/.test(text.slice(run[k - 1]!.index! + run[k - 1]![0].length, m.index!)));
        if (!joined || !run.every((m) => unknownWords.has(m[0].toLowerCase()))) continue;
        if (isEnglishWord && run.every((m) => isEnglishWord(m[0].toLowerCase()))) continue;
        const word = this.romanised(run.map((m) => m[0]).join(''));
        if (word === undefined) continue;
        replaced.push({ from: run[0]!.index!, to: run[length - 1]!.index! + run[length - 1]![0].length, word });
        i += length - 1;
        break;
      }
    }
    let out = '';
    let at = 0;
    for (const r of replaced) {
      out += `${text.slice(at, r.from)} ${r.word} `;
      at = r.to;
    }
    return out + text.slice(at);
  }
  /**
   * The corrections of a Simplified text, cut into words (`tokens`, in order): a stretch is whole words, longest
   * first, none overlapping another. `known` says whether the documents use a stretch as it is, `phrasing` whether a
   * word only shapes the question (几时, 有): neither is ever corrected.
   */
  corrections(text: string, tokens: readonly string[], known: (stretch: string) => boolean, phrasing: (word: string) => boolean): Correction[] {
    const out: Correction[] = [];
    const taken = new Set<number>();
    // Word boundaries: a typo is read within whole words, never across the end of a correct one (协议|有 is not 议有).
    const bounds = new Set<number>([0]);
    const skip = new Set<number>();
    let at = 0;
    for (const token of tokens) {
      const found = text.indexOf(token, at);
      if (found < 0) continue;
      if (phrasing(token)) for (let k = found; k < found + token.length; k++) skip.add(k);
      bounds.add(found);
      bounds.add(found + token.length);
      at = found + token.length;
    }
    for (const run of text.matchAll(HAN_RUN)) {
      const start = run.index ?? 0;
      for (let length = Math.min(MAX_CHARS, run[0].length); length >= MIN_CHARS; length--) {
        for (let i = 0; i + length <= run[0].length; i++) {
          const at = start + i;
          if (!bounds.has(at) || !bounds.has(at + length)) continue;
          const places = Array.from({ length }, (_, k) => at + k);
          if (places.some((p) => taken.has(p))) continue;
          // A word that only shapes the question (里, 是) is never corrected, unless it is the one slip in a longer
          // stretch that sounds like a word of the documents (代里人 → 代理人, 里 typed for 理).
          const phrasingAt = places.filter((p) => skip.has(p));
          if (phrasingAt.length > 0 && length < 3) continue;
          const stretch = text.slice(at, at + length);
          if (known(stretch) || isEverydayWord(stretch)) continue;
          let to: string | undefined;
          for (const system of this.systems) {
            const sound = soundOf(stretch, system.sounds);
            to =
              sound === undefined
                ? undefined
                : system.bySound.get(sound)?.find((w) => w !== stretch && sharesPlace(w, stretch) && phrasingAt.every((p) => w[p - at] !== stretch[p - at]) && (phrasingAt.length === 0 || differences(w, stretch) === 1));
            if (to) break;
          }
          if (!to) continue;
          out.push({ from: stretch, to, at });
          for (let k = 0; k < length; k++) taken.add(at + k);
        }
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }
}

/** The longest pinyin syllable (zhuang, shuang) in letters. */
const LONGEST_SYLLABLE = 6;
/** Ways of cutting a romanised name into syllables looked at (xian: xian or xi an). */
const MAX_CUTS = 24;

/**
 * The corpus word a romanised Chinese name stands for (qian hai, Nansha, leigong → 前海, 南沙, 雷公): its letters cut
 * into pinyin syllables whose sound is that of a word of the documents, two to four characters long; the most
 * frequent such word. Undefined when no cut sounds like one. English questions write places and code names so, and no
 * glossary can list them all.
 */
export function romanisedWord(letters: string, bySound: ReadonlyMap<string, string[]>, syllables: ReadonlySet<string>): string | undefined {
  const text = letters.toLowerCase().replace(/[^a-z]/g, '');
  const cuts: string[][] = [];
  const cut = (from: number, parts: string[]) => {
    if (cuts.length >= MAX_CUTS || parts.length > MAX_CHARS) return;
    if (from === text.length) {
      cuts.push([...parts]);
      return;
    }
    for (let length = Math.min(LONGEST_SYLLABLE, text.length - from); length >= 1; length--) {
      const piece = text.slice(from, from + length);
      if (!syllables.has(piece)) continue;
      parts.push(piece);
      cut(from + length, parts);
      parts.pop();
    }
  };
  cut(0, []);
  for (const parts of cuts) {
    if (parts.length < MIN_CHARS) continue;
    const word = bySound.get(parts.join(' '))?.find(isNameLike);
    if (word !== undefined) return word;
  }
  return undefined;
}

/**
 * What a romanised name may stand for: a proper noun (南沙, 雷公) or a word general Chinese does not have (前海, cut
 * 前|海 by jieba) — not an everyday word that happens to sound so (Huawei is not 化为).
 */
function isNameLike(word: string): boolean {
  const tagged = words(word);
  return tagged.length > 1 || /^(ns|nr|nrt|nrfg|nt|nz)$/.test(tagged[0]?.tag ?? '');
}

/**
 * A word general Chinese uses often enough (jieba idf below 10: 网店 9.4, 会同 8.1, 护照 9.7) is meant as written,
 * even where it sounds like a word of the documents; a rare or unknown one (专力 10.2, 著明) is taken for a typo.
 */
const EVERYDAY_IDF = 10;

function isEverydayWord(stretch: string): boolean {
  return (generalIdf(stretch) ?? Infinity) < EVERYDAY_IDF;
}

/** How many places a word and a stretch of the same length differ in. */
function differences(word: string, stretch: string): number {
  let differ = 0;
  for (let k = 0; k < word.length; k++) if (word[k] !== stretch[k]) differ++;
  return differ;
}

/** One typo changes one character: the word and the stretch agree in every other place (and in at least one). */
function sharesPlace(word: string, stretch: string): boolean {
  const differ = differences(word, stretch);
  return differ >= 1 && differ <= Math.max(1, Math.floor(word.length / 2)) && differ < word.length;
}

/** Applies corrections to the text they were found in. */
export function applyCorrections(base: string, corrections: readonly Correction[]): string {
  let out = '';
  let from = 0;
  for (const c of corrections) {
    out += base.slice(from, c.at) + c.to;
    from = c.at + c.from.length;
  }
  return out + base.slice(from);
}

/**
 * The Han characters of GB2312 (6,763): the common characters a Chinese input method offers first, so the ones its
 * typos pick. (All of GBK, ~21,000, would triple the saved table for characters rarely typed.)
 */
export function inputMethodCharacters(): string[] {
  const decoder = new TextDecoder('gbk');
  const out: string[] = [];
  for (let row = 0xb0; row <= 0xf7; row++) {
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      const ch = decoder.decode(new Uint8Array([row, cell]));
      if (/^\p{Script=Han}$/u.test(ch)) out.push(ch);
    }
  }
  return out;
}
