/**
 * Full-text search over sections: MiniSearch with a Chinese-aware tokenizer. Everything (sections and
 * queries) is folded to Simplified before tokenizing, so a Traditional question finds Simplified text and
 * vice versa. Fuzzy and prefix matching are off: for Han bigrams an edit is a different word (代理人/代理商).
 */
import MiniSearch from 'minisearch';
import type { DocumentMeta, KnowledgeBase, Section } from './knowledge/types.js';
import { toSimplified } from './text/script.js';
import { tokenize, type TokenizerName } from './text/tokenize.js';

/** Chosen by measurement on the dev set; see docs/search.md. */
export const DEFAULT_TOKENIZER: TokenizerName = 'jieba+bigram';

export interface SearchOptions {
  tokenizer?: TokenizerName;
  /** Weight of the heading path (and document title) against the passage text. */
  headingBoost?: number;
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

interface IndexDoc {
  id: string;
  title: string;
  heading: string;
  text: string;
}

export class SectionIndex {
  readonly entries: IndexedSection[];
  private readonly byId = new Map<string, IndexedSection>();
  private readonly mini: MiniSearch<IndexDoc>;
  private readonly tokenizer: TokenizerName;
  private readonly headingBoost: number;
  private readonly dfCache = new Map<string, number>();

  constructor(kb: KnowledgeBase, options: SearchOptions = {}) {
    this.tokenizer = options.tokenizer ?? DEFAULT_TOKENIZER;
    this.headingBoost = options.headingBoost ?? 2;
    const docs = new Map(kb.documents.map((d) => [d.id, d]));
    this.entries = [];
    for (const section of kb.sections) {
      const document = docs.get(section.docId);
      if (!document) continue;
      const entry: IndexedSection = {
        section,
        document,
        foldedHeading: foldForIndex(section.headingPath.join(' ')),
        foldedText: foldForIndex(section.text),
      };
      this.entries.push(entry);
      this.byId.set(section.id, entry);
    }
    const strategy = this.tokenizer;
    this.mini = new MiniSearch<IndexDoc>({
      fields: ['title', 'heading', 'text'],
      storeFields: [],
      tokenize: (text) => tokenize(text, strategy),
      processTerm: (term) => term,
      searchOptions: { prefix: false, fuzzy: false, combineWith: 'OR' },
    });
    this.mini.addAll(
      this.entries.map((e) => ({
        id: e.section.id,
        title: foldForIndex(e.document.title),
        heading: e.foldedHeading,
        text: e.foldedText,
      })),
    );
  }

  get size(): number {
    return this.entries.length;
  }

  entry(sectionId: string): IndexedSection | undefined {
    return this.byId.get(sectionId);
  }

  /** `query` must already be folded (fold.ts). Best first. */
  search(query: string, limit = 30): SearchHit[] {
    const results = this.mini.search(query, {
      boost: { title: 0.5, heading: this.headingBoost, text: 1 },
    });
    const hits: SearchHit[] = [];
    for (const r of results.slice(0, limit)) {
      const entry = this.byId.get(String(r.id));
      if (entry) hits.push({ entry, score: r.score, terms: r.terms });
    }
    return hits;
  }

  /**
   * In how many sections a folded word occurs, approximated by the sections holding all its index terms
   * (exact for words of up to two characters under bigram tokenizers). Cached: questions reuse words.
   */
  documentFrequency(word: string): number {
    const cached = this.dfCache.get(word);
    if (cached !== undefined) return cached;
    const terms = tokenize(word, this.tokenizer);
    const df = terms.length === 0 ? 0 : this.mini.search(word, { combineWith: 'AND' }).length;
    if (this.dfCache.size > 50_000) this.dfCache.clear();
    this.dfCache.set(word, df);
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
