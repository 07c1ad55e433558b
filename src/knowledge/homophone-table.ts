/**
 * Making the homophone table (src/core/text/homophones.ts) when the index is built: pinyin-pro gives the toneless
 * pinyin, to-jyutping the Cantonese (jyutping, with its tone) of each character the documents use (an input-method
 * typo picks a common character, which the documents almost always use somewhere), and the corpus's words are grouped
 * by the sound of their characters, in each language. Both libraries are loaded on first use, so a process that loads a
 * saved index never loads them (~0.3 s and 1.3 MB of imports).
 */
import { createRequire } from 'node:module';
import { pinyin } from '../core/text/pinyin.js';
import { inputMethodCharacters, MAX_CHARS, MIN_CHARS, type HomophoneTable } from '../core/text/homophones.js';

/** The homophone table of a corpus: its words (2–4 Han characters, with document frequencies) and characters. */
export function homophoneTable(words: Iterable<readonly [string, number]>, characters: Iterable<string>): HomophoneTable {
  const corpusWords = [...words];
  // A typo may also pick a character the documents never use (融姿 for 融資): every common character a Chinese
  // input method offers (GB2312) gets its sound too.
  const allCharacters = [...new Set([...characters, ...inputMethodCharacters()])].filter((ch) => /^\p{Script=Han}$/u.test(ch));
  const mandarin = soundTable(corpusWords, allCharacters, (ch) => {
    const sound = pinyin(ch, { toneType: 'none', type: 'array' })[0];
    return sound && /^[a-zü]+$/.test(sound) ? sound : undefined;
  });
  // Cantonese with its tones: without them its sounds merge far more than Mandarin's (成 and 性 are both sing,
  // 给 and 及 both kap), and slips of one sound and tone (原側 for 原則, zak1) are the ones left to find.
  const cantonese = soundTable(corpusWords, allCharacters, (ch) => {
    const sound = jyutping(ch);
    return sound && /^[a-z]+[1-6]$/.test(sound) ? sound : undefined;
  });
  return { ...mandarin, cantonese };
}

function soundTable(words: ReadonlyArray<readonly [string, number]>, characters: readonly string[], soundOfCharacter: (ch: string) => string | undefined) {
  const sounds: Array<[string, string]> = [];
  for (const ch of characters) {
    const sound = soundOfCharacter(ch);
    if (sound !== undefined) sounds.push([ch, sound]);
  }
  const sound = new Map(sounds);
  const bySound = new Map<string, Array<[string, number]>>();
  for (const [word, df] of words) {
    if (word.length < MIN_CHARS || word.length > MAX_CHARS || !/^\p{Script=Han}+$/u.test(word)) continue;
    const parts = [...word].map((ch) => sound.get(ch));
    if (parts.some((s) => s === undefined)) continue;
    const key = parts.join(' ');
    let list = bySound.get(key);
    if (!list) bySound.set(key, (list = []));
    list.push([word, df]);
  }
  return { words: [...bySound].map(([s, list]): [string, string[]] => [s, list.sort((a, b) => b[1] - a[1]).map(([w]) => w)]), sounds };
}

let toJyutping: typeof import('to-jyutping') | undefined;

/** A character's commonest Cantonese reading (jyutping with its tone), from to-jyutping. */
function jyutping(ch: string): string | undefined {
  toJyutping ??= createRequire(import.meta.url)('to-jyutping') as typeof import('to-jyutping');
  return toJyutping.getJyutpingList(ch)[0]?.[1] ?? undefined;
}
