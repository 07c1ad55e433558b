/**
 * PDF to document blocks with pdf.js (the legacy build, which runs on Node 20). The CJK character
 * maps shipped with pdfjs-dist are required: a Chinese PDF's fonts use CMaps such as UniGB-UCS2-H,
 * and without them every Chinese glyph extracts as nothing. Layout is rebuilt from the text
 * positions in core/knowledge/pdf-layout.ts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { blocksFromPdfPages, type PdfPage } from '../core/knowledge/pdf-layout.js';
import type { ImportBlock } from '../core/knowledge/import-text.js';
import type { SourceMetadata } from '../core/knowledge/import-guess.js';

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

export async function readPdf(bytes: Buffer): Promise<{ blocks: ImportBlock[]; metadata: SourceMetadata; pages: number }> {
  const task = getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  });
  const pdf = await task.promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const items = content.items.flatMap((item) => {
        if (!('str' in item)) return [];
        const [a, b, c, d, x, y] = item.transform as number[];
        const size = Math.hypot(c ?? 0, d ?? 0) || Math.hypot(a ?? 0, b ?? 0) || item.height;
        return [{ str: item.str, x: x ?? 0, y: y ?? 0, width: item.width, size }];
      });
      pages.push({ items });
      page.cleanup();
    }
    const info = (await pdf.getMetadata()).info as Record<string, unknown> | undefined;
    const metadata: SourceMetadata = {
      ...(typeof info?.Title === 'string' && info.Title.trim() ? { title: info.Title } : {}),
      ...(typeof info?.Author === 'string' && info.Author.trim() ? { author: info.Author } : {}),
      ...(typeof info?.CreationDate === 'string' ? pdfDate(info.CreationDate) : {}),
    };
    return { blocks: blocksFromPdfPages(pages), metadata, pages: pdf.numPages };
  } finally {
    await pdf.destroy();
  }
}

/** "D:20260502093000+08'00'" → { date: "2026-05-02" }. */
function pdfDate(raw: string): { date?: string } {
  const m = /^D:(\d{4})(\d{2})(\d{2})/.exec(raw);
  return m ? { date: `${m[1]}-${m[2]}-${m[3]}` } : {};
}
