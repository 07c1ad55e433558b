/**
 * `ipbot index [--dir DIR] [--json]`: loads the knowledge base the way the bot does and reports
 * what it found — each document with its sections, and every problem as file:line. Exit code 0
 * when everything loaded cleanly, 1 when there is any warning, 2 for a usage error.
 */
import { readContactsFile } from '../knowledge/contacts-file.js';
import { parseKnowledgeArgs } from './knowledge-args.js';
import { KnowledgeDirectoryError, loadKnowledge } from '../knowledge/load.js';
import type { KnowledgeBase, KnowledgeWarning } from '../core/knowledge/types.js';

export interface IndexIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

const USAGE = 'Usage: ipbot index [--dir DIR] [--json]';

export async function runIndex(args: string[], io: IndexIo): Promise<number> {
  const parsed = parseKnowledgeArgs('index', args, USAGE, io, { words: false });
  if (typeof parsed === 'number') return parsed;
  const { json, dir } = parsed;

  let kb: KnowledgeBase;
  try {
    kb = loadKnowledge(dir);
  } catch (error) {
    if (error instanceof KnowledgeDirectoryError) {
      io.err(`ipbot index: ${error.message}`);
      return 1;
    }
    throw error;
  }

  // Contacts are checked here too: each needs a source and a date, and a broken one must not pass unseen.
  const { contacts, warnings: contactWarnings } = readContactsFile(dir);
  kb = { ...kb, warnings: [...kb.warnings, ...contactWarnings] };
  if (json) io.out(JSON.stringify({ ...summarise(kb, dir), contacts: contacts.length }, null, 2));
  else io.out(formatReport(kb, dir, contacts.length));
  return kb.warnings.length ? 1 : 0;
}

function summarise(kb: KnowledgeBase, dir: string) {
  return {
    dir,
    documents: kb.documents.map((d) => ({
      id: d.id,
      title: d.title,
      date: d.date,
      kind: d.kind,
      script: d.script,
      file: d.file,
      sections: kb.sections.filter((s) => s.docId === d.id).length,
    })),
    sections: kb.sections.length,
    warnings: kb.warnings.map((w) => ({ ...w, where: location(w) })),
  };
}

export function formatReport(kb: KnowledgeBase, dir: string, contacts = 0): string {
  const lines = [`Knowledge base: ${dir}`, ''];
  for (const doc of kb.documents) {
    const own = kb.sections.filter((s) => s.docId === doc.id);
    const longest = own.reduce((n, s) => Math.max(n, s.text.length), 0);
    lines.push(`${doc.id}  ${doc.date}  ${doc.kind}  ${doc.script}`);
    lines.push(`  ${doc.title}`);
    lines.push(`  ${doc.file}: ${own.length} sections (longest ${longest} characters)`);
  }
  if (!kb.documents.length) lines.push('(no documents loaded)');
  lines.push('');
  lines.push(`${kb.documents.length} documents, ${kb.sections.length} sections, ${contacts} contacts, ${kb.warnings.length} warnings`);
  for (const w of kb.warnings) lines.push(`  ${location(w)}: ${w.message}`);
  return lines.join('\n');
}

function location(w: KnowledgeWarning): string {
  return w.line !== undefined ? `${w.file}:${w.line}` : w.file;
}
