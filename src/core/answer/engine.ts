/**
 * The answer engine: question → best passages → an honest, extractive, cited answer in the asker's script.
 * It composes the parts of this directory over an index it is given:
 *   clean → small talk? → fold (Cantonese, script, glossary) → intent → content weighting → rank → decide →
 *   sentence selection → reply composition.
 */
import type { Answer, AnswerEngine, AskOptions } from '../engine.js';
import type { IndexedSection, SectionIndex } from '../search.js';
import { foldColloquial, foldQuery, withEnglishSlipsCorrected, type FoldedQuery, type Glossary } from '../text/fold.js';
import { words } from '../text/tokenize.js';
import { applyCorrections, HomophoneCorrector } from '../text/homophones.js';
import { quotedNames, withQuotedNames } from '../text/quoted-names.js';
import { detectLang, toSimplified } from '../text/script.js';
import { TOPICS } from '../topics.js';
import type { Lang, TopicId } from '../types.js';
import { cleanQuestion, fullYears, smallTalkKind } from './clean.js';
import { compose, outOfScope, overviewHeading, smallTalk } from './compose.js';
import { contentGroups, isPhrasing, unknownWeight, withoutFrame, withoutSelfDescription } from './content.js';
import { countedGroups, otherSideOnly, sideAsked } from './count.js';
import { decide, DEFAULT_MIN_COVERAGE, isVague, type DeclineReason } from './decide.js';
import { unsupportedFact } from './facts.js';
import { intentOf, NO_INTENT, type IntentKind } from './intent.js';
import { listingFor } from './listing.js';
import { hanRuns } from './match.js';
import { DEFAULT_RANK_WEIGHTS, rank, type RankWeights } from './rank.js';
import { bestSentences } from './sentences.js';

export interface AnswerEngineOptions {
  /** Share of the question's weighted content a passage must cover to be used as an answer. */
  minCoverage?: number;
  /** Today, for "this source is N years old" caveats. */
  now?: () => Date;
  /** Ranking weights beside whole-passage coverage (tuning; defaults measured on the dev set). */
  weights?: Partial<RankWeights>;
  /** Whether a word is real English: given, English slips are corrected to glossary words (text/spelling.ts). */
  isEnglishWord?: (word: string) => boolean;
}

/** Why the engine answered as it did: for the eval's diagnostics and for tuning, not for users. */
export interface Explanation {
  folded: FoldedQuery;
  intent: IntentKind;
  groups: Array<{ alternatives: string[]; weight: number }>;
  candidates: Array<{ sectionId: string; section: string; bm25: number; coverage: number; anchored: boolean; focus: number; score: number }>;
  /** For a how-many question: what a counting sentence must name (the counted noun, specific places). */
  counted: string[];
  unsupported: string | undefined;
  /** Why the question is declined, when it is. */
  declined: DeclineReason | undefined;
}

export interface ExplainingAnswerEngine extends AnswerEngine {
  explain(question: string): Explanation;
}

/** Sentences quoted from the answering passage; topic overviews quote three. */
const QUOTED_SENTENCES = 2;
const OVERVIEW_SENTENCES = 3;

