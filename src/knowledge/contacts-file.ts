/** Reads `contacts.yaml` from the knowledge directory (optional: without it, declines name no contact). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTACTS_FILE, parseContacts, type Contact } from '../core/contacts-file.js';
import type { KnowledgeWarning } from '../core/knowledge/types.js';

export function readContactsFile(dir: string): { contacts: Contact[]; warnings: KnowledgeWarning[] } {
  const path = join(dir, CONTACTS_FILE);
  if (!existsSync(path)) return { contacts: [], warnings: [] };
  try {
    return parseContacts(readFileSync(path, 'utf8'), CONTACTS_FILE);
  } catch (error) {
    return { contacts: [], warnings: [{ file: CONTACTS_FILE, message: `cannot read: ${(error as Error).message}` }] };
  }
}
