/**
 * A YAML file that is a list of entries with ids (`updates.yaml`, `contacts.yaml`): each entry is
 * validated on its own, so a broken one becomes a warning naming file and line and the rest load.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { KnowledgeWarning } from './types.js';

export function parseYamlList<T extends { id: string }>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  what: string,
): { entries: T[]; warnings: KnowledgeWarning[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const warnings: KnowledgeWarning[] = [];
  for (const error of doc.errors) {
    warnings.push({ file, line: lineCounter.linePos(error.pos[0]).line, message: error.message.split('\n')[0]! });
  }
  if (doc.errors.length) return { entries: [], warnings };
  const items = doc.contents && 'items' in doc.contents ? doc.contents.items : [];
  const data: unknown = doc.toJS();
  if (data == null) return { entries: [], warnings };
  if (!Array.isArray(data)) return { entries: [], warnings: [{ file, line: 1, message: `expected a list of ${what}s` }] };
  const entries: T[] = [];
  const seen = new Set<string>();
  data.forEach((entry, index) => {
    const node = items[index] as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    const parsed = schema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      warnings.push({ file, line, message: `${what} ${index + 1}: ${issue.path.join('.') || 'entry'}: ${issue.message}` });
      return;
    }
    if (seen.has(parsed.data.id)) {
      warnings.push({ file, line, message: `${what} ${index + 1}: duplicate id "${parsed.data.id}"` });
      return;
    }
    seen.add(parsed.data.id);
    entries.push(parsed.data);
  });
  return { entries, warnings };
}