export function createAnswerEngine(index: SectionIndex, termsGlossary: Glossary, options: AnswerEngineOptions = {}): ExplainingAnswerEngine {
  // The names the documents coin in quotation marks read as one word each (text/quoted-names.ts).
  const glossary = withQuotedNames(termsGlossary, quotedNames(index.entries.map((e) => e.foldedText)));
  const minCoverage = options.minCoverage ?? DEFAULT_MIN_COVERAGE;
  const weights: RankWeights = { ...DEFAULT_RANK_WEIGHTS, ...options.weights };
  const now = options.now ?? (() => new Date());
  const unknown = unknownWeight(index);

  const corrector = new HomophoneCorrector(index.homophones);
  // The year of the newest document: how far the documents go, for a question about what holds now.
  const latestYear = index.entries.reduce((latest, e) => (e.document.date > latest ? e.document.date : latest), '').slice(0, 4);
  const spelling = options.isEnglishWord ? { isEnglishWord: options.isEnglishWord } : undefined;

  /**
   * The question with input-method typos read as the documents' words (著明商標 → 著名商标), looked for once written
   * Cantonese is standard Chinese and the script Simplified, so that Cantonese words are never taken for typos.
   */
  function corrected(cleaned: string): string {
    const standard = toSimplified(foldColloquial(cleaned.normalize('NFKC'), glossary));
    const tokens = words(standard).map((w) => w.word);
    const found = corrector.corrections(standard.toLowerCase(), tokens, (stretch) => index.hasTerm(stretch), isPhrasing);
    return found.length === 0 ? cleaned : applyCorrections(standard, found);
  }

  /** English slips corrected before anything reads the question (text/spelling.ts). */
  function spelled(cleaned: string): string {
    return spelling ? withEnglishSlipsCorrected(cleaned, glossary, spelling) : cleaned;
  }

  function analyse(cleaned: string) {
    const question = corrected(fullYears(cleaned));
    let folded = foldQuery(question, glossary, spelling);
    const named = corrector.withRomanisedNames(question, folded.unknownEnglish, options.isEnglishWord);
    if (named !== question) folded = foldQuery(named, glossary, spelling, !/\p{Script=Han}/u.test(question));
    const intent = intentOf(folded.text, cleaned);
    const groups = withoutSelfDescription(withoutFrame(contentGroups(index, folded), intent), folded.text, cleaned);
    return { folded, intent, groups };
  }

  function ask(question: string, askOptions: AskOptions = {}): Answer {
    const query = typeof question === 'string' ? question : '';
    const cleaned = spelled(cleanQuestion(query));
    const lang = askOptions.lang ?? detectLang(cleaned);
    const talk = smallTalkKind(cleaned);
    if (talk) return smallTalk(query, lang, talk);

    const { folded, intent, groups } = analyse(cleaned);
    // A question with nothing to look up gets the help screen, unless it asks a fact (who, when, where, how many):
    // then it is a real question the documents cannot place (邊個部門負責？ out of context), and a decline with a
    // next step says more than a menu.
    if (isVague(groups)) return intent.kind === 'other' ? smallTalk(query, lang, 'help') : outOfScope(query, lang);
    const ranked = rank(index, folded, groups, intent, weights);
    const decision = decide({ question: cleaned, folded: folded.text, groups, intent, ranked, minCoverage, year: now().getFullYear(), unknownWeight: unknown });
    const best = decision.answer;
    if (!best) return outOfScope(query, lang, decision.reason === 'upcoming-date' ? latestYear : undefined);
    const listing = listingFor(index, best.entry, groups, cleaned, folded.text);
    if (listing) {
      // The parts come first among the sources, in order; the rest of the ranking follows.
      const parts = listing.parts.map((entry) => ranked.find((r) => r.entry === entry) ?? { ...best, entry });
      const ordered = [...parts, ...ranked.filter((r) => !listing.parts.includes(r.entry))];
      const heading = (e: IndexedSection) => e.section.headingPath.at(-1) ?? '';
      return compose({ query, lang, ranked: ordered, quote: '', intent, folded: folded.text, now: now(), glossary, listing: { parent: listing.parent, parts: listing.parts.map(heading) } });
    }
    // A figure for one side (粤方) is quoted from its sentence, not the other side's beside it.
    const side = sideAsked(cleaned, folded.text);
    const quote = bestSentences(best.entry, groups, intent, QUOTED_SENTENCES, hanRuns(folded.text), side ? otherSideOnly(side) : undefined);
    return compose({ query, lang, ranked: [best, ...ranked.filter((r) => r !== best)], quote, intent, folded: folded.text, now: now(), glossary });
  }

  function overview(topic: TopicId, lang: Lang): Answer {
    const t = TOPICS[topic];
    const folded = foldQuery(t.overviewQuery, glossary);
    const groups = contentGroups(index, folded);
    const ranked = rank(index, folded, groups, NO_INTENT, weights);
    const best = ranked[0];
    if (!best) return outOfScope(t.label[lang], lang);
    const quote = bestSentences(best.entry, groups, NO_INTENT, OVERVIEW_SENTENCES, hanRuns(folded.text));
    return compose({ query: t.label[lang], lang, ranked, quote, intent: NO_INTENT, folded: folded.text, now: now(), heading: overviewHeading(lang, t.label[lang]) });
  }

  function explain(question: string): Explanation {
    const cleaned = spelled(cleanQuestion(question));
    const { folded, intent, groups } = analyse(cleaned);
    const ranked = rank(index, folded, groups, intent, weights);
    const decision = decide({ question: cleaned, folded: folded.text, groups, intent, ranked, minCoverage, year: now().getFullYear(), unknownWeight: unknown });
    return {
      folded,
      intent: intent.kind,
      groups,
      candidates: ranked.slice(0, 10).map((r) => ({
        sectionId: r.entry.section.id,
        section: r.entry.section.headingPath.join(' › '),
        bm25: r.bm25,
        coverage: r.coverage,
        anchored: r.anchored,
        focus: r.focus,
        score: r.score,
      })),
      counted: intent.kind === 'count' ? Object.values(countedGroups(cleaned, folded.text, groups)).flat().filter((g) => g !== undefined).map((g) => g.alternatives.join('/')) : [],
      unsupported: ranked[0] ? unsupportedFact(cleaned, folded.text, ranked[0].entry) : undefined,
      declined: decision.answer ? undefined : decision.reason,
    };
  }

  return { ask, overview, explain };
}
