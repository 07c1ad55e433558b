/** Where the knowledge lives, without loading anything (the cold start of `ipbot ask` imports only what it needs). */
import { fileURLToPath } from 'node:url';

/** `knowledge/` of the package, found from this file whether it runs from src/ or dist/. */
export const PACKAGE_KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url)).replace(/[\\/]$/, '');

/** The knowledge directory does not exist: nothing can be answered (a problem inside it is only a warning). */
export class KnowledgeDirectoryError extends Error {}
