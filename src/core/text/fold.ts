/**
 * Query folding: written Cantonese → standard Chinese, any script → Simplified, English and Hong Kong terms →
 * the documents' terms. The rules are data (`knowledge/glossary.yaml`); this module only applies them.
 */
import { toSimplified } from './script.js';
import { EnglishSpeller } from './spelling.js';
import { singleCharacterWords } from './tokenize.js';

export interface GlossaryTerm {
  /** What people type, as written in the glossary. */
  ask: string[];
  /** The documents' words, folded to Simplified. */
  search: string[];
  /** Everyday vocabulary (company, city, register…): does not by itself make a question one the documents cover. */
  general?: boolean;
  /** The English name to show English askers (a body or programme), when `ask` has no good one first. */
  name?: string;
  /**
   * From the general English lexicon: an ordinary word with its Chinese equivalents, weighed like a Chinese word
   * of the question (by how rare its equivalents are in the documents, or in general Chinese when absent).
   */
  lexicon?: boolean;
}

export interface Glossary {
  /** [colloquial form, standard form], longest first; includes Simplified spellings of multi-character keys. */
  colloquial: Array<[string, string]>;
  terms: GlossaryTerm[];
  englishStopwords: Set<string>;
}

/** One concept found in a question: any of `alternatives` in a passage means the passage speaks of it. */
export interface QueryConcept {
  /** What the asker wrote (folded). */
  surface: string;
  /** Simplified forms to look for, the asker's own first. */
  alternatives: string[];
  /** English word no glossary entry knows. */
  unknownEnglish?: boolean;
  /** An unknown English word written as a name or acronym (iPhone, CPA, Tencent): a specific thing. */
  name?: boolean;
  /** From a glossary entry marked `general`. */
  general?: boolean;
  /** From a glossary entry. */
  glossary?: boolean;
  /** From the general English lexicon (see GlossaryTerm.lexicon). */
  lexicon?: boolean;
}

export interface FoldedQuery {
  /** The question folded to Simplified standard Chinese, English phrases replaced by Chinese terms. */
  text: string;
  /** `text` plus every glossary expansion: what the search index is asked. */
  searchText: string;
  /** Glossary concepts recognised in the question, in order of appearance. */
  concepts: QueryConcept[];
  /** English words (not stopwords) that no glossary entry maps. */
  unknownEnglish: string[];
  /** The Chinese and number parts of the question that no glossary phrase matched (for content words). */
  rest: string;
  /** The question's own wording, folded, English phrases left out (`text` without the Chinese terms put for them). */
  own: string;
  /** The question as written, folded to Simplified and lower case, English kept: what names a heading in its words (深化CEPA…). */
  written: string;
}

export const EMPTY_GLOSSARY: Glossary = { colloquial: [], terms: [], englishStopwords: new Set() };

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

// ---------------------------------------------------------------------------------------------------------
// Folding

