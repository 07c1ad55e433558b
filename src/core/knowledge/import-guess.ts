/**
 * Guesses for the catalogue fields a staff member did not give `ipbot import` (title, date, script,
 * kind, issuers, description, topics, id), each with the reason, to be printed for confirmation; and
 * the figure checks run on an imported text. Pure.
 */
import { TOPICS } from '../topics.js';
import { TOPIC_IDS } from '../types.js';
import { profileScript } from '../text/script.js';
import type { DocumentKind, DocumentMeta } from './types.js';
import type { ImportBlock } from './import-text.js';
import { CELL_SEPARATOR, cleanImportedText } from './import-text.js';

export interface Guess<T> {
  value: T;
  /** Where the value came from, for the staff member to judge ("first heading", "date line at the end"). */
  from: string;
}

/** What a source file says about itself besides its text (PDF info, HTML meta, DOCX core properties). */
export interface SourceMetadata {
  title?: string;
  date?: string;
  author?: string;
}

const PLACEHOLDER_TITLE = /^(untitled|無標題|无标题|document\d*|microsoft word - .*|.*\.(docx?|pdf|html?))$/i;

/**
 * The first heading (the largest type in a PDF, the article's h1 on a page, Word's Title); the file's
 * metadata only when there is no heading, as PDF titles are often empty, a file name or a template's.
 */
export function guessTitle(blocks: readonly ImportBlock[], metadata: SourceMetadata): Guess<string> | undefined {
  const heading = blocks.find((b): b is Extract<ImportBlock, { kind: 'heading' }> => b.kind === 'heading');
  const headingText = heading ? cleanImportedText(heading.text) : '';
  if (headingText) return { value: headingText, from: 'the first heading' };
  const fromMeta = metadata.title ? cleanImportedText(metadata.title) : '';
  if (fromMeta && !PLACEHOLDER_TITLE.test(fromMeta)) return { value: fromMeta, from: 'the file’s metadata' };
  const short = blocks.find((b) => b.kind === 'paragraph' && b.text.length <= 40 && !/[，。；,;]/.test(b.text));
  if (short?.kind === 'paragraph') return { value: cleanImportedText(short.text), from: 'the first short line' };
  return undefined;
}

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface FoundDate {
  date: string;
  index: number;
  /** The date is all there is on its line (a signing or issuing line). */
  alone: boolean;
}

/** Every full or month date in a text, as YYYY-MM-DD / YYYY-MM, in order. */
export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  const add = (index: number, match: string, y: number, m: number, d?: number) => {
    if (y < 1950 || y > 2100 || m < 1 || m > 12 || (d !== undefined && (d < 1 || d > 31))) return;
    const lineStart = text.lastIndexOf('\n', index) + 1;
    const lineEnd = text.indexOf('\n', index);
    const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    const rest = line.replace(match, '').replace(/[\s\u3000。.,，()（）]/g, '');
    const date = `${y}-${pad(m)}${d !== undefined ? `-${pad(d)}` : ''}`;
    found.push({ date, index, alone: rest.length <= 2 });
  };
  for (const m of text.matchAll(/(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号號])?/g)) {
    add(m.index, m[0], +m[1]!, +m[2]!, m[3] ? +m[3] : undefined);
  }
  for (const m of text.matchAll(/([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月(?:\s*([一二三四五六七八九十]{1,3})\s*[日号號])?/g)) {
    const year = Number([...m[1]!].map((c) => CN_DIGIT[c]).join(''));
    add(m.index, m[0], year, chineseNumber(m[2]!), m[3] ? chineseNumber(m[3]) : undefined);
  }
  for (const m of text.matchAll(/(?<![\d-])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d-])/g)) add(m.index, m[0], +m[1]!, +m[2]!, +m[3]!);
  for (const m of text.matchAll(/\b(\d{1,2})\s+([A-Z][a-z]{2,8})\s+(\d{4})\b/g)) {
    const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
    if (month) add(m.index, m[0], +m[3]!, month, +m[1]!);
  }
  return found.sort((a, b) => a.index - b.index);
}

/**
 * The document's date: a date standing alone on a line (where Chinese official documents print their
 * issuing or signing date, usually at the end: the last such); else the file's own date (HTML
 * published time, PDF creation); else the first full date in the text; else the first month named.
 */
export function guessDate(text: string, metadata: SourceMetadata): Guess<string> | undefined {
  const dates = findDates(text);
  const alone = dates.filter((d) => d.alone && d.date.length === 10);
  if (alone.length) return { value: alone[alone.length - 1]!.date, from: 'a date line of the text' };
  const meta = metadata.date ? findDates(metadata.date)[0]?.date : undefined;
  if (meta) return { value: meta, from: 'the file’s metadata' };
  const full = dates.find((d) => d.date.length === 10);
  if (full) return { value: full.date, from: 'the first full date in the text' };
  if (dates.length) return { value: dates[0]!.date, from: 'the first month named in the text' };
  return undefined;
}

export function guessScript(text: string): Guess<DocumentMeta['script']> {
  const p = profileScript(text);
  if (p.simplifiedOnly > p.traditionalOnly) return { value: 'zh-Hans', from: `${p.simplifiedOnly} Simplified-only characters` };
  if (p.traditionalOnly > 0) return { value: 'zh-Hant', from: `${p.traditionalOnly} Traditional-only characters` };
  return { value: 'zh-Hant', from: 'no script-specific characters (Traditional assumed)' };
}

