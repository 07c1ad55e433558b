/**
 * `ipbot import` without the command line: reads a PDF, Word, HTML or text file, writes its cleaned
 * text to `docs/<id>.txt` and its entry to `catalogue.yaml`, and checks the result the way the bot
 * will load it. Every step happens first in a scratch copy of the catalogue and docs, so a dry run and
 * a real run report exactly the same, and the knowledge directory is only written once all is known.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { catalogueEntries, upsertCatalogueEntry, type CatalogueEntryFields } from '../core/knowledge/catalogue-edit.js';
import {
  guessDate,
  guessDescription,
  guessId,
  guessIssuers,
  guessKind,
  guessScript,
  guessTitle,
  guessTopics,
  suspiciousFigures,
  type FigureIssue,
  type Guess,
  type SourceMetadata,
} from '../core/knowledge/import-guess.js';
import { blocksFromPlainText, renderDocumentText, type ImportBlock } from '../core/knowledge/import-text.js';
import { CATALOGUE_FILE, loadKnowledge } from '../knowledge/load.js';
import type { DocumentKind, KnowledgeWarning, Section } from '../core/knowledge/types.js';

export type SourceFormat = 'pdf' | 'docx' | 'html' | 'text';

export interface ImportOptions {
  /** The knowledge directory (catalogue.yaml and docs/). */
  dir: string;
  id?: string;
  title?: string;
  titleEn?: string;
  date?: string;
  kind?: DocumentKind;
  topics?: string[];
  dryRun?: boolean;
}

/** How one catalogue field got its value: given on the command line, kept from the catalogue, or guessed. */
export interface FieldDecision {
  field: string;
  value: string;
  from: string;
  /** Staff should look: a guess that may well be wrong, or a kept value the new text contradicts. */
  check?: string;
}

export interface ImportReport {
  source: string;
  format: SourceFormat;
  pages?: number;
  id: string;
  /** The text file, relative to the knowledge directory. */
  file: string;
  fields: FieldDecision[];
  text: string;
  textAction: 'added' | 'updated' | 'unchanged';
  catalogueAction: 'added' | 'updated' | 'unchanged';
  /** The document as the bot will load it. */
  sections: Section[];
  warnings: KnowledgeWarning[];
  figures: FigureIssue[];
  /** Notes from the converter (e.g. a Word feature mammoth could not read). */
  notes: string[];
  /** False after a dry run, when nothing changed, and when the document has warnings (it would not load). */
  written: boolean;
}

export class ImportError extends Error {}

interface SourceContent {
  format: SourceFormat;
  blocks: ImportBlock[];
  metadata: SourceMetadata;
  pages?: number;
  notes: string[];
}

/** Reads a source file into blocks; the format comes from its first bytes, then its extension. */
export async function readSource(path: string): Promise<SourceContent> {
  if (!existsSync(path) || !statSync(path).isFile()) throw new ImportError(`${path}: no such file`);
  const bytes = readFileSync(path);
  if (!bytes.length) throw new ImportError(`${path}: the file is empty`);
  const ext = extname(path).toLowerCase();
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-' || ext === '.pdf') {
    const { readPdf } = await import('./pdf.js');
    try {
      const pdf = await readPdf(bytes);
      return { format: 'pdf', blocks: pdf.blocks, metadata: pdf.metadata, pages: pdf.pages, notes: [] };
    } catch (error) {
      throw new ImportError(`${path}: cannot read the PDF (${(error as Error).message})`);
    }
  }
  if (ext === '.docx' || (bytes.subarray(0, 2).toString('latin1') === 'PK' && !ext)) {
    const { readWordFile } = await import('./docx.js');
    try {
      const word = await readWordFile(bytes);
      return { format: 'docx', blocks: word.blocks, metadata: {}, notes: word.notes };
    } catch (error) {
      throw new ImportError(`${path}: cannot read the Word file (${(error as Error).message}); only .docx is supported, save a .doc as .docx`);
    }
  }
  const text = decodeUtf8(bytes, path);
  if (ext === '.html' || ext === '.htm' || /^\s*(<!doctype html|<html)/i.test(text)) {
    const { readWebPage } = await import('./html.js');
    const page = readWebPage(text);
    return { format: 'html', blocks: page.blocks, metadata: page.metadata, notes: [] };
  }
  if (ext && !['.txt', '.text', '.md'].includes(ext)) {
    throw new ImportError(`${path}: unsupported file type "${ext}" (ipbot import reads .pdf, .docx, .html and .txt)`);
  }
  return { format: 'text', blocks: blocksFromPlainText(text), metadata: {}, notes: [] };
}