const LATIN_RUN = /[a-z0-9][a-z0-9&/+'’.-]*/g;

/** Applies the colloquial table, longest form first, left to right, without re-scanning replacements. */
export function foldColloquial(text: string, glossary: Glossary): string {
  if (glossary.colloquial.length === 0) return text;
  return applyColloquial(text, compile(glossary).colloquial);
}

function applyColloquial(text: string, colloquial: ReadonlyMap<string, Array<[string, string]>>): string {
  let out = '';
  let i = 0;
  outer: while (i < text.length) {
    for (const [from, to] of colloquial.get(text[i] as string) ?? []) {
      if (text.startsWith(from, i)) {
        out += to;
        i += from.length;
        continue outer;
      }
    }
    out += text[i];
    i++;
  }
  return out;
}

/**
 * Most questions can match few of the glossary's thousands of English phrases, so a phrase's pattern is made only
 * for a question containing what every match of it contains: its first character, then its literal (phraseLiteral).
 */
interface EnglishPhrase {
  phrase: string;
  /** The first character when every match begins with it (the phrase starts with a word). */
  first: string;
  literal?: string;
  pattern?: RegExp;
  term: GlossaryTerm;
}

interface CompiledTerms {
  /** English phrases (lowercase, whole words), longest first. */
  english: EnglishPhrase[];
  /** Where in `english` the phrases beginning with each character are: a question is tried only against those it may match. */
  englishIndex: FirstCharacterIndex;
  /** The colloquial table by first character (each list longest first, as in the table). */
  colloquial: Map<string, Array<[string, string]>>;
  /** Chinese phrases folded to Simplified, longest first. */
  chinese: Array<{ phrase: string; term: GlossaryTerm }>;
  chineseIndex: FirstCharacterIndex;
  /** Made on the first English word the glossary does not know. */
  speller?: EnglishSpeller;
  /** The English words the glossary can use (englishVocabulary), made on the first English word. */
  vocabulary?: Set<string>;
}

const compiled = new WeakMap<Glossary, CompiledTerms>();

function compile(glossary: Glossary): CompiledTerms {
  let c = compiled.get(glossary);
  if (c) return c;
  const english: CompiledTerms['english'] = [];
  const chinese: CompiledTerms['chinese'] = [];
  const colloquial = new Map<string, Array<[string, string]>>();
  for (const pair of glossary.colloquial) listAt(colloquial, pair[0].charAt(0)).push(pair);
  for (const term of glossary.terms) {
    for (const ask of term.ask) {
      if (/\p{Script=Han}/u.test(ask)) {
        // The question is read as standard Chinese before phrases are looked for (冇講到嘅嘢 → 没有说到的东西), so a
        // Cantonese phrase is looked for in that form too.
        const forms = new Set([toSimplified(ask), toSimplified(applyColloquial(ask.normalize('NFKC'), colloquial))]);
        for (const phrase of forms) chinese.push({ phrase, term });
      } else {
        const phrase = ask.toLowerCase().normalize('NFKC');
        english.push({ phrase, first: firstCharacter(phrase), term });
      }
    }
  }
  // Longest first ("national-level" before "national"); on a tie the programme glossary before the everyday lexicon.
  english.sort((a, b) => b.phrase.length - a.phrase.length || Number(a.term.lexicon === true) - Number(b.term.lexicon === true));
  chinese.sort((a, b) => b.phrase.length - a.phrase.length);
  c = {
    english,
    englishIndex: indexByFirst(english.map((e) => e.first)),
    chinese,
    chineseIndex: indexByFirst(chinese.map((e) => e.phrase.charAt(0))),
    colloquial,
  };
  compiled.set(glossary, c);
  return c;
}

/** Positions in a list of phrases by the character every match of each begins with ('' when none is certain). */
interface FirstCharacterIndex {
  byFirst: Map<string, number[]>;
  anywhere: number[];
}

function indexByFirst(firsts: readonly string[]): FirstCharacterIndex {
  const index: FirstCharacterIndex = { byFirst: new Map(), anywhere: [] };
  firsts.forEach((first, k) => (first === '' ? index.anywhere : listAt(index.byFirst, first)).push(k));
  return index;
}

/** The phrases that may occur in `text` (those beginning with a character it holds), in their list's order. */
function candidatesIn<T>(phrases: readonly T[], index: FirstCharacterIndex, text: string): T[] {
  const candidate = new Uint8Array(phrases.length);
  for (const k of index.anywhere) candidate[k] = 1;
  for (const unit of new Set(text.split(''))) for (const k of index.byFirst.get(unit) ?? []) candidate[k] = 1;
  return phrases.filter((_, k) => candidate[k] === 1);
}

function listAt<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (list === undefined) map.set(key, (list = []));
  return list;
}

