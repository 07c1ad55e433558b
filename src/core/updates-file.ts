/** Reading `knowledge/updates.yaml` (see updates.ts), each broken entry a warning with file and line. */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { KnowledgeWarning } from './knowledge/types.js';
import { toSimplified } from './text/script.js';
import type { KnowledgeUpdate } from './updates.js';

export const UPDATES_FILE = 'updates.yaml';

const updateSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id must be lowercase-with-dashes'),
  written: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'written must be a date YYYY-MM-DD'),
  source: z.union([
    z.string().min(1),
    z.object({ 'zh-Hant': z.string().min(1), 'zh-Hans': z.string().min(1), en: z.string().min(1) }),
  ]),
  triggers: z.array(z.string().min(1)).min(1),
  note: z.object({ 'zh-Hant': z.string().min(1), 'zh-Hans': z.string().min(1), en: z.string().min(1) }),
});

/** Parses the updates file; a broken entry becomes a warning naming file and line, the rest load. */
export function parseUpdates(text: string, file = UPDATES_FILE): { updates: KnowledgeUpdate[]; warnings: KnowledgeWarning[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const warnings: KnowledgeWarning[] = [];
  for (const error of doc.errors) {
    warnings.push({ file, line: lineCounter.linePos(error.pos[0]).line, message: error.message.split('\n')[0]! });
  }
  if (doc.errors.length) return { updates: [], warnings };
  const items = doc.contents && 'items' in doc.contents ? doc.contents.items : [];
  const data: unknown = doc.toJS();
  if (data == null) return { updates: [], warnings };
  if (!Array.isArray(data)) return { updates: [], warnings: [{ file, line: 1, message: 'expected a list of updates' }] };
  const updates: KnowledgeUpdate[] = [];
  const seen = new Set<string>();
  data.forEach((entry, index) => {
    const node = items[index] as { range?: [number, number, number] } | undefined;
    const line = node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    const parsed = updateSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      warnings.push({ file, line, message: `update ${index + 1}: ${issue.path.join('.') || 'entry'}: ${issue.message}` });
      return;
    }
    if (seen.has(parsed.data.id)) {
      warnings.push({ file, line, message: `update ${index + 1}: duplicate id "${parsed.data.id}"` });
      return;
    }
    seen.add(parsed.data.id);
    updates.push({ ...parsed.data, triggers: parsed.data.triggers.map(toSimplified) });
  });
  return { updates, warnings };
}
