/**
 * Full-text search over sections: MiniSearch with a Chinese-aware tokenizer. Everything (sections and
 * queries) is folded to Simplified before tokenizing, so a Traditional question finds Simplified text and
 * vice versa. Fuzzy and prefix matching are off: for Han bigrams an edit is a different word (代理人/代理商).
 */
import MiniSearch, { type Options } from 'minisearch';
import type { DocumentMeta, KnowledgeBase, Section } from './knowledge/types.js';
import { miniSearchState, restoreMiniSearch, type MiniSearchState } from './minisearch-state.js';
import { toSimplified } from './text/script.js';
import { EMPTY_HOMOPHONES, type HomophoneTable } from './text/homophones.js';
import { generalIdf, tokenize, type TokenizerName } from './text/tokenize.js';

/** Chosen by measurement on the dev set; see docs/search.md. */
export const DEFAULT_TOKENIZER: TokenizerName = 'jieba+bigram';

export interface SearchOptions {
  tokenizer?: TokenizerName;
  /** Weight of the heading path against the passage text (1); the document title weighs 0.5. */
  headingBoost?: number;
  /**
   * Makes the homophone table from the corpus's words and characters (src/knowledge/homophone-table.ts); without
   * it, questions are not corrected for typos.
   */
  homophones?: (words: Iterable<[string, number]>, characters: Iterable<string>) => HomophoneTable;
}

export interface IndexedSection {
  section: Section;
  document: DocumentMeta;
  /** Heading path and text folded to Simplified, lowercase: what matching looks at. */
  foldedHeading: string;
  foldedText: string;
}

export interface SearchHit {
  entry: IndexedSection;
  score: number;
  /** Index terms of the query found in this section. */
  terms: string[];
}

const TERM_SEPARATOR = '\u0001';
/** On large corpora, query terms found in more than this share of sections are left out of candidate search. */
const COMMON_TERM_SHARE = 0.3;
/** Above this many remembered document frequencies (a long-running service), the memory of them starts again. */
const WORD_FREQUENCIES = 10_000;

interface IndexDoc {
  id: string;
  title: string;
  heading: string;
  text: string;
}

/**
 * What a built index is made of, as data (plain values and Maps, for `v8.serialize`): saved by the loader beside
 * the knowledge it was built from and given back to `SectionIndex.fromSnapshot` by a later process, which then
 * skips tokenizing the corpus.
 */
export interface SectionIndexSnapshot {
  tokenizer: TokenizerName;
  headingBoost: number;
  /** Per section (in knowledge order): its id and its folded heading and text. */
  entries: Array<[sectionId: string, foldedHeading: string, foldedText: string]>;
  termDf: Map<string, number>;
  charDf: Map<string, number>;
  mini: MiniSearchState;
  homophones: HomophoneTable;
}

export class SectionIndex {
  readonly entries: IndexedSection[];
  private readonly byId = new Map<string, IndexedSection>();
  private readonly mini: MiniSearch<IndexDoc>;
  private readonly tokenizer: TokenizerName;
  private readonly headingBoost: number;
  /** In how many sections each index term occurs. */
  private readonly termDf: Map<string, number>;
  /** In how many sections each character occurs. */
  private readonly charDf: Map<string, number>;
  /** The corpus's words by sound (homophones.ts). */
  readonly homophones: HomophoneTable;
  /** Whether the index was read back from a snapshot rather than built. */
  private readonly restored: boolean = false;

  constructor(kb: KnowledgeBase, options: SearchOptions = {}, snapshot?: SectionIndexSnapshot) {
    this.tokenizer = snapshot?.tokenizer ?? options.tokenizer ?? DEFAULT_TOKENIZER;
    this.headingBoost = snapshot?.headingBoost ?? options.headingBoost ?? 2;
    const docs = new Map(kb.documents.map((d) => [d.id, d]));
    const saved = new Map(snapshot?.entries.map(([id, heading, text]) => [id, { heading, text }]));
    this.entries = [];
    for (const section of kb.sections) {
      const document = docs.get(section.docId);
      if (!document) continue;
      const folded = saved.get(section.id);
      const entry: IndexedSection = {
        section,
        document,
        foldedHeading: folded?.heading ?? foldForIndex(section.headingPath.join(' ')),
        foldedText: folded?.text ?? foldForIndex(section.text),
      };
      this.entries.push(entry);
      this.byId.set(section.id, entry);
    }
    const strategy = this.tokenizer;
    // Each section is tokenized once: the terms feed MiniSearch (pre-tokenized, joined by TERM_SEPARATOR) and
    // the per-term document frequencies used to weigh question words.
    const miniOptions: Options<IndexDoc> = {
      fields: ['title', 'heading', 'text'],
      storeFields: [],
      tokenize: (text) => text.split(TERM_SEPARATOR),
      processTerm: (term) => term || null,
      searchOptions: { prefix: false, fuzzy: false, combineWith: 'OR', tokenize: (text) => tokenize(text, strategy) },
    };
    const restoredMini =
      snapshot && snapshot.entries.length === this.entries.length && this.entries.every((e) => saved.has(e.section.id))
        ? restoreMiniSearch(snapshot.mini, miniOptions)
        : undefined;
    if (snapshot && restoredMini) {
      this.restored = true;
      this.mini = restoredMini;
      this.termDf = snapshot.termDf;
      this.charDf = snapshot.charDf;
      this.homophones = snapshot.homophones;
      return;
    }
    this.mini = new MiniSearch<IndexDoc>(miniOptions);
    this.termDf = new Map();
    this.charDf = new Map();
    const titleTerms = new Map<string, string[]>();
    const indexDocs: IndexDoc[] = [];
    for (const e of this.entries) {
      let title = titleTerms.get(e.document.id);
      if (!title) {
        title = tokenize(foldForIndex(e.document.title), strategy);
        titleTerms.set(e.document.id, title);
      }
      const heading = tokenize(e.foldedHeading, strategy);
      const text = tokenize(e.foldedText, strategy);
      for (const term of new Set([...title, ...heading, ...text])) this.termDf.set(term, (this.termDf.get(term) ?? 0) + 1);
      // Single characters are rarely index terms (bigrams, words), so their frequencies are kept apart.
      for (const ch of new Set(`${e.foldedHeading}${e.foldedText}`)) this.charDf.set(ch, (this.charDf.get(ch) ?? 0) + 1);
      indexDocs.push({ id: e.section.id, title: title.join(TERM_SEPARATOR), heading: heading.join(TERM_SEPARATOR), text: text.join(TERM_SEPARATOR) });
    }
    this.mini.addAll(indexDocs);
    this.homophones = options.homophones ? options.homophones(this.words(), this.charDf.keys()) : EMPTY_HOMOPHONES;
  }