// ---------------------------------------------------------------------------------------------------------
// English inflection: "register" in the glossary also matches "registers", "registered", "registering";
// "companies" matches "company". Simple suffix rules, not a full stemmer: the glossary is small and the
// questions short, so over-generated forms ("fairs", "offices") cost nothing, and missing one would.

/** Words that look inflected but are words of their own: never reduced, never generated. */
const NOT_INFLECTED = new Set(['news', 'means', 'united', 'goods', 'customs', 'series', 'species', 'chess', 'this', 'his', 'its', 'was', 'has', 'does', 'bus', 'gas', 'thus', 'us', 'yes', 'during', 'thing', 'things', 'nothing', 'something', 'anything', 'everything', 'bring', 'king', 'ring', 'sing', 'spring', 'string', 'morning', 'evening', 'ceiling', 'red', 'bed', 'need', 'feed', 'seed', 'speed', 'indeed', 'hundred', 'shed', 'wed', 'led', 'fed', 'sled']);

const VOWEL = /[aeiou]/;

/** The forms a word may have been reduced from: "registered" → register, "companies" → company. */
export function englishBases(word: string): string[] {
  const w = word.toLowerCase();
  const out = new Set([w]);
  if (w.length < 4 || !/^[a-z]+$/.test(w) || NOT_INFLECTED.has(w)) return [...out];
  const add = (base: string) => {
    if (base.length >= 2 && VOWEL.test(base)) out.add(base);
  };
  if (w.endsWith('ies')) add(`${w.slice(0, -3)}y`);
  else if (w.endsWith('es')) {
    add(w.slice(0, -2));
    add(w.slice(0, -1));
  } else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) add(w.slice(0, -1));
  if (w.endsWith('ied')) add(`${w.slice(0, -3)}y`);
  else if (w.endsWith('ed')) {
    const stem = w.slice(0, -2);
    add(stem);
    add(`${stem}e`);
    if (/([b-df-hj-np-tv-z])\1$/.test(stem)) add(stem.slice(0, -1));
  }
  if (w.endsWith('ing') && w.length > 5) {
    const stem = w.slice(0, -3);
    add(stem);
    add(`${stem}e`);
    if (/([b-df-hj-np-tv-z])\1$/.test(stem)) add(stem.slice(0, -1));
  }
  return [...out];
}

/**
 * The inflected forms of a word as written in the glossary: register → registers, registered, registering.
 * Only forms built on the word itself: "listing" (a stock exchange) must not take over "list".
 */
