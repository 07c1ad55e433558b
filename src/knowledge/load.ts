/**
 * Loads the knowledge base from disk: `catalogue.yaml` plus the text files it lists.
 * Bad content never throws: each problem becomes a KnowledgeWarning naming the file (and line)
 * and everything else still loads. Only a missing directory is an exception.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument as parseYaml, type Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { TOPIC_IDS } from '../core/types.js';
import { parseDocument } from '../core/knowledge/parse.js';
import { KnowledgeDirectoryError } from './paths.js';
import type { DocumentMeta, KnowledgeBase, KnowledgeWarning, Section } from '../core/knowledge/types.js';

export const CATALOGUE_FILE = 'catalogue.yaml';

const documentSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id must be lowercase letters, digits and dashes'),
  file: z.string().min(1),
  title: z.string().min(1),
  titleEn: z.string().min(1),
  shortTitle: z.string().min(1).optional(),
  issuers: z.array(z.string().min(1)).min(1),
  date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'date must be YYYY-MM-DD or YYYY-MM'),
  script: z.enum(['zh-Hant', 'zh-Hans']),
  kind: z.enum(['agreement', 'progress-report', 'press-release', 'plan', 'note']),
  description: z.string().min(1),
  topics: z.array(z.enum(TOPIC_IDS)).optional(),
  provenance: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
});

export { KnowledgeDirectoryError };

export function loadKnowledge(dir: string): KnowledgeBase {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new KnowledgeDirectoryError(`knowledge directory not found: ${root} (set KNOWLEDGE_DIR or pass --dir)`);
  }
  const warnings: KnowledgeWarning[] = [];
  const documents: DocumentMeta[] = [];
  const sections: Section[] = [];

  const { entries, mentionedFiles } = readCatalogue(root, warnings);
  const seenIds = new Map<string, number | undefined>();
  const listedFiles = new Set<string>(mentionedFiles.map((f) => resolve(root, f)));
  for (const { meta, line } of entries) {
    const where = { file: CATALOGUE_FILE, ...(line !== undefined ? { line } : {}) };
    if (seenIds.has(meta.id)) {
      const first = seenIds.get(meta.id);
      warnings.push({ ...where, message: `duplicate document id '${meta.id}'${first ? ` (first used on line ${first})` : ''}; entry skipped` });
      continue;
    }
    seenIds.set(meta.id, line);
    const path = resolve(root, meta.file);
    listedFiles.add(path);
    if (!isInside(root, path)) {
      warnings.push({ ...where, message: `document '${meta.id}': file ${meta.file} is outside the knowledge directory; entry skipped` });
      continue;
    }
    const text = readText(path, meta.file, warnings, where, meta.id);
    if (text === undefined) continue;
    const parsed = parseDocument(meta, text);
    warnings.push(...parsed.warnings);
    if (!parsed.sections.length) continue;
    documents.push(meta);
    sections.push(...parsed.sections);
  }
  warnUnlistedFiles(root, listedFiles, warnings);
  return { documents, sections, warnings };
}

interface CatalogueEntry {
  meta: DocumentMeta;
  line?: number;
}

interface Catalogue {
  entries: CatalogueEntry[];
  /** Files named by any entry, valid or not, so they are not also reported as unlisted. */
  mentionedFiles: string[];
}

