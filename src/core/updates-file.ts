/** Reading `knowledge/updates.yaml` (see updates.ts), each broken entry a warning with file and line. */
import { z } from 'zod';
import type { KnowledgeWarning } from './knowledge/types.js';
import { parseYamlList } from './knowledge/yaml-list.js';
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
  const { entries, warnings } = parseYamlList(text, file, updateSchema, 'update');
  return { updates: entries.map((u) => ({ ...u, triggers: u.triggers.map(toSimplified) })), warnings };
}
