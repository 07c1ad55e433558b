/**
 * `ipbot import FILE… [--dir DIR] [--id ID] [--title T] [--title-en T] [--date YYYY-MM-DD] [--kind K]
 * [--topics a,b] [--dry-run] [--json]`: turns PDF, Word, web pages and text into knowledge documents.
 * Exit code 0 when every file imported cleanly, 1 when any has a warning or a figure to check or
 * could not be imported, 2 for a usage error.
 */
import type { DocumentKind } from '../core/knowledge/types.js';
import type { ImportReport } from '../import/import-document.js';
import { TOPIC_IDS } from '../core/types.js';
import type { CliIo } from './io.js';
import { defaultKnowledgeDir } from './knowledge-args.js';

const KINDS: readonly DocumentKind[] = ['agreement', 'progress-report', 'press-release', 'plan', 'note'];

const USAGE = `Usage: ipbot import FILE… [--dir DIR] [--id ID] [--title T] [--title-en T] [--date YYYY-MM-DD]
                    [--kind K] [--topics a,b] [--dry-run] [--json]
  FILE        a .pdf, .docx, .html (a saved web page) or .txt file
  --dir       knowledge directory (default: KNOWLEDGE_DIR, else the package's knowledge/)
  --id        catalogue id (default: the id it was imported under before, else from the file name)
  --title, --title-en, --date, --kind, --topics
              catalogue fields; what is not given is kept from the catalogue or guessed from the document
              kind: ${KINDS.join(' | ')}; topics: ${TOPIC_IDS.join(', ')}
  --dry-run   show the text, the entry and the checks without writing anything`;

interface ImportArgs {
  files: string[];
  dir: string;
  dryRun: boolean;
  json: boolean;
  fields: { id?: string; title?: string; titleEn?: string; date?: string; kind?: DocumentKind; topics?: string[] };
}

export async function runImport(args: string[], io: CliIo): Promise<number> {
  const parsed = parseImportArgs(args, io);
  if (typeof parsed === 'number') return parsed;
  const { importDocument, ImportError } = await import('../import/import-document.js');
  const { CatalogueEditError } = await import('../core/knowledge/catalogue-edit.js');
  let status = 0;
  const reports: ImportReport[] = [];
  for (const file of parsed.files) {
    try {
      const report = await importDocument(file, { dir: parsed.dir, dryRun: parsed.dryRun, ...parsed.fields });
      reports.push(report);
      if (!parsed.json) io.out(formatImport(report, parsed.dryRun));
      if (report.warnings.length || report.figures.length || !report.sections.length) status = 1;
    } catch (error) {
      if (!(error instanceof ImportError || error instanceof CatalogueEditError)) throw error;
      io.err(`ipbot import: ${error.message}`);
      status = 1;
    }
  }
  if (parsed.json) {
    io.out(
      JSON.stringify(
        reports.map((r) => ({ ...r, sections: r.sections.map((s) => ({ id: s.id, headingPath: s.headingPath, text: s.text })) })),
        null,
        2,
      ),
    );
  } else if (reports.length) {
    io.out(
      parsed.dryRun
        ? 'Dry run: nothing was written.'
        : 'Check the fields marked "check" in catalogue.yaml (or import again with --title, --date, …). A running ipbot reloads the knowledge base by itself (or send it SIGHUP).',
    );
  }
  return status;
}

