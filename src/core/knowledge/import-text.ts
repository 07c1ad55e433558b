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
  let header: string[] | undefined;
  blocks.forEach((block, i) => {
    if (block.kind !== 'row') header = undefined;
    if (block.kind === 'heading') {
      const text = cleanImportedText(block.text);
      if (text) lines.push(`${'#'.repeat(Math.min(levels.indexOf(block.level) + 1, 3))} ${text}`);
    } else if (block.kind === 'paragraph') {
      const text = cleanImportedText(block.text);
      if (text) lines.push(PARAGRAPH_INDENT + text);
    } else {
      const cells = rowCells(block.cells);
      if (!cells.length) return;
      if (header && cells.length === header.length) {
        lines.push(PARAGRAPH_INDENT + cells.map((cell, k) => (k > 0 && header![k] ? `${header![k]}：${cell}` : cell)).join(CELL_SEPARATOR));
        return;
      }
      lines.push(PARAGRAPH_INDENT + cells.join(CELL_SEPARATOR));
      header = isHeaderRow(cells, blocks.slice(i + 1)) ? cells : undefined;
    }
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function rowCells(cells: readonly string[]): string[] {
  // A separator inside a cell would read as a column break.
  return cells.map((c) => cleanImportedText(c).replaceAll(CELL_SEPARATOR, '|')).filter(Boolean);
}

const NUMBER = /^[-+≥≤<>约約]?\d[\d,.]*%?$/;

/**
 * A table's first row names its columns when none of its cells is a number and the next row, of the
 * same width, holds one. The rows below then carry their column names ("2025年：12.6"): a quoted row
 * must say which figure is which, as the passage is shown without the table around it.
 */
function isHeaderRow(cells: readonly string[], rest: readonly ImportBlock[]): boolean {
  const next = rest[0];
  if (next?.kind !== 'row' || cells.some((c) => NUMBER.test(c))) return false;
  const nextCells = rowCells(next.cells);
  return nextCells.length === cells.length && nextCells.some((c) => NUMBER.test(c));
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
