/**
 * HTML to document blocks. A saved web page goes through Mozilla Readability (the reader view of
 * Firefox) on a linkedom DOM, which keeps the article and drops navigation, sidebars, footers and
 * scripts; Word files arrive here as mammoth's clean HTML and skip Readability.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ImportBlock } from '../core/knowledge/import-text.js';
import type { SourceMetadata } from '../core/knowledge/import-guess.js';

/** The little of the DOM the walk needs (the project compiles without the DOM library). */
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

const ELEMENT = 1;
const TEXT = 3;
const HEADING = /^H([1-6])$/;
const PARAGRAPH = new Set(['P', 'LI', 'BLOCKQUOTE', 'PRE', 'DT', 'DD', 'FIGCAPTION', 'CAPTION', 'ADDRESS']);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'NAV', 'IMG', 'SVG', 'BUTTON', 'FORM', 'IFRAME']);

/** A saved page: its article's blocks, and its title and date from the page's own metadata. */
export function readWebPage(html: string): { blocks: ImportBlock[]; metadata: SourceMetadata } {
  const { document } = parseHTML(html);
  const published =
    document.querySelector('meta[property="article:published_time"]')?.getAttribute('content') ??
    document.querySelector('meta[name="date"], meta[name="DC.date"], meta[name="dcterms.date"]')?.getAttribute('content') ??
    document.querySelector('time[datetime]')?.getAttribute('datetime') ??
    undefined;
  const article = new Readability(document as never, { charThreshold: 100 }).parse();
  if (!article?.content) return { blocks: blocksFromHtml(html), metadata: { ...(published ? { date: published } : {}) } };
  const metadata: SourceMetadata = {
    ...(article.title ? { title: article.title } : {}),
    ...((article.publishedTime ?? published) ? { date: (article.publishedTime ?? published)! } : {}),
    ...(article.byline ? { author: article.byline } : {}),
  };
  const blocks = blocksFromHtml(article.content);
  // Readability turns the article's h1 into an h2, level with its sections: it is the title again.
  const first = blocks[0];
  if (first?.kind === 'heading' && article.title?.includes(first.text.trim())) first.level = 1;
  return { blocks, metadata };
}

/** Clean HTML (mammoth's, or Readability's article) as blocks: headings, paragraphs and list items, table rows. */
export function blocksFromHtml(html: string): ImportBlock[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks: ImportBlock[] = [];
  walk(document.body as unknown as DomNode, blocks);
  return blocks;
}

function walk(node: DomNode, blocks: ImportBlock[]): void {
  let loose = '';
  const flushLoose = () => {
    if (loose.trim()) blocks.push({ kind: 'paragraph', text: loose });
    loose = '';
  };
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === TEXT) {
      loose += child.textContent ?? '';
      continue;
    }
    if (child.nodeType !== ELEMENT) continue;
    const name = child.nodeName.toUpperCase();
    if (SKIPPED.has(name)) continue;
    const heading = HEADING.exec(name);
    if (name === 'BR' || name === 'SPAN' || name === 'A' || name === 'STRONG' || name === 'B' || name === 'EM' || name === 'I' || name === 'SUP' || name === 'SUB' || name === 'U') {
      loose += name === 'BR' ? '\n' : textOf(child);
      continue;
    }
    flushLoose();
    if (heading) blocks.push({ kind: 'heading', level: Number(heading[1]), text: textOf(child) });
    else if (name === 'TABLE') tableRows(child, blocks);
    else if (PARAGRAPH.has(name) && !hasBlockChild(child)) blocks.push({ kind: 'paragraph', text: textOf(child) });
    else walk(child, blocks);
  }
  flushLoose();
}

function tableRows(table: DomNode, blocks: ImportBlock[]): void {
  const visit = (node: DomNode) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType !== ELEMENT) continue;
      const name = child.nodeName.toUpperCase();
      if (name === 'TR') {
        const cells = Array.from(child.childNodes)
          .filter((c) => c.nodeType === ELEMENT && /^T[DH]$/i.test(c.nodeName))
          .map((c) => textOf(c).trim())
          .filter(Boolean);
        if (cells.length === 1) blocks.push({ kind: 'paragraph', text: cells[0]! });
        else if (cells.length) blocks.push({ kind: 'row', cells });
      } else if (name === 'CAPTION') blocks.push({ kind: 'paragraph', text: textOf(child) });
      else visit(child);
    }
  };
  visit(table);
}

function hasBlockChild(node: DomNode): boolean {
  return Array.from(node.childNodes).some((c) => c.nodeType === ELEMENT && (HEADING.test(c.nodeName.toUpperCase()) || PARAGRAPH.has(c.nodeName.toUpperCase()) || /^(UL|OL|TABLE|DIV)$/i.test(c.nodeName)));
}

function textOf(node: DomNode): string {
  return (node.textContent ?? '').replace(/\s+/g, ' ').trim();
}
