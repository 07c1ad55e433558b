/**
 * The text `ipbot import` writes: a document's structure (headings, paragraphs, table rows) as plain
 * UTF-8 in the form the loader (parse.ts) splits without guessing, with extraction artefacts repaired
 * once, at import, instead of by load-time rules fitted to one file. No I/O here.
 *
 * Written form, one block per line:
 * - a paragraph (or list item) is one line opening with two ideographic spaces, the Chinese paragraph
 *   indent the loader takes as a paragraph start;
 * - a heading is a line marked with its rank, "# ", "## " or "### " (the source's heading levels in
 *   order, deeper ones as ###), so the loader nests sections as the source does;
 * - a table row is an indented line whose cells are separated by "｜": never a space between two
 *   numbers, which the loader's decimal repair for the shipped plan would read as a lost point.
 */
import { chinesePunctuation, collapseChineseSpaces, joinBrokenLines, looksLikeHeading, normaliseCharacters } from '../text/normalise.js';

export type ImportBlock =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'row'; cells: string[] };

export const PARAGRAPH_INDENT = '\u3000\u3000';
export const CELL_SEPARATOR = '｜';

/**
 * Character-level repairs of extracted text: the Yi syllables some PDFs use for Chinese punctuation
 * (ꎬ ꎮ ꎻ) and « », full-width digits and letters, control and zero-width characters, spaces and line
 * breaks inside Chinese text, ASCII punctuation inside Chinese text. A decimal point is never touched.
 */
export function cleanImportedText(s: string): string {
  const withoutControls = s.replace(/[\u0000-\u0008\u000B-\u001F\u007F\u00AD\u200B-\u200F\u2028\u2029\uFEFF]/g, ' ');
  const oneLine = normaliseCharacters(withoutControls).replace(/[\n\r\t]+/g, ' ');
  return chinesePunctuation(collapseChineseSpaces(oneLine));
}

/** The blocks as the knowledge text file; empty blocks are dropped, consecutive duplicates kept. */
export function renderDocumentText(blocks: readonly ImportBlock[]): string {
  const levels = [...new Set(blocks.flatMap((b) => (b.kind === 'heading' ? [b.level] : [])))].sort((a, b) => a - b);
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      const text = cleanImportedText(block.text);
      if (text) lines.push(`${'#'.repeat(Math.min(levels.indexOf(block.level) + 1, 3))} ${text}`);
    } else if (block.kind === 'paragraph') {
      const text = cleanImportedText(block.text);
      if (text) lines.push(PARAGRAPH_INDENT + text);
    } else {
      // A separator inside a cell would read as a column break.
      const cells = block.cells.map((c) => cleanImportedText(c).replaceAll(CELL_SEPARATOR, '|')).filter(Boolean);
      if (cells.length) lines.push(PARAGRAPH_INDENT + cells.join(CELL_SEPARATOR));
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/**
 * Plain text as blocks: paragraphs are separated by blank lines when the text has any (lines inside
 * one are a wrapped paragraph), otherwise each line is one; `#` lines and the loader's numbering
 * forms are headings.
 */
export function blocksFromPlainText(text: string): ImportBlock[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const hasBlankLines = lines.some((l, i) => !l.trim() && i > 0 && i < lines.length - 1);
  const blocks: ImportBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: joinBrokenLines(paragraph) });
    paragraph = [];
  };
  for (const raw of lines) {
    const line = raw.trim();
    const markdownHeading = /^(#{1,6})\s+(.+)$/.exec(line);
    if (!line) flush();
    else if (markdownHeading) {
      flush();
      blocks.push({ kind: 'heading', level: markdownHeading[1]!.length, text: markdownHeading[2]! });
    } else if (looksLikeHeading(line)) {
      flush();
      blocks.push({ kind: 'heading', level: 2, text: line });
    } else {
      paragraph.push(line);
      if (!hasBlankLines) flush();
    }
  }
  flush();
  return blocks;
}
