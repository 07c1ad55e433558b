/**
 * Reading `knowledge/glossary.yaml`: colloquial forms, programme terms, the everyday English lexicon and English
 * stopwords, each problem a warning with file and line. Kept apart from folding, which needs no YAML parser.
 */
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Node as YamlNode } from 'yaml';
import type { KnowledgeWarning } from '../knowledge/types.js';
import { EMPTY_GLOSSARY, type Glossary, type GlossaryTerm } from './fold.js';
import { toSimplified } from './script.js';

export function parseGlossary(source: string, file: string): { glossary: Glossary; warnings: KnowledgeWarning[] } {
  const warnings: KnowledgeWarning[] = [];
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, uniqueKeys: false });
  const lineOf = (node: YamlNode | null | undefined): number | undefined =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const warn = (node: YamlNode | null | undefined, message: string) => {
    const line = lineOf(node);
    warnings.push(line === undefined ? { file, message } : { file, line, message });
  };
  for (const error of doc.errors) {
    warnings.push({ file, line: lineCounter.linePos(error.pos[0]).line, message: error.message.split('\n')[0] ?? 'YAML error' });
  }
  if (doc.errors.length > 0 && !isMap(doc.contents)) return { glossary: EMPTY_GLOSSARY, warnings };
  if (!isMap(doc.contents)) {
    warn(doc.contents, 'the glossary must be a mapping with `colloquial`, `terms` and `english_stopwords`');
    return { glossary: EMPTY_GLOSSARY, warnings };
  }

  const colloquial = new Map<string, string>();
  const terms: GlossaryTerm[] = [];
  const englishStopwords = new Set<string>();
  const lexicon: GlossaryTerm[] = [];

  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as YamlNode | null;
    if (key === 'colloquial') {
      if (!isMap(value)) {
        warn(value ?? (pair.key as YamlNode), '`colloquial` must map colloquial forms to standard forms');
        continue;
      }
      for (const item of value.items) {
        const from = isScalar(item.key) ? String(item.key.value ?? '').trim() : '';
        const to = isScalar(item.value) ? String(item.value.value ?? '').trim() : undefined;
        if (!from || to === undefined) {
          warn((item.key as YamlNode) ?? value, `colloquial entry needs a form and a standard form (got "${from}")`);
          continue;
        }
        colloquial.set(from, to);
        const simplified = toSimplified(from);
        // A single Traditional character can share its Simplified form with an ordinary word (係 → 系).
        if (from.length >= 2 && simplified !== from && !colloquial.has(simplified)) colloquial.set(simplified, to);
      }
    } else if (key === 'terms') {
      if (!isSeq(value)) {
        warn(value ?? (pair.key as YamlNode), '`terms` must be a list of {ask, search} entries');
        continue;
      }
      for (const entry of value.items as YamlNode[]) {
        const ask = isMap(entry) ? stringList(entry.get('ask', true) as YamlNode | undefined) : undefined;
        const search = isMap(entry) ? stringList(entry.get('search', true) as YamlNode | undefined) : undefined;
        if (!ask || !search || ask.length === 0 || search.length === 0) {
          warn(entry, 'each term needs `ask: [...]` and `search: [...]`, both non-empty lists of text');
          continue;
        }
        const general = isMap(entry) && entry.get('general') === true;
        const name = isMap(entry) ? entry.get('name') : undefined;
        terms.push({
          ask,
          // Passages are matched folded to lower case: CEPA and GDP as the documents print them are cepa and gdp.
          search: unique(search.map((s) => toSimplified(s).toLowerCase())),
          ...(general ? { general } : {}),
          ...(typeof name === 'string' && name.trim() ? { name: name.trim() } : {}),
        });
      }
    } else if (key === 'lexicon') {
      // `english word: 中文|中文` — compact, because the lexicon is long; an empty value makes a stopword.
      if (!isMap(value)) {
        warn(value ?? (pair.key as YamlNode), '`lexicon` must map English words to Chinese equivalents (a|b|c)');
        continue;
      }
      for (const item of value.items) {
        const word = isScalar(item.key) ? String(item.key.value ?? '').trim().toLowerCase() : '';
        const raw = isScalar(item.value) ? String(item.value.value ?? '').trim() : undefined;
        if (!word || raw === undefined || /\p{Script=Han}/u.test(word)) {
          warn((item.key as YamlNode) ?? value, `lexicon entry needs an English word and its Chinese equivalents (got "${word}")`);
          continue;
        }
        const search = unique(raw.split('|').map((w) => toSimplified(w.trim())).filter(Boolean));
        if (search.length === 0) englishStopwords.add(word);
        else lexicon.push({ ask: [word], search, lexicon: true });
      }
    } else if (key === 'english_stopwords') {
      const words = stringList(value ?? undefined);
      if (!words) {
        warn(value ?? (pair.key as YamlNode), '`english_stopwords` must be a list of words');
        continue;
      }
      for (const w of words) englishStopwords.add(w.toLowerCase());
    } else {
      warn(pair.key as YamlNode, `unknown glossary section "${key}" (expected colloquial, terms, lexicon, english_stopwords)`);
    }
  }

  const colloquialPairs = [...colloquial.entries()].sort((a, b) => b[0].length - a[0].length);
  // Lexicon entries come last: a programme's own glossary entry wins over the everyday word ("award", "plan").
  const known = new Set(terms.flatMap((t) => t.ask.map((a) => a.toLowerCase())));
  const everyday = lexicon.filter((t) => !known.has(t.ask[0] as string) && !englishStopwords.has(t.ask[0] as string));
  return { glossary: { colloquial: colloquialPairs, terms: [...terms, ...everyday], englishStopwords }, warnings };
}

function stringList(node: YamlNode | undefined | null): string[] | undefined {
  if (!node) return undefined;
  if (isScalar(node)) {
    const v = String(node.value ?? '').trim();
    return v ? [v] : [];
  }
  if (!isSeq(node)) return undefined;
  const out: string[] = [];
  for (const item of node.items) {
    if (!isScalar(item)) return undefined;
    const v = String(item.value ?? '').trim();
    if (v) out.push(v);
  }
  return out;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
