/** Word (.docx) to document blocks through mammoth, which maps Word's heading styles to h1–h6. */
import mammoth from 'mammoth';
import type { ImportBlock } from '../core/knowledge/import-text.js';
import { blocksFromHtml } from './html.js';

/** Word's Title and Subtitle styles are headings too (mammoth leaves them as paragraphs by default). */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh"];

/** The blocks, and mammoth's errors (content it could not read); style warnings are left out. */
export async function readWordFile(bytes: Buffer): Promise<{ blocks: ImportBlock[]; notes: string[] }> {
  const result = await mammoth.convertToHtml({ buffer: bytes }, { styleMap: STYLE_MAP });
  return { blocks: blocksFromHtml(result.value), notes: result.messages.filter((m) => m.type === 'error').map((m) => m.message) };
}