export function englishForms(word: string): string[] {
  const forms = new Set<string>();
  for (const base of [word.toLowerCase()]) {
    forms.add(base);
    if (base.length < 3 || !/^[a-z]+$/.test(base) || NOT_INFLECTED.has(base)) continue;
    const e = base.endsWith('e');
    const y = /[^aeiou]y$/.test(base);
    forms.add(y ? `${base.slice(0, -1)}ies` : /(s|x|z|ch|sh)$/.test(base) ? `${base}es` : `${base}s`);
    forms.add(y ? `${base.slice(0, -1)}ied` : e ? `${base}d` : `${base}ed`);
    forms.add(e && !base.endsWith('ee') ? `${base.slice(0, -1)}ing` : `${base}ing`);
    // plan → planned, planning; ship → shipped (a short final consonant after one vowel).
    if (/^[^aeiou]*[aeiou][b-df-hj-np-tv-z]$/.test(base) && !/[wxy]$/.test(base)) {
      const last = base.slice(-1);
      forms.add(`${base}${last}ed`);
      forms.add(`${base}${last}ing`);
    }
  }
  return [...forms].filter((f) => !NOT_INFLECTED.has(f) || f === word).sort((a, b) => b.length - a.length);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The words of a phrase, each split at its hyphens, with their shorthand (SHORT_FORMS); only the last part of a
 * hyphenated word inflects ("co-organised", "sub-centres").
 */
function phraseParts(phrase: string): Array<Array<{ part: string; inflects: boolean; short: string[] }>> {
  return phrase
    .split(/\s+/)
    .map((token) => token.split('-').map((part, k, parts) => ({ part, inflects: k === parts.length - 1 && /^[a-z]{3,}$/.test(part), short: SHORT_FORMS[part] ?? [] })));
}

/**
 * A glossary phrase as a pattern: each word in any inflected form, words joined by any spacing, and a hyphen
 * matching a hyphen, a space or nothing ("five-year", "five year", "fiveyear").
 */
function phrasePattern(phrase: string): string {
  return phraseParts(phrase)
    .map((token) =>
      token
        .map(({ part, inflects, short }) => {
          if (!inflects) return short.length ? `(?:${[part, ...short].map(escapeRegExp).join('|')})` : escapeRegExp(part);
          const forms = [...englishForms(part), ...short];
          return forms.length === 1 ? escapeRegExp(part) : `(?:${forms.map(escapeRegExp).join('|')})`;
        })
        .join('[-\\s]?'),
    )
    .join('\\s+');
}

/**
 * The longest stretch every match of a phrase's pattern contains: a part as written or, for one that inflects, all
 * but its last letter (every form of "company", "plan" or "share" begins "compan", "pla", "shar"), cut to what its
 * shorthand shares ("year", "yr": "y"). A question without it cannot match, so its pattern is neither made nor run.
 */
function phraseLiteral(phrase: string): string {
  let longest = '';
  for (const token of phraseParts(phrase)) {
    for (const { part, inflects, short } of token) {
      const literal = commonPrefix([inflects ? part.slice(0, -1) : part, ...short]);
      if (literal.length > longest.length) longest = literal;
    }
  }
  return longest;
}

/** The first character every match of a phrase begins with, or '' when none is certain. */
function firstCharacter(phrase: string): string {
  if (!/^[^\s-]/.test(phrase)) return '';
  const head = phrase.split(/[\s-]/, 1)[0]!;
  return commonPrefix([head, ...(SHORT_FORMS[head] ?? [])]).charAt(0);
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** The phrase's pattern when `text` may match it, else undefined. */
function patternFor(english: EnglishPhrase, text: string): RegExp | undefined {
  if (!text.includes(english.first)) return undefined;
  english.literal ??= phraseLiteral(english.phrase);
  if (!text.includes(english.literal)) return undefined;
  english.pattern ??= new RegExp(`(?<![a-z0-9])${phrasePattern(english.phrase)}(?![a-z0-9])`, 'g');
  return english.pattern;
}

/**
 * Acronyms spelt like everyday words ("the IT deal", "US ports"): in capitals, in a question not typed all in
 * capitals, they are the acronym, not the pronoun "it" or "us" that the stopwords drop.
 */
const CAPITAL_ACRONYMS: Record<string, string> = { IT: 'information technology', US: 'united states' };

function expandCapitalAcronyms(text: string): string {
  if (!/[a-z]/.test(text)) return text;
  return text.replace(/(?<![A-Za-z])(IT|US)(?![A-Za-z])/g, (acronym: string) => CAPITAL_ACRONYMS[acronym] ?? acronym);
}

/** Which words are real English (a dictionary the caller has): only a word that is none may be a slip. */
export interface EnglishSpelling {
  isEnglishWord(word: string): boolean;
}

/**
 * The question with its English slips read as the glossary words they stand for, nothing else changed: what the
 * question checks (a phone number asked, or "phone battery"?) read, as the folding does.
 */
export function withEnglishSlipsCorrected(question: string, glossary: Glossary, spelling: EnglishSpelling): string {
  return /[A-Za-z]{3}/.test(question) ? correctSpelling(question, glossary, compile(glossary), spelling) : question;
}

/**
 * English slips read as the glossary word they stand for ("enforcment" → enforcement). A word written as a name or
 * acronym (Tencent mid-sentence, CEPA, iPhone) is left alone: it is not a misspelt everyday word.
 */
function correctSpelling(cased: string, glossary: Glossary, terms: CompiledTerms, spelling: EnglishSpelling): string {
  const firstWordAt = cased.search(/[A-Za-z]/);
  return cased.replace(/(?<![A-Za-z0-9'’])[A-Za-z]+(?![A-Za-z0-9'’])/g, (word, offset: number) => {
    if (/[A-Z]/.test(word.slice(1)) || (/^[A-Z]/.test(word) && offset !== firstWordAt)) return word;
    const lower = word.toLowerCase();
    if (isKnownEnglish(lower, glossary, terms)) return word;
    terms.speller ??= new EnglishSpeller(englishVocabulary(glossary, terms), (w) => isKnownEnglish(w, glossary, terms), englishBases);
    const correction = terms.speller.correction(lower);
    // A real word the glossary lacks ("backing") is meant as written, however close to one it knows ("banking").
    return correction === undefined || englishBases(lower).some((b) => spelling.isEnglishWord(b)) ? word : correction;
  });
}

/** Every English word the glossary can use, in its inflected forms, with the stopwords. */
function englishVocabulary(glossary: Glossary, terms: CompiledTerms): Set<string> {
  if (terms.vocabulary) return terms.vocabulary;
  const vocabulary = new Set(glossary.englishStopwords);
  for (const { phrase } of terms.english) {
    for (const token of phrase.split(/[\s-]+/)) for (const form of englishForms(token)) vocabulary.add(form);
  }
  terms.vocabulary = vocabulary;
  return vocabulary;
}

function isKnownEnglish(word: string, glossary: Glossary, terms: CompiledTerms): boolean {
  const vocabulary = englishVocabulary(glossary, terms);
  return englishBases(word).some((b) => vocabulary.has(b));
}

/** Shorthand people type for a word inside a longer phrase ("13th five yr plan" is the 13th five-year plan). */
export const SHORT_FORMS: Record<string, string[]> = { year: ['yr'], years: ['yrs'], international: ['intl'], government: ['govt'], department: ['dept'] };

/** A placeholder that survives folding and matches no term (private-use characters). */
const MARK = '\uE000';

/**
 * Folds a question for search. The question should already be cleaned (answer.ts `cleanQuestion`); this
 * function still applies NFKC and lowercases Latin text so callers cannot get matching wrong.
 */
/**
 * `writtenInEnglish`: the question was written in English and names in it were put in Chinese (qian hai → 前海), so
 * its other unknown words are still everyday English, not names in a Chinese question.
 */
export function foldQuery(question: string, glossary: Glossary, spelling?: EnglishSpelling, writtenInEnglish = false): FoldedQuery {
  const normalised = question.normalize('NFKC');
  const compiledTerms = compile(glossary);
  const simplified = expandCapitalAcronyms(toSimplified(foldColloquial(normalised, glossary)));
  const cased = spelling ? correctSpelling(simplified, glossary, compiledTerms, spelling) : simplified;
  let text = cased.toLowerCase();
  const chineseQuestion = !writtenInEnglish && /\p{Script=Han}/u.test(cased);
  const firstWordAt = cased.search(/[A-Za-z]/);
  const found: Array<{ at: number; concept: QueryConcept }> = [];

  // English phrases → Chinese terms; the phrase is blanked so shorter phrases do not match inside it.
  for (const entry of candidatesIn(compiledTerms.english, compiledTerms.englishIndex, text)) {
    const pattern = patternFor(entry, text);
    if (!pattern) continue;
    const { phrase, term } = entry;
    pattern.lastIndex = 0;
    text = text.replace(pattern, (match, offset: number) => {
      found.push({
        at: offset,
        concept: { surface: phrase, alternatives: term.search, glossary: true, ...(term.general ? { general: true } : {}), ...(term.lexicon ? { lexicon: true } : {}) },
      });
      return MARK.repeat(match.length);
    });
  }

  // Remaining Latin words: stopwords go; the rest are kept (CEPA, PCT, 2016) and, if purely alphabetic, flagged
  // as unknown English so the out-of-scope check can weigh them.
  const unknownEnglish: string[] = [];
  text = text.replace(LATIN_RUN, (word, offset: number) => {
    // A contraction is its word ("they'd", "we're", "isn't"): the ending carries no content.
    const bare = word
      .replace(/[’'.-]+$/, '')
      .replace(/^(ca|wo)n['’]t$/, (_, stem: string) => (stem === 'ca' ? 'can' : 'will'))
      .replace(/n['’]t$/, '')
      .replace(/['’](s|d|ll|ve|re|m)$/, '');
    if (bare.length === 0 || englishBases(bare).some((b) => glossary.englishStopwords.has(b))) return ' '.repeat(word.length);
    if (/^[a-z]/.test(bare)) {
      unknownEnglish.push(bare);
      const original = cased.slice(offset, offset + bare.length);
      // A word no English dictionary holds, written in lower case ("tencent", "hkicpa"), is a name all the same.
      const name =
        chineseQuestion ||
        /^.+[A-Z]/.test(original) ||
        (/^[A-Z]/.test(original) && offset !== firstWordAt) ||
        (spelling !== undefined && bare.length >= 3 && !englishBases(bare).some((b) => spelling.isEnglishWord(b)));
      found.push({ at: offset, concept: { surface: bare, alternatives: [bare], unknownEnglish: true, ...(name ? { name } : {}) } });
    }
    return word;
  });

  // Chinese phrases: kept in the text, their document terms added as alternatives.
  const taken = new Array<boolean>(text.length).fill(false);
  // A one-character phrase (人, 省, 局) counts only as a word of its own, not inside 人民币 or 省钱.
  let singles: Set<number> | undefined;
  for (const { phrase, term } of candidatesIn(compiledTerms.chinese, compiledTerms.chineseIndex, text)) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(phrase, from);
      if (at < 0) break;
      from = at + phrase.length;
      if (phrase.length === 1 && !(singles ??= singleCharacterWords(text)).has(at)) continue;
      let free = true;
      for (let k = at; k < at + phrase.length; k++) if (taken[k]) free = false;
      if (!free) continue;
      for (let k = at; k < at + phrase.length; k++) taken[k] = true;
      found.push({
        at,
        concept: { surface: phrase, alternatives: unique([phrase, ...term.search]), glossary: true, ...(term.general ? { general: true } : {}) },
      });
    }
  }

  let rest = '';
  for (let k = 0; k < text.length; k++) {
    const ch = text[k] as string;
    rest += taken[k] || ch === MARK || /[a-z]/.test(ch) ? ' ' : ch;
  }
  rest = rest.replace(/\s+/g, ' ').trim();

  found.sort((a, b) => a.at - b.at);
  const concepts = found.map((f) => f.concept);
  // Lexicon words join the search, not the question text: their Chinese equivalents (时间 for "time") must not
  // be read as what the question asks for.
  const englishTerms = concepts.filter((c) => !/\p{Script=Han}/u.test(c.surface) && !c.unknownEnglish && !c.lexicon);
  const lexiconTerms = concepts.filter((c) => c.lexicon).flatMap((c) => c.alternatives);
  const clean = text
    .replaceAll(MARK, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const withEnglish = [clean, ...englishTerms.map((c) => c.alternatives.join(' '))].filter(Boolean).join(' ');
  const expansions = concepts
    .filter((c) => /\p{Script=Han}/u.test(c.surface))
    .flatMap((c) => c.alternatives.slice(1));
  const searchText = [withEnglish, ...lexiconTerms, ...expansions].filter(Boolean).join(' ');
  return { text: withEnglish, searchText, concepts, unknownEnglish, rest, own: clean, written: cased.toLowerCase() };
}
