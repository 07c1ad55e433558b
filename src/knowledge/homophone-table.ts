/**
 * Making the homophone table (src/core/text/homophones.ts) when the index is built: pinyin-pro gives the toneless
 * pinyin of each character the documents use (an input-method typo picks a common character, which the documents
 * almost always use somewhere), and the corpus's words are grouped by the pinyin of their characters. Only the
 * loader imports this module, so a process that loads a saved index never loads pinyin-pro (~0.3 s of imports).
 */
import { pinyin } from '../core/text/pinyin.js';
import { inputMethodCharacters, MAX_CHARS, MIN_CHARS, type HomophoneTable } from '../core/text/homophones.js';

/** The homophone table of a corpus: its words (2–4 Han characters, with document frequencies) and characters. */
export function homophoneTable(words: Iterable<readonly [string, number]>, characters: Iterable<string>): HomophoneTable {
  const sounds: Array<[string, string]> = [];
  // A typo may also pick a character the documents never use (融姿 for 融資): every common character a Chinese
  // input method offers (GB2312) gets its sound too.
  for (const ch of new Set([...characters, ...inputMethodCharacters()])) {
    if (!/^\p{Script=Han}$/u.test(ch)) continue;
    const sound = pinyin(ch, { toneType: 'none', type: 'array' })[0];
    if (sound && /^[a-zü]+$/.test(sound)) sounds.push([ch, sound]);
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
  return { words: [...bySound].map(([s, list]) => [s, list.sort((a, b) => b[1] - a[1]).map(([w]) => w)]), sounds };
}