function parseImportArgs(args: string[], io: Pick<CliIo, 'out' | 'err' | 'env'>): ImportArgs | number {
  const files: string[] = [];
  const fields: ImportArgs['fields'] = {};
  let dir: string | undefined;
  let dryRun = false;
  let json = false;
  const usageError = (message: string) => {
    io.err(`ipbot import: ${message}\n${USAGE}`);
    return 2;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--help' || flag === '-h') {
      io.out(USAGE);
      return 0;
    } else if (flag === '--dry-run') dryRun = true;
    else if (flag === '--json') json = true;
    else if (['--dir', '--id', '--title', '--title-en', '--date', '--kind', '--topics'].includes(flag)) {
      const v = value();
      if (v === undefined || v === '') return usageError(`${flag} needs a value`);
      if (flag === '--dir') dir = v;
      else if (flag === '--id') {
        if (!/^[a-z0-9][a-z0-9-]*$/.test(v)) return usageError(`--id must be lowercase letters, digits and dashes, got "${v}"`);
        fields.id = v;
      } else if (flag === '--title') fields.title = v;
      else if (flag === '--title-en') fields.titleEn = v;
      else if (flag === '--date') {
        if (!/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/.test(v)) return usageError(`--date must be YYYY-MM-DD or YYYY-MM, got "${v}"`);
        fields.date = v;
      } else if (flag === '--kind') {
        if (!KINDS.includes(v as DocumentKind)) return usageError(`--kind must be one of ${KINDS.join(', ')}, got "${v}"`);
        fields.kind = v as DocumentKind;
      } else {
        const topics = v.split(',').map((t) => t.trim()).filter(Boolean);
        const unknown = topics.filter((t) => !(TOPIC_IDS as readonly string[]).includes(t));
        if (unknown.length) return usageError(`unknown topic ${unknown.map((t) => `"${t}"`).join(', ')} (topics: ${TOPIC_IDS.join(', ')})`);
        fields.topics = topics;
      }
    } else if (arg.startsWith('--')) return usageError(`unknown option "${arg}"`);
    else files.push(arg);
  }
  if (!files.length) return usageError('no file given');
  if (files.length > 1 && (fields.id || fields.title || fields.titleEn || fields.date)) {
    return usageError('--id, --title, --title-en and --date name one document: import one file at a time with them');
  }
  return { files, dir: dir ?? defaultKnowledgeDir(io.env), dryRun, json, fields };
}

export function formatImport(report: ImportReport, dryRun: boolean): string {
  const what = report.format === 'pdf' ? `PDF, ${report.pages} page${report.pages === 1 ? '' : 's'}` : report.format === 'docx' ? 'Word' : report.format === 'html' ? 'web page' : 'text';
  // A document with warnings is not written (see importDocument).
  const held = dryRun || report.warnings.length > 0;
  const verb = (action: string) => (held && action !== 'unchanged' ? `would be ${action}` : action);
  const lines = [`${report.source} (${what}) → ${report.file}: text ${verb(report.textAction)}, catalogue entry ${verb(report.catalogueAction)}`];
  const width = Math.max(...report.fields.map((f) => f.field.length));
  for (const f of report.fields) {
    lines.push(`  ${f.field.padEnd(width)}  ${f.value}    (${f.from}${f.check ? `; check: ${f.check}` : ''})`);
  }
  lines.push(`  ${report.sections.length} sections:`);
  for (const s of report.sections) lines.push(`    #${s.id.split('#')[1]} ${s.headingPath.join(' › ')} (${s.text.length} characters): ${preview(s.text)}`);
  for (const note of report.notes) lines.push(`  note: ${note}`);
  if (!report.warnings.length && !report.figures.length) lines.push('  no warnings, no suspicious figures');
  for (const w of report.warnings) lines.push(`  warning: ${w.line !== undefined ? `${w.file}:${w.line}` : w.file}: ${w.message}`);
  for (const f of report.figures) lines.push(`  figure to check: ${report.file}:${f.line}: ${f.message}`);
  if (report.warnings.length && !dryRun) lines.push('  not written: the bot could not load this document as it is (fix the warnings above, or the source)');
  if (dryRun) lines.push(`  text of ${report.file}:`, ...report.text.trimEnd().split('\n').map((line, i) => `${String(i + 1).padStart(5)}  ${line}`));
  return lines.join('\n');
}

function preview(text: string): string {
  const flat = text.replace(/\n/g, ' / ');
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}
