/**
 * Rebuilds a PDF's lines, paragraphs, headings and table rows from the positions of its text items
 * (what pdf.js `getTextContent` gives), and drops page furniture (running headers, footers, page
 * numbers). Pure: the caller reads the PDF (src/import/pdf.ts).
 *
 * Why positions and not the text stream: a PDF stores glyph runs in drawing order, so the stream
 * alone breaks lines mid-word, loses where a paragraph or a table cell ends, and interleaves footers.
 */
import { looksLikeHeading } from '../text/normalise.js';
import type { ImportBlock } from './import-text.js';

/** One text run on a page; x, y in PDF units from the page's bottom-left, y at the baseline. */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size (the run's height). */
  size: number;
}

export interface PdfPage {
  items: PdfTextItem[];
}

export interface PdfLine {
  page: number;
  /** The line's text cells: one for running text, several for a table row. */
  cells: string[];
  x0: number;
  x1: number;
  y: number;
  size: number;
}

/** A gap wider than this many font sizes between two runs on a line separates table cells. */
const CELL_GAP_EM = 1.6;
/** A gap wider than this between two Latin or digit runs is a word space. */
const WORD_GAP_EM = 0.15;

/** Groups a page's runs into lines (top to bottom) and each line into cells (left to right). */
export function linesOfPage(page: PdfPage, pageIndex: number): PdfLine[] {
  // Spaces are decided from the gaps below; a PDF's own space runs only blur them.
  const items = page.items.filter((it) => it.str.trim().length > 0 && it.size > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: PdfTextItem[][] = [];
  for (const item of items) {
    const row = rows.find((r) => Math.abs(r[0]!.y - item.y) <= Math.max(r[0]!.size, item.size) * 0.45);
    if (row) row.push(item);
    else rows.push([item]);
  }
  const lines: PdfLine[] = [];
  for (const row of rows) {
    row.sort((a, b) => a.x - b.x);
    const size = median(row.map((it) => it.size));
    const cells: string[] = [''];
    let end: number | undefined;
    for (const item of row) {
      const gap = end === undefined ? 0 : item.x - end;
      const text = cells[cells.length - 1]!;
      if (end !== undefined && gap > CELL_GAP_EM * size) cells.push(item.str);
      else if (end !== undefined && gap > WORD_GAP_EM * size && /[A-Za-z0-9%)]$/.test(text) && /^[A-Za-z0-9(]/.test(item.str)) {
        cells[cells.length - 1] = `${text} ${item.str}`;
      } else cells[cells.length - 1] = text + item.str;
      end = Math.max(end ?? -Infinity, item.x + item.width);
    }
    const trimmed = cells.map((c) => c.replace(/\s+/g, ' ').trim()).filter(Boolean);
    if (!trimmed.length) continue;
    const visible = row;
    lines.push({
      page: pageIndex,
      cells: trimmed,
      x0: Math.min(...visible.map((it) => it.x)),
      x1: Math.max(...visible.map((it) => it.x + it.width)),
      y: row[0]!.y,
      size,
    });
  }
  return lines;
}

/** Page numbers as printed alone on a line: "3", "- 3 -", "—3—", "第3页", "3 / 12", "Page 3 of 12". */
export function isPageNumber(text: string): boolean {
  const t = text.replace(/\s+/g, ' ').trim();
  return (
    /^[-—–]?\s*\d{1,4}\s*[-—–]?$/.test(t) ||
    /^第\s*\d{1,4}\s*[页頁](\s*[，,]?\s*共\s*\d{1,4}\s*[页頁])?$/.test(t) ||
    /^\d{1,4}\s*[/／]\s*\d{1,4}$/.test(t) ||
    /^page\s+\d{1,4}(\s+of\s+\d{1,4})?$/i.test(t)
  );
}

/**
 * Drops running headers and footers: a page's first or last two lines when they are a page number,
 * or when the same line (numbers ignored) stands at the top or foot of at least two pages.
 */
export function dropPageFurniture(pages: readonly PdfLine[][]): PdfLine[][] {
  const key = (line: PdfLine) => line.cells.join(' ').replace(/\d+/g, '#').replace(/\s+/g, '');
  const edges = (lines: readonly PdfLine[]) => [...lines.slice(0, 2), ...lines.slice(-2)];
  const seen = new Map<string, number>();
  for (const lines of pages) for (const k of new Set(edges(lines).map(key))) seen.set(k, (seen.get(k) ?? 0) + 1);
  return pages.map((lines) => {
    const furniture = new Set(
      edges(lines).filter((line) => isPageNumber(line.cells.join(' ')) || (pages.length >= 2 && (seen.get(key(line)) ?? 0) >= 2)),
    );
    return lines.filter((line) => !furniture.has(line));
  });
}

/**
 * Lines → blocks. A line of several cells is a table row; a line in a larger font, or in one of the
 * numbering forms of headings, is a heading; other lines are joined into paragraphs, a paragraph
 * ending where the next line is indented, the line stops well short of the right margin, or a wide
 * vertical gap opens.
 */
export function blocksFromPdfLines(pages: readonly PdfLine[][]): ImportBlock[] {
  const all = pages.flat();
  if (!all.length) return [];
  const bodySize = dominant(all.filter((l) => l.cells.length === 1).map((l) => [round(l.size), l.cells[0]!.length] as const)) ?? all[0]!.size;
  const body = all.filter((l) => l.cells.length === 1 && Math.abs(l.size - bodySize) < 0.5);
  const left = dominant(body.map((l) => [round(l.x0), 1] as const)) ?? Math.min(...all.map((l) => l.x0));
  const right = percentile(body.map((l) => l.x1), 0.9) ?? Math.max(...all.map((l) => l.x1));
  const headingSizes = [...new Set(all.filter((l) => l.size > bodySize * 1.12).map((l) => round(l.size)))].sort((a, b) => b - a);

  const blocks: ImportBlock[] = [];
  let paragraph: string[] = [];
  let previous: PdfLine | undefined;
  const flush = () => {
    if (paragraph.length) blocks.push({ kind: 'paragraph', text: joinWrappedLines(paragraph) });
    paragraph = [];
  };
  for (const line of all) {
    // A title set with wide letter-spacing ("通　　知") is one word, not a row of one-letter cells.
    const spacedOut = line.cells.length >= 2 && line.cells.every((c) => [...c].length <= 2 && !/\d/.test(c));
    const text = line.cells.join(spacedOut ? '' : ' ');
    const samePage = previous?.page === line.page;
    if (line.cells.length >= 2 && !spacedOut) {
      flush();
      blocks.push({ kind: 'row', cells: line.cells });
    } else if (line.size > bodySize * 1.12 && text.length <= 60) {
      flush();
      const level = headingSizes.indexOf(round(line.size)) + 1;
      const last = blocks[blocks.length - 1];
      // A heading the PDF wrapped: the next line in the same size, close below.
      if (last?.kind === 'heading' && last.level === level && previous && samePage && previous.y - line.y < line.size * 1.8) {
        last.text += text;
      } else blocks.push({ kind: 'heading', level, text });
    } else if (looksLikeHeading(text) && text.length <= 45) {
      flush();
      blocks.push({ kind: 'heading', level: headingSizes.length + 1, text });
    } else {
      const indented = line.x0 > left + line.size * 0.8;
      const previousShort = previous !== undefined && previous.cells.length === 1 && previous.x1 < right - line.size * 2;
      const gap = previous !== undefined && samePage && previous.y - line.y > line.size * 2.2;
      if (indented || previousShort || gap || previous?.cells.length !== 1) flush();
      paragraph.push(text);
    }
    previous = line;
  }
  flush();
  return blocks;
}

/**
 * The lines of one paragraph. A wrapped line break is no space in Chinese, and not inside a number
 * either (a PDF may wrap "2025" as "20" / "25"); it is a space only between two Latin words.
 */
export function joinWrappedLines(lines: readonly string[]): string {
  let out = '';
  for (const line of lines) {
    if (out && /[A-Za-z]-$/.test(out) && /^[a-z]/.test(line)) out = out.slice(0, -1) + line;
    else out += out && /[A-Za-z,.;:!?)]$/.test(out) && /^[A-Za-z(]/.test(line) ? ` ${line}` : line;
  }
  return out;
}

/** The whole pipeline for a document's pages. */
export function blocksFromPdfPages(pages: readonly PdfPage[]): ImportBlock[] {
  return blocksFromPdfLines(dropPageFurniture(pages.map((page, i) => linesOfPage(page, i))));
}

function round(n: number): number {
  return Math.round(n * 2) / 2;
}

/** The value with the largest total weight. */
function dominant(pairs: ReadonlyArray<readonly [number, number]>): number | undefined {
  const totals = new Map<number, number>();
  for (const [value, weight] of pairs) totals.set(value, (totals.get(value) ?? 0) + weight);
  let best: number | undefined;
  let bestWeight = -1;
  for (const [value, weight] of totals) {
    if (weight > bestWeight) {
      best = value;
      bestWeight = weight;
    }
  }
  return best;
}

function median(values: readonly number[]): number {
  return percentile(values, 0.5) ?? 0;
}

function percentile(values: readonly number[], p: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}