export async function importDocument(path: string, options: ImportOptions): Promise<ImportReport> {
  const root = resolve(options.dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new ImportError(`knowledge directory not found: ${root} (set KNOWLEDGE_DIR or pass --dir)`);
  const source = await readSource(path);
  const text = renderDocumentText(source.blocks);
  if (!text.trim()) {
    throw new ImportError(
      `${path}: no text found${source.format === 'pdf' ? ' (a scanned PDF has only images: ipbot import reads the text layer, so run OCR first)' : ''}`,
    );
  }

  const cataloguePath = join(root, CATALOGUE_FILE);
  const catalogueText = existsSync(cataloguePath) ? readFileSync(cataloguePath, 'utf8') : 'documents:\n';
  const entries = catalogueEntries(catalogueText);
  const sourceName = basename(path);
  const { fields, entry } = decideFields(source, text, sourceName, entries, options);
  const file = entry.file as string;

  const edit = upsertCatalogueEntry(catalogueText, entry);
  const textPath = resolve(root, file);
  if (!isInside(root, textPath)) throw new ImportError(`catalogue.yaml: document '${entry.id}': file ${file} is outside the knowledge directory`);
  const previousText = existsSync(textPath) ? readFileSync(textPath, 'utf8') : undefined;
  const textAction = previousText === undefined ? 'added' : previousText === text ? 'unchanged' : 'updated';

  const { sections, warnings } = checkInScratchCopy(root, file, text, edit.text, entry.id as string);
  const report: ImportReport = {
    source: path,
    format: source.format,
    ...(source.pages !== undefined ? { pages: source.pages } : {}),
    id: entry.id as string,
    file,
    fields,
    text,
    textAction,
    catalogueAction: edit.action,
    sections,
    warnings,
    figures: suspiciousFigures(text),
    notes: source.notes,
    written: false,
  };
  // A document the bot could not load is not written: the running service would refuse the reload.
  if (options.dryRun || warnings.length) return report;
  mkdirSync(dirname(textPath), { recursive: true });
  if (textAction !== 'unchanged') writeAtomically(textPath, text);
  if (edit.action !== 'unchanged') writeAtomically(cataloguePath, edit.text);
  return { ...report, written: textAction !== 'unchanged' || edit.action !== 'unchanged' };
}

/**
 * The catalogue entry: each field from the command line, else the catalogue's existing entry (staff
 * may have corrected it), else a guess from the document. The id is the one of the entry imported
 * from a file of the same name, so a new version replaces the old one.
 */
function decideFields(
  source: SourceContent,
  text: string,
  sourceName: string,
  entries: Array<Record<string, unknown>>,
  options: ImportOptions,
): { fields: FieldDecision[]; entry: CatalogueEntryFields } {
  const fields: FieldDecision[] = [];
  const previousImport = entries.find((e) => e.source === sourceName);
  const titleGuess = guessTitle(source.blocks, source.metadata);
  const dateGuess = guessDate(text, source.metadata);
  const kindGuess = guessKind(options.title ?? titleGuess?.value ?? '');

  const takenIds = new Set(entries.map((e) => String(e.id)));
  let id: string;
  if (options.id) {
    id = options.id;
    fields.push({ field: 'id', value: id, from: 'given' });
  } else if (previousImport) {
    id = String(previousImport.id);
    fields.push({ field: 'id', value: id, from: `the entry imported from ${sourceName} before` });
  } else {
    const guess = guessId(sourceName, options.kind ?? kindGuess.value, options.date ?? dateGuess?.value, takenIds);
    id = guess.value;
    fields.push({ field: 'id', value: id, from: `guessed from ${guess.from}` });
  }
  const existing = entries.find((e) => e.id === id);

  const decide = <T extends string | string[]>(field: string, given: T | undefined, guess: Guess<T> | undefined, fallback?: Guess<T>): T => {
    const kept = existing?.[field] as T | undefined;
    const show = (v: T): string => (Array.isArray(v) ? `[${v.join(', ')}]` : (v as string));
    if (given !== undefined) {
      fields.push({ field, value: show(given), from: 'given' });
      return given;
    }
    if (kept !== undefined && kept !== null) {
      const differs = guess && JSON.stringify(guess.value) !== JSON.stringify(kept);
      fields.push({
        field,
        value: show(kept),
        from: 'kept from the catalogue',
        ...(differs ? { check: `the new text suggests ${show(guess.value)} (${guess.from})` } : {}),
      });
      return kept;
    }
    const chosen = guess ?? fallback;
    if (!chosen) throw new ImportError(`cannot guess the ${field} of ${sourceName}: give it with --${field}`);
    fields.push({ field, value: show(chosen.value), from: `guessed from ${chosen.from}`, ...(guess ? {} : { check: 'not found: fill it in' }) });
    return chosen.value;
  };

  const title = decide('title', options.title, titleGuess);
  const script = decide('script', undefined, guessScript(text));
  const titleEnFallback: Guess<string> = { value: title, from: 'the title (no English title in the document)' };
  const titleEn = decide('titleEn', options.titleEn, /^[\x20-\x7E–—’]+$/.test(title) ? { value: title, from: 'the title' } : undefined, titleEnFallback);
  const unknownIssuer: Guess<string[]> = { value: [script === 'zh-Hans' ? '未注明' : '未註明'], from: 'nothing (no signature line or author)' };
  const issuers = decide('issuers', undefined, guessIssuers(source.blocks, source.metadata), unknownIssuer);
  const date = decide('date', options.date, dateGuess);
  const kind = decide('kind', options.kind, kindGuess);
  const description = decide('description', undefined, guessDescription(source.blocks), { value: title, from: 'the title' });
  const topics = decide('topics', options.topics, guessTopics(text));
  const file = typeof existing?.file === 'string' ? existing.file : `docs/${id}.txt`;
  // Field order as in the catalogue's own entries.
  return { fields, entry: { id, file, title, titleEn, issuers, date, script, kind, description, topics, source: sourceName } };
}

/**
 * Loads a scratch copy of the knowledge base with the new text and entry, exactly as `ipbot index`
 * and the bot do, and returns what concerns this document.
 */
function checkInScratchCopy(
  root: string,
  file: string,
  text: string,
  catalogue: string,
  id: string,
): { sections: Section[]; warnings: KnowledgeWarning[] } {
  const scratch = mkdtempSync(join(tmpdir(), 'ipbot-import-'));
  try {
    if (existsSync(join(root, 'docs'))) cpSync(join(root, 'docs'), join(scratch, 'docs'), { recursive: true });
    writeFileSync(join(scratch, CATALOGUE_FILE), catalogue);
    const target = join(scratch, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    const kb = loadKnowledge(scratch);
    const quoted = `'${id}'`;
    const warnings = kb.warnings.filter((w) => w.file === file || (w.file === CATALOGUE_FILE && w.message.includes(quoted)));
    if (!kb.documents.some((d) => d.id === id) && !warnings.length) {
      warnings.push({ file, message: 'the document did not load (see `ipbot index`)' });
    }
    return { sections: kb.sections.filter((s) => s.docId === id), warnings };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return !!rel && !rel.startsWith('..') && !isAbsolute(rel);
}

/** Write beside, then rename: the running service's watcher never sees half a file. */
function writeAtomically(path: string, content: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

function decodeUtf8(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new ImportError(`${path}: not valid UTF-8 text (save it as UTF-8, or import the original PDF or Word file)`);
  }
}