const KIND_WORDS: Array<[DocumentKind, RegExp]> = [
  ['agreement', /协议|協議|安排|备忘录|備忘錄|agreement|arrangement/i],
  ['plan', /规划|規劃|计划|計劃|方案|plan\b/i],
  ['progress-report', /进展|進展|工作报告|工作報告|progress/i],
  ['press-release', /新闻公报|新聞公報|新闻稿|新聞稿|press release/i],
];

export function guessKind(title: string): Guess<DocumentKind> {
  for (const [kind, words] of KIND_WORDS) if (words.test(title)) return { value: kind, from: `the title (“${title.match(words)![0]}”)` };
  return { value: 'note', from: 'no kind word in the title' };
}

const ISSUER = /^[\u4E00-\u9FFF（）()、]{3,40}(局|署|办公室|辦公室|委员会|委員會|政府|厅|廳|部|中心|协会|協會|小组|小組|办|辦|处|處|院|会|會)$/;

/** The body that signs the document: an organisation's name alone on a line near the end, else the author. */
export function guessIssuers(blocks: readonly ImportBlock[], metadata: SourceMetadata): Guess<string[]> | undefined {
  const tail = blocks.slice(-6).reverse();
  for (const block of tail) {
    if (block.kind !== 'paragraph') continue;
    const text = cleanImportedText(block.text);
    if (ISSUER.test(text)) return { value: [text], from: 'the signature line at the end' };
  }
  const author = metadata.author ? cleanImportedText(metadata.author) : '';
  if (author && /\p{Script=Han}/u.test(author)) return { value: [author], from: 'the file’s author' };
  return undefined;
}

/** The first sentence of the first paragraph, at most 80 characters. */
export function guessDescription(blocks: readonly ImportBlock[]): Guess<string> | undefined {
  for (const block of blocks) {
    if (block.kind !== 'paragraph') continue;
    const text = cleanImportedText(block.text);
    if (text.length < 10) continue;
    const sentence = /^.+?[。！？!?]/.exec(text)?.[0] ?? text;
    return { value: sentence.length <= 80 ? sentence : `${sentence.slice(0, 79)}…`, from: 'the first sentence' };
  }
  return undefined;
}

/** Topics whose keywords the text names at least twice. */
export function guessTopics(text: string): Guess<string[]> {
  const lower = text.toLowerCase();
  const topics = TOPIC_IDS.filter((id) => TOPICS[id].keywords.reduce((n, k) => n + countOf(lower, k), 0) >= 2);
  return { value: topics, from: topics.length ? 'topic words in the text' : 'no topic named twice' };
}

/**
 * An id from the file name when it is readable (`ipd-seminar-2026.pdf` → `ipd-seminar-2026`), else
 * from the kind and date (`note-2026-05-02`); `taken` ids get a -2, -3… suffix.
 */
export function guessId(fileName: string, kind: DocumentKind, date: string | undefined, taken: ReadonlySet<string>): Guess<string> {
  const base = fileName.replace(/\.[A-Za-z0-9]+$/, '');
  const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const readable = (slug.match(/[a-z]/g) ?? []).length >= 3;
  const stem = readable ? slug.slice(0, 60).replace(/-+$/, '') : [kind, date ?? 'undated'].join('-');
  let id = stem;
  for (let n = 2; taken.has(id); n++) id = `${stem}-${n}`;
  return { value: id, from: readable ? 'the file name' : 'the kind and date' };
}

export interface FigureIssue {
  /** 1-based line in the written text. */
  line: number;
  message: string;
}

/** A unit that only ever follows a number, where no number (digits or Chinese numerals) precedes it. */
const UNIT_ONLY = /(?<![\d０-９.一二两三四五六七八九十百千几数多余〇零][\s\u3000]*)(%|‰|万件|萬件|亿元|億元|万元|萬元|亿美元|億美元|万人次|萬人次)/;

/**
 * Figures to check by eye in an imported text: a number split by a space (the loader would read
 * "12 3" as 12.3; in a table, cells are separated by ｜), and a unit without a number ("增长 %",
 * "达到万件": the number was lost in extraction).
 */
export function suspiciousFigures(text: string): FigureIssue[] {
  const issues: FigureIssue[] = [];
  text.split('\n').forEach((raw, i) => {
    for (const cell of raw.split(CELL_SEPARATOR)) {
      const split = /(?<![\d.,])\d{1,4}[ \t]+\d{1,4}(?![\d.,])/.exec(cell);
      if (split) issues.push({ line: i + 1, message: `number split by a space: “${split[0]}” (is a decimal point or a digit missing?)` });
      const text = cell.trim();
      const unit = UNIT_ONLY.exec(text);
      // A cell holding only the unit is a table's unit column ("万件", or "单位：万件" under its header).
      if (unit && text.replace(/^[^：]*：/, '') !== unit[0]) issues.push({ line: i + 1, message: `unit without a number: “${text.slice(Math.max(0, unit.index - 8), unit.index + unit[0].length + 4)}”` });
    }
  });
  return issues;
}

function chineseNumber(s: string): number {
  if (s === '十') return 10;
  if (s.startsWith('十')) return 10 + (CN_DIGIT[s[1]!] ?? 0);
  if (s.includes('十')) return (CN_DIGIT[s[0]!] ?? 0) * 10 + (CN_DIGIT[s[2] ?? '〇'] ?? 0);
  return CN_DIGIT[s] ?? 0;
}

function countOf(text: string, word: string): number {
  let n = 0;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) n++;
  return n;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
