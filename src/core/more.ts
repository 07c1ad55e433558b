/**
 * "Tell me more" (再講多啲, 详细些): the sentences of the same section that come after those already
 * quoted, a few at a time, until the section is exhausted.
 */
import { splitSentences } from './answer/sentences.js';
import { toSimplified } from './text/script.js';

/** About what one quote may hold: a phone screen. */
export const MORE_CHARS = 250;

const key = (s: string) => toSimplified(s).replace(/[\s\p{P}]/gu, '');

/** How many of the section's sentences a quote has reached (through its last quoted sentence). */
export function sentencesReached(sectionText: string, quote: string): number {
  const quoted = key(quote);
  const sentences = splitSentences(sectionText);
  let reached = 0;
  sentences.forEach((s, i) => {
    const head = key(s).slice(0, 12);
    if (head && quoted.includes(head)) reached = i + 1;
  });
  return reached;
}

/** The next sentences after `from`, up to about MORE_CHARS, and how far that reaches; undefined at the end. */
export function nextSentences(sectionText: string, from: number): { text: string; reached: number; remaining: number } | undefined {
  const sentences = splitSentences(sectionText);
  if (from >= sentences.length) return undefined;
  let text = '';
  let i = from;
  while (i < sentences.length && (text === '' || text.length + sentences[i]!.length <= MORE_CHARS)) text += sentences[i++]!;
  return { text, reached: i, remaining: sentences.length - i };
}