function readCatalogue(root: string, warnings: KnowledgeWarning[]): Catalogue {
  const path = join(root, CATALOGUE_FILE);
  if (!existsSync(path)) {
    warnings.push({ file: CATALOGUE_FILE, message: 'catalogue not found: no documents loaded' });
    return { entries: [], mentionedFiles: [] };
  }
  const text = readText(path, CATALOGUE_FILE, warnings, { file: CATALOGUE_FILE }, 'catalogue');
  if (text === undefined) return { entries: [], mentionedFiles: [] };
  const mentionedFiles = [...text.matchAll(/^\s*-?\s*file:\s*["']?([^"'#\n]+?)["']?\s*(#.*)?$/gm)].map((m) => m[1]!);

  const whole = parseCatalogueText(text, 0);
  if (!whole.errors.length) return { entries: validateEntries(whole.items, warnings), mentionedFiles };
  if (!whole.syntaxError) {
    warnings.push(...whole.errors);
    return { entries: [], mentionedFiles };
  }

  // A syntax error: report it, then parse each top-level entry on its own so the others still load.
  const entries: CatalogueEntry[] = [];
  const lines = text.split('\n');
  const starts = lines.flatMap((l, i) => (/^\s{0,4}-\s/.test(l) && !/^\s{0,4}-\s*#/.test(l) ? [i] : []));
  if (!starts.length) {
    warnings.push(...whole.errors);
    return { entries: [], mentionedFiles };
  }
  const headerLines = lines.slice(0, starts[0]);
  if (!/^documents:\s*(#.*)?$/m.test(headerLines.join('\n'))) warnings.push(...whole.errors);
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k]!;
    const to = starts[k + 1] ?? lines.length;
    const chunk = `documents:\n${lines.slice(from, to).join('\n')}\n`;
    const parsed = parseCatalogueText(chunk, from - 1);
    // One error per entry is enough: the parser's follow-on errors only repeat it.
    const first = parsed.errors[0];
    if (first) warnings.push({ ...first, message: `${first.message} (in the entry starting on line ${from + 1})` });
    if (!parsed.errors.length) entries.push(...validateEntries(parsed.items, warnings));
  }
  return { entries, mentionedFiles };
}

interface RawItem {
  value: unknown;
  line?: number;
  /** Line of each field, for pointing at the offending one. */
  fieldLines: Map<string, number>;
}

function parseCatalogueText(text: string, lineOffset: number): { items: RawItem[]; errors: KnowledgeWarning[]; syntaxError?: boolean } {
  const lineCounter = new LineCounter();
  const doc = parseYaml(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lineCounter.linePos(offset).line + lineOffset;
  const errors: KnowledgeWarning[] = doc.errors.map((e) => {
    const line = lineAt(e.pos[0]);
    return { file: CATALOGUE_FILE, ...(line !== undefined ? { line } : {}), message: `YAML syntax error: ${firstLine(e.message)}` };
  });
  if (errors.length) return { items: [], errors, syntaxError: true };
  const list = isMap(doc.contents) ? doc.contents.get('documents', true) : undefined;
  if (!isSeq(list)) {
    return { items: [], errors: [{ file: CATALOGUE_FILE, line: 1 + lineOffset, message: "expected a top-level 'documents:' list" }] };
  }
  const items = list.items.map((node): RawItem => {
    const yamlNode = node as YamlNode;
    const fieldLines = new Map<string, number>();
    if (isMap(yamlNode)) {
      for (const pair of yamlNode.items) {
        const key = (pair.key as { value?: unknown } | null)?.value;
        const keyRange = (pair.key as YamlNode | null)?.range;
        const line = lineAt(keyRange?.[0]);
        if (typeof key === 'string' && line !== undefined) fieldLines.set(key, line);
      }
    }
    const line = lineAt(yamlNode.range?.[0]);
    return { value: yamlNode.toJSON(), ...(line !== undefined ? { line } : {}), fieldLines };
  });
  return { items, errors: [] };
}

function validateEntries(items: RawItem[], warnings: KnowledgeWarning[]): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  for (const item of items) {
    const result = documentSchema.safeParse(item.value);
    const id = typeof (item.value as { id?: unknown } | null)?.id === 'string' ? (item.value as { id: string }).id : undefined;
    if (!result.success) {
      const name = `document ${id ? `'${id}'` : 'entry'}`;
      const at = (line: number | undefined) => ({ file: CATALOGUE_FILE, ...(line !== undefined ? { line } : {}) });
      const missing: string[] = [];
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (field && issue.path.length === 1 && !item.fieldLines.has(field)) {
          missing.push(`'${field}'`);
          continue;
        }
        const what = field ? `field '${issue.path.join('.')}'` : 'entry';
        warnings.push({ ...at(item.fieldLines.get(field) ?? item.line), message: `${name}: ${what}: ${issue.message}; entry skipped` });
      }
      if (missing.length) {
        const fields = missing.length === 1 ? `field ${missing[0]}` : `fields ${missing.join(', ')}`;
        warnings.push({ ...at(item.line), message: `${name}: missing ${fields}; entry skipped` });
      }
      continue;
    }
    const meta = result.data as DocumentMeta;
    entries.push({ meta, ...(item.line !== undefined ? { line: item.line } : {}) });
  }
  return entries;
}

/** Reads a UTF-8 text file; a missing, unreadable, empty or non-UTF-8 file becomes a warning. */
function readText(
  path: string,
  name: string,
  warnings: KnowledgeWarning[],
  where: { file: string; line?: number },
  what: string,
): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : `cannot read (${code ?? String(error)})`;
    warnings.push({ ...where, message: `${what}: ${name}: ${reason}` });
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8Offset(bytes);
    const line = bytes.subarray(0, bad).toString('latin1').split('\n').length;
    warnings.push({ file: name, line, message: `not valid UTF-8 (first bad byte at offset ${bad}); save the file as UTF-8` });
    return undefined;
  }
  if (!text.replace(/^\uFEFF/, '').trim()) {
    warnings.push({ file: name, message: 'file is empty' });
    return undefined;
  }
  return text.replace(/^\uFEFF/, '');
}

function firstInvalidUtf8Offset(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  const valid = (n: number): boolean => {
    try {
      // A fresh decoder each time: `stream` keeps an incomplete trailing sequence pending.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (valid(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Text files in `docs/` that no catalogue entry lists are probably a forgotten entry. */
function warnUnlistedFiles(root: string, listed: ReadonlySet<string>, warnings: KnowledgeWarning[]): void {
  const docsDir = join(root, 'docs');
  if (!existsSync(docsDir) || !statSync(docsDir).isDirectory()) return;
  for (const name of readdirSync(docsDir).sort()) {
    const path = join(docsDir, name);
    if (!/\.(txt|md)$/i.test(name) || listed.has(path)) continue;
    warnings.push({ file: relative(root, path).split(sep).join('/'), message: `not listed in ${CATALOGUE_FILE}; not loaded` });
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return !!rel && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}
