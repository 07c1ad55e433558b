/**
 * Names the documents coin in quotation marks (“一窗通办”, “剑网”, “粤省事”, “放管服”): a campaign, a platform, a
 * slogan. jieba does not know them and cuts them into characters (一/窗/通/办), so a question naming one is read as
 * loose characters that any passage has. Each such name becomes a glossary phrase for itself, and a question that
 * writes it, with or without the quotation marks, asks of that one thing.
 */
import type { Glossary, GlossaryTerm } from './fold.js';
import { toSimplified } from './script.js';
import { words } from './tokenize.js';

/** A quoted run of Chinese: the documents quote names in curly, straight or corner quotation marks. */
const QUOTED = /[“"‘「『]\s*(\p{Script=Han}{2,10})\s*[”"’」』]/gu;

/**
 * The quoted names of folded (Simplified) texts that jieba cuts into pieces of which one is a single character: a
 * compound it knows the parts of (亚洲/知识产权/营商/论坛) reads well as it is.
 */
export function quotedNames(foldedTexts: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const text of foldedTexts) for (const m of text.matchAll(QUOTED)) names.add(m[1]!);
  return [...names].filter((name) => {
    const pieces = words(name);
    return pieces.length > 1 && pieces.some((p) => p.word.length === 1);
  }).sort();
}

/**
 * The glossary with a phrase for each name no Chinese phrase of it overlaps: where the glossary knows a part of a name
 * (大湾区 in 粤港澳大湾区, 正版正货 in 正版正货承诺), its entry already gathers the name's other spellings.
 */
export function withQuotedNames(glossary: Glossary, names: readonly string[]): Glossary {
  const known = glossary.terms.flatMap((t) => t.ask.filter((a) => /\p{Script=Han}/u.test(a)).map((a) => toSimplified(a)));
  const added: GlossaryTerm[] = names.filter((n) => !known.some((k) => n.includes(k) || k.includes(n))).map((n) => ({ ask: [n], search: [n] }));
  return added.length === 0 ? glossary : { ...glossary, terms: [...glossary.terms, ...added] };
}