  /**
   * The corpus's words with their document frequencies, for homophone correction: every index term of three or
   * four characters (jieba words), and two-character terms that are words of general Chinese (not bigrams across
   * a word boundary).
   */
  private *words(): Iterable<[string, number]> {
    for (const [term, df] of this.termDf) {
      if (term.length >= 3 || (term.length === 2 && generalIdf(term) !== undefined)) yield [term, df];
    }
  }

  /** Whether the documents use this folded stretch as an index term (any two characters in a row are one). */
  hasTerm(stretch: string): boolean {
    return this.termDf.has(stretch);
  }

  /** The index of `kb` from a snapshot of it, or undefined when the snapshot does not hold its sections or MiniSearch cannot take it back. */
  static fromSnapshot(kb: KnowledgeBase, snapshot: SectionIndexSnapshot): SectionIndex | undefined {
    const index = new SectionIndex(kb, {}, snapshot);
    return index.restored ? index : undefined;
  }

  /** The index as data to save, or undefined when the installed MiniSearch cannot give it (see minisearch-state.ts). */
  toSnapshot(): SectionIndexSnapshot | undefined {
    const mini = miniSearchState(this.mini);
    if (!mini) return undefined;
    return {
      tokenizer: this.tokenizer,
      headingBoost: this.headingBoost,
      entries: this.entries.map((e) => [e.section.id, e.foldedHeading, e.foldedText]),
      termDf: this.termDf,
      charDf: this.charDf,
      mini,
      homophones: this.homophones,
    };
  }

  get size(): number {
    return this.entries.length;
  }

  entry(sectionId: string): IndexedSection | undefined {
    return this.byId.get(sectionId);
  }

  /** `query` must already be folded (fold.ts). Best first. */
  search(query: string, limit = 30): SearchHit[] {
    // Terms in most sections hardly change the ranking but dominate the cost on a large corpus. Terms in no section
    // add nothing to any score, but MiniSearch would still look each one up in its tree (a scan of thousands of
    // first characters for Chinese): they are left out.
    const common = this.entries.length * COMMON_TERM_SHARE;
    const terms = [...new Set(tokenize(query, this.tokenizer))].filter((t) => {
      const df = this.termDf.get(t) ?? 0;
      return df > 0 && (df <= common || this.entries.length < 1000);
    });
    const results = this.mini.search(terms.join(TERM_SEPARATOR), {
      boost: { title: 0.5, heading: this.headingBoost, text: 1 },
      tokenize: (text) => text.split(TERM_SEPARATOR),
    });
    const hits: SearchHit[] = [];
    for (const r of results.slice(0, limit)) {
      const entry = this.byId.get(String(r.id));
      if (entry) hits.push({ entry, score: r.score, terms: r.terms });
    }
    return hits;
  }

  /**
   * In how many sections a folded word occurs, estimated as the smallest document frequency of its index terms
   * (exact for words that are a single term; an upper bound otherwise). Remembered per word (a question's words are
   * weighed several times, and cutting one is a call into jieba), up to WORD_FREQUENCIES words.
   */
  documentFrequency(word: string): number {
    if (word.length === 1) return this.charDf.get(word) ?? 0;
    let df = this.wordDf.get(word);
    if (df === undefined) {
      df = this.termFrequency(word);
      if (this.wordDf.size >= WORD_FREQUENCIES) this.wordDf.clear();
      this.wordDf.set(word, df);
    }
    return df;
  }

  private readonly wordDf = new Map<string, number>();

  private termFrequency(word: string): number {
    const terms = tokenize(word, this.tokenizer);
    if (terms.length === 0) return 0;
    let df = Infinity;
    for (const t of terms) df = Math.min(df, this.termDf.get(t) ?? 0);
    // jieba may cut a word differently inside a passage (广东省公安厅 → 广东省 / 公安 / 厅), so a word no index
    // term vouches for is looked up in the text itself before it is called absent.
    if (df === 0) df = this.substringFrequency(word);
    return df;
  }

  private substringFrequency(word: string): number {
    let df = 0;
    for (const e of this.entries) if (e.foldedText.includes(word) || e.foldedHeading.includes(word)) df++;
    return df;
  }

  /** Inverse document frequency; a word in no section gets the highest weight. */
  idf(word: string): number {
    const n = this.entries.length;
    const df = this.documentFrequency(word);
    return Math.log(1 + (n + 1) / (df + 0.5));
  }
}

export function foldForIndex(text: string): string {
  return toSimplified(text).normalize('NFKC').toLowerCase();
}
