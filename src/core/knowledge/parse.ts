/**
 * Splits one document into sections along its own structure (chapters, parts, articles,
 * numbered items, boxes, underlined titles), each with its heading path, cleaned text in the
 * document's own script, and no section longer than MAX_SECTION_CHARS.
 */
import type { DocumentMeta, KnowledgeWarning, Section } from './types.js';
import {
  cleanLine,
  collapseChineseSpaces,
  detectLayout,
  endsParagraph,
  isBulletLine,
  isPageFooter,
  isRuleLine,
  isUnderlinedTitle,
  joinBrokenLines,
  type Layout,
  normaliseCharacters,
  splitPhysicalLines,
  startsNewParagraph,
  stripGluedFootnoteNumber,
  visibleLength,
} from '../text/normalise.js';

/** Longest section text; longer passages are split at paragraph, then sentence boundaries. */
export const MAX_SECTION_CHARS = 600;
/** A paragraph at least this long is a passage of its own: the plan's paragraphs are one topic each. */
const MIN_PASSAGE_CHARS = 200;

const NUMERAL = '[一二三四五六七八九十百零〇]+';
const SENTENCE_PUNCTUATION = /[，。；！？,;!?]/;
const CHAPTER = new RegExp(`^(第${NUMERAL}章)[\\s\\u3000]*(.*)$`);
const ARTICLE = new RegExp(`^(第${NUMERAL}条)[\\s\\u3000]+(.+)$`);
const PART = new RegExp(`^(${NUMERAL}、)(.{2,30})$`);
const SECTION = new RegExp(`^(第${NUMERAL}节)[\\s\\u3000]*(.*)$`);
const ITEM = new RegExp(`^[（(](${NUMERAL})[）)]\\s*(.*)$`);
/** A heading marked with its level, as `ipbot import` writes them ("## 一、合作成果"): # rank 0, ## rank 1, ### rank 2. */
const MARKED_HEADING = /^(#{1,3})\s+(\S.*)$/;

/** Smaller rank = higher in the hierarchy. */
type Rank = 0 | 1 | 2;

interface Heading {
  rank: Rank;
  label: string;
  /** A 专栏 box: its content ends at the next indented main-text paragraph. */
  isBox?: boolean;
  /** Text that followed the heading on the same line ("第六条 本协议于…"). */
  inlineText?: string;
  /** Footnote number that was glued to the title. */
  footnote?: number;
  /** True when a following short line may continue a heading the PDF broke. */
  mayContinue: boolean;
}

interface RawSection {
  path: string[];
  paragraphs: string[];
  footnote?: number;
}

export function parseDocument(meta: DocumentMeta, raw: string): { sections: Section[]; warnings: KnowledgeWarning[] } {
  const warnings: KnowledgeWarning[] = [];
  const lines = splitPhysicalLines(raw);
  const layout = detectLayout(lines);
  const { footnotes, footnoteLines } = extractFootnotes(lines);
  const titleKey = compact(meta.title);

  const rawSections: RawSection[] = [];
  const stack: Array<{ rank: Rank; label: string; isBox: boolean }> = [];
  let current: RawSection = { path: [meta.title], paragraphs: [] };
  let paragraph: string[] = [];
  let seenHeading = false;
  let boxContentStarted = false;
  let inTable = false;
  let previousRaw: string | undefined;
  /** The notes under a table are running text again. */
  let inTableNotes = false;

  const flushParagraph = (): void => {
    if (!paragraph.length) return;
    let text: string;
    if (inTable && !inTableNotes) {
      text = joinTableRow(paragraph);
    } else {
      const bullet = /^\s*(＊|\*|•|・|-)\s*/.exec(paragraph[0]!);
      const body = joinBrokenLines(bullet ? [paragraph[0]!.slice(bullet[0].length), ...paragraph.slice(1)] : paragraph);
      text = bullet && body ? (bullet[1] === '-' ? '- ' : '• ') + body : body;
    }
    if (text) current.paragraphs.push(text);
    paragraph = [];
  };
  const startSection = (path: string[], footnote?: number): void => {
    flushParagraph();
    if (current.paragraphs.length) rawSections.push(current);
    current = { path, paragraphs: [], ...(footnote !== undefined ? { footnote } : {}) };
  };
  const currentPath = (): string[] => (stack.length ? stack.map((h) => h.label) : [meta.title]);

  for (let i = 0; i < lines.length; i++) {
    const rawLine = lines[i]!;
    if (footnoteLines.has(i)) continue;
    if (!rawLine.trim() || isPageFooter(rawLine) || isRuleLine(rawLine)) continue;
    const line = cleanLine(rawLine).trim();
    const visible = compact(line).replace(/^#{1,3}/, '');
    if (!visible || isSignatureLine(visible) || visible === '完') continue;
    if (!seenHeading && titleKey.includes(visible)) continue; // the title repeated at the top

    const heading = classifyHeading(line, lines, i);
    if (heading) {
      seenHeading = true;
      flushParagraph();
      inTable = false;
      inTableNotes = false;
      let label = heading.label;
      if (heading.mayContinue) {
        const next = nextNonBlank(lines, i, footnoteLines);
        if (next !== undefined && isHeadingContinuation(lines[next]!, lines, next, layout)) {
          label = joinHeading(label, cleanLine(rawLine), cleanLine(lines[next]!), layout);
          i = next;
        }
      }
      while (stack.length && stack[stack.length - 1]!.rank >= heading.rank) stack.pop();
      stack.push({ rank: heading.rank, label, isBox: heading.isBox ?? false });
      boxContentStarted = false;
      startSection(currentPath(), heading.footnote);
      if (heading.inlineText) paragraph.push(heading.inlineText);
      continue;
    }

    const top = stack[stack.length - 1];
    if (top?.isBox && layout.indent.test(rawLine)) {
      if (boxContentStarted) {
        // An indented paragraph after the box's own paragraph is main text again.
        stack.pop();
        startSection(currentPath());
      }
      boxContentStarted = true;
    }

    if (isClosingClause(visible)) {
      stack.length = 0;
      startSection([meta.title]);
    }

    if (!inTable && isTableTitle(lines, i, footnoteLines)) {
      inTable = true;
      startSection([...currentPath(), joinBrokenLines([line])]);
      continue;
    }
    if (inTable) {
      if (/^\d+$/.test(visible)) continue; // the row-number column, detached from its rows
      if (/^(注|註)/.test(visible) && !inTableNotes) {
        // The notes define the table's indicators: a passage of their own, under the table.
        flushParagraph();
        inTableNotes = true;
        startSection([...current.path, visible.slice(0, 1)]);
      } else if (inTableNotes ? /^\d+\s/.test(line) : !continuesTableRow(line, paragraph)) {
        flushParagraph();
      }
      paragraph.push(line);
      continue;
    }

    if (paragraph.length && startsNewParagraph(rawLine, previousRaw, layout)) flushParagraph();
    paragraph.push(line);
    previousRaw = rawLine;
    if (endsParagraph(rawLine, layout)) flushParagraph();
  }
  startSection([]);

  for (const section of rawSections) {
    if (section.footnote !== undefined && footnotes.has(section.footnote)) {
      const note = meta.script === 'zh-Hant' ? '註：' : '注：';
      section.paragraphs.push(note + footnotes.get(section.footnote)!);
    }
  }

  const sections: Section[] = [];
  for (const section of rawSections) {
    for (const text of splitLongText(section.paragraphs, MAX_SECTION_CHARS)) {
      const order = sections.length;
      sections.push({ id: `${meta.id}#${order}`, docId: meta.id, headingPath: section.path, text, order });
    }
  }
  if (!sections.length) warnings.push({ file: meta.file, message: 'no text found in the document' });
  if (raw.includes('\uFFFD')) {
    warnings.push({ file: meta.file, line: lineOf(raw, raw.indexOf('\uFFFD')), message: 'text contains U+FFFD replacement characters (bad encoding?)' });
  }
  return { sections, warnings };
}

function classifyHeading(line: string, lines: readonly string[], i: number): Heading | undefined {
  let m: RegExpExecArray | null;
  const clean = cleanHeadingText;

  if ((m = MARKED_HEADING.exec(line))) {
    return { rank: (m[1]!.length - 1) as Rank, label: clean(m[2]!), mayContinue: false };
  }
  if ((m = CHAPTER.exec(line))) {
    return { rank: 0, label: joinLabel(m[1]!, clean(m[2]!)), mayContinue: true };
  }
  if ((m = ARTICLE.exec(line))) {
    const rest = clean(m[2]!);
    if (rest.length <= 20 && !SENTENCE_PUNCTUATION.test(rest)) return { rank: 0, label: joinLabel(m[1]!, rest), mayContinue: true };
    return { rank: 0, label: m[1]!, inlineText: rest, mayContinue: false };
  }
  if ((m = PART.exec(line)) && !SENTENCE_PUNCTUATION.test(m[2]!)) {
    return { rank: 0, label: m[1]! + clean(m[2]!), mayContinue: true };
  }
  if ((m = SECTION.exec(line))) {
    return { rank: 1, label: joinLabel(m[1]!, clean(m[2]!)), mayContinue: true };
  }
  if ((m = ITEM.exec(line))) {
    const ordinal = `（${m[1]!}）`;
    const rest = clean(m[2]!);
    if (!/[。；]/.test(rest)) return { rank: 1, label: ordinal + rest, mayContinue: true };
    // "（一）自愿参与、平等互利。各方本着…": a short first sentence is the item's title.
    const firstSentence = /^([^。；]+)[。；](.+)$/.exec(rest);
    if (firstSentence && firstSentence[1]!.length <= 40 && !/[，,]/.test(firstSentence[1]!)) {
      return { rank: 1, label: ordinal + firstSentence[1]!, inlineText: firstSentence[2]!, mayContinue: false };
    }
    return undefined; // an untitled item: stays a paragraph of its article
  }
  // "1. 深化…" — but not "27.8件，…" (a decimal restored at the start of a wrapped line).
  if ((m = /^(\d{1,2})[.．](?!\d)\s*(\S.*)$/.exec(line)) && m[2]!.length <= 45 && !/[，。；]/.test(m[2]!)) {
    return { rank: 1, label: `${m[1]}. ${clean(m[2]!)}`, mayContinue: true };
  }
  if ((m = /^(专栏|專欄)\s*(\d+)[\s\u3000]*(.*)$/.exec(line))) {
    return { rank: 2, label: joinLabel(`${m[1]}${m[2]}`, clean(m[3]!)), isBox: true, mayContinue: true };
  }
  if (isUnderlinedTitle(lines, i)) {
    const { title, footnote } = stripGluedFootnoteNumber(clean(line));
    return { rank: 1, label: title, mayContinue: false, ...(footnote !== undefined ? { footnote } : {}) };
  }
  return undefined;
}

function joinLabel(ordinal: string, title: string): string {
  return title ? `${ordinal} ${title}` : ordinal;
}

/**
 * A heading wrapped by the PDF joins directly ("…聯動機" + "制"); a deliberately two-line title
 * ("第七章 统筹…国际合作" / "助力打造…战略支点") keeps a space between its parts.
 */
function joinHeading(label: string, headingLine: string, continuation: string, layout: Layout): string {
  const wrapped = visibleLength(headingLine) >= layout.wrapWidth - 3 || /[和与與及的、]$/.test(label);
  return label + (wrapped ? '' : ' ') + cleanHeadingText(continuation);
}

/** Heading text: an ideographic space separating two halves of a title stays as one space. */
function cleanHeadingText(s: string): string {
  return s
    .trim()
    .split(/\u3000[\s\u3000]*/)
    .map((part) => collapseChineseSpaces(part))
    .filter(Boolean)
    .join(' ');
}

/** A short line right after a heading, with no sentence punctuation: the rest of a broken heading. */
function isHeadingContinuation(rawLine: string, lines: readonly string[], i: number, layout: Layout): boolean {
  const line = cleanLine(rawLine).trim();
  if (!line || layout.indent.test(rawLine) || isBulletLine(rawLine)) return false;
  if (classifyHeading(line, lines, i)) return false;
  const visible = compact(line);
  // A full wrapped line of body text is not a heading's tail.
  const maxLength = Math.min(24, layout.wrapWidth * 0.75);
  return visible.length <= maxLength && !/[，。；：、！？,;:!?]/.test(visible);
}

/** The closing clause of an agreement ("本合作協議一式四份…") is not part of the last article. */
function isClosingClause(visible: string): boolean {
  return /^本(合作)?(協議|协议)一式/.test(visible) || /^(註|注)[：:]如/.test(visible);
}

/** Signature placeholders at the end of an agreement ("福建省代表：") carry no content. */
function isSignatureLine(visible: string): boolean {
  return /^各方代表(签字|簽字)$/.test(visible) || /^[\u4E00-\u9FFF]{2,14}代表[：:]?$/.test(visible);
}

/**
 * A table row the PDF broke: its values ("(907.6)、", "(3765)") or its unit and values
 * ("件 36 103", "% ——— ≥19 预期性") on lines of their own belong to the row above.
 */
function continuesTableRow(line: string, rowSoFar: readonly string[]): boolean {
  const t = line.trim();
  if (/^\(\s*[\d.]+\s*\)/.test(t) || TABLE_UNIT.test(t)) return true;
  // A long indicator name wrapped onto the next line ("专利密集型产业增加值占地区" / "生产总值比重 % …");
  // short lines without figures are category labels ("知识产权创造") and stand alone.
  const previous = rowSoFar.length === 1 ? compact(rowSoFar[0]!) : '';
  return previous.length >= 12 && !/[\d，。；]/.test(previous) && !/^序/.test(previous);
}

const TABLE_UNIT = /^(件|个|家|分|%|万件|亿元|万人次)(\s*\/\s*年)?\s+(\d|———|≥|\()/;

/** Cells of one table row, one space apart; an indicator name broken over two lines is rejoined. */
function joinTableRow(lines: readonly string[]): string {
  let row = '';
  for (const raw of lines) {
    const cell = raw.replace(/[\s\u3000]+/g, ' ').trim();
    const insideName = /[\u4E00-\u9FFF]$/.test(row) && !/\d/.test(row) && /^[\u4E00-\u9FFF]/.test(cell) && !TABLE_UNIT.test(cell);
    row = !row ? cell : insideName ? row + cell : `${row} ${cell}`;
  }
  return row.replace(/、 /g, '、');
}

/** A table's caption: a line without sentence punctuation followed closely by a "序号" header row. */
function isTableTitle(lines: readonly string[], i: number, skip: ReadonlySet<number>): boolean {
  const visible = compact(normaliseCharacters(lines[i]!));
  if (visible.length > 40 || /[，。；：]/.test(visible) || /^序/.test(visible)) return false;
  let seen = 0;
  for (let j = i + 1; j < lines.length && seen < 3; j++) {
    if (skip.has(j) || !lines[j]!.trim()) continue;
    seen++;
    if (/^序号?/.test(compact(lines[j]!))) return true;
  }
  return false;
}

/**
 * Footnotes printed at the bottom of a page, after a spacer line of blanks: "5由粵港…簽署".
 * Returns their text by number and the lines they occupy (so they leave the running text).
 */
function extractFootnotes(lines: readonly string[]): { footnotes: Map<number, string>; footnoteLines: Set<number> } {
  const footnotes = new Map<number, string>();
  const footnoteLines = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const spacer = lines[i]!;
    if (spacer.length < 20 || spacer.trim()) continue;
    for (let j = i + 1; j < lines.length; j++) {
      const m = /^\s{0,2}(\d{1,2})\s*([^\d\s.].*)$/.exec(lines[j]!);
      if (!m) break;
      footnotes.set(Number(m[1]), joinBrokenLines([cleanLine(m[2]!)]));
      footnoteLines.add(j);
    }
  }
  return { footnotes, footnoteLines };
}

function nextNonBlank(lines: readonly string[], i: number, skip: ReadonlySet<number>): number | undefined {
  for (let j = i + 1; j < lines.length; j++) {
    if (skip.has(j)) continue;
    if (lines[j]!.trim() && !isPageFooter(lines[j]!)) return j;
  }
  return undefined;
}

function compact(s: string): string {
  return s.replace(/[\s\u3000]/g, '');
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

const SENTENCE_SPLIT = /(?<=[。！？；!?;])/;

/**
 * Packs paragraphs into passages of at most `max` characters, splitting an over-long paragraph at
 * sentence ends; passages are balanced in length so no tiny tail is left on its own.
 */
export function splitLongText(paragraphs: readonly string[], max: number): string[] {
  const whole = paragraphs.join('\n');
  if (whole.length <= max) return whole ? [whole] : [];
  const units: Array<{ text: string; startsParagraph: boolean }> = [];
  for (const paragraph of paragraphs) {
    const pieces = paragraph.length <= max ? [paragraph] : splitSentences(paragraph, max);
    pieces.forEach((text, k) => units.push({ text, startsParagraph: k === 0 }));
  }
  const target = whole.length / Math.ceil(whole.length / max);
  const passages: string[] = [];
  let current = '';
  for (const unit of units) {
    const joined = current ? current + (unit.startsParagraph ? '\n' : '') + unit.text : unit.text;
    const tooLong = joined.length > max;
    const farEnough = unit.startsParagraph ? current.length >= MIN_PASSAGE_CHARS : current.length >= target * 0.8 && joined.length > target * 1.15;
    if (current && (tooLong || farEnough)) {
      passages.push(current);
      current = unit.text;
    } else {
      current = joined;
    }
  }
  if (current) passages.push(current);
  return passages;
}

function splitSentences(paragraph: string, max: number): string[] {
  const sentences = paragraph.split(SENTENCE_SPLIT).filter(Boolean);
  // A single sentence longer than the cap (rare) is cut at commas rather than mid-phrase, and a
  // phrase longer than the cap (not prose at all) at the cap.
  return sentences
    .flatMap((s) => (s.length <= max ? [s] : s.split(/(?<=[，,、])/).filter(Boolean)))
    .flatMap((s) => (s.length <= max ? [s] : cutAt(s, max)));
}

/** Pieces of at most `max` UTF-16 units, never splitting a surrogate pair. */
function cutAt(s: string, max: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of s) {
    if (piece.length + ch.length > max) {
      pieces.push(piece);
      piece = '';
    }
    piece += ch;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

