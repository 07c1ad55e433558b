/**
 * Reading `knowledge/contacts.yaml` (see contacts.ts): each contact checked on its own, a broken one a warning
 * naming file and line; a contact without a source or date is not loaded.
 */
import { z } from 'zod';
import type { KnowledgeWarning } from './knowledge/types.js';
import { parseYamlList } from './knowledge/yaml-list.js';
import { TOPIC_IDS } from './types.js';

export const CONTACTS_FILE = 'contacts.yaml';

const localized = z.object({ 'zh-Hant': z.string().min(1), 'zh-Hans': z.string().min(1), en: z.string().min(1) });

const contactSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id must be lowercase-with-dashes'),
  name: localized,
  aliases: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
  regions: z.array(z.enum(['hk', 'mainland'])).min(1),
  topics: z.array(z.enum(TOPIC_IDS)).default([]),
  phone: z.union([z.string(), z.number()]).transform(String).optional(),
  hours: localized.optional(),
  url: z.string().regex(/^https:\/\/\S+$/, 'url must start with https://').optional(),
  note: localized.optional(),
  announces: z.array(z.enum(TOPIC_IDS)).default([]),
  source: z.string({ error: 'every contact needs a source (publisher, title, date)' }).min(1, 'every contact needs a source'),
  noted: z
    .string({ error: 'every contact needs the date it was noted (YYYY-MM-DD)' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'noted must be a date YYYY-MM-DD'),
});

export type Contact = z.infer<typeof contactSchema>;

/** Parses the contacts file; a broken entry becomes a warning naming file and line, the rest load. */
export function parseContacts(text: string, file = CONTACTS_FILE): { contacts: Contact[]; warnings: KnowledgeWarning[] } {
  const { entries, warnings } = parseYamlList(text, file, contactSchema, 'contact');
  return { contacts: entries, warnings };
}

