/**
 * Cleaning of PDF-extraction artefacts in the source documents, and the matching width /
 * punctuation / whitespace normalisation for user questions.
 *
 * Line-level helpers are exported because the section parser needs the line structure
 * (headings, bullets, page breaks) before line breaks are removed.
 */

/** CJK ideographs and CJK / full-width punctuation: spaces next to these carry no meaning. */
const CJK = '\\u2E80-\\u2FFF\\u3000-\\u303F\\u3040-\\u30FF\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFE30-\\uFE4F\\uFF00-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65\\u2014\\u2018\\u2019\\u201C\\u201D\\u2026\\u2460-\\u24FF\\u00B7';
const CJK_CLASS = `[${CJK}]`;
const SPACE_BEFORE_CJK = new RegExp(`[ \\t\\u3000\\u00A0]+(?=${CJK_CLASS})`, 'g');
const SPACE_AFTER_CJK = new RegExp(`(?<=${CJK_CLASS})[ \\t\\u3000\\u00A0]+`, 'g');

/**
 * The D4 PDF used private-use-like Yi syllables for Chinese punctuation; «» for book-title marks.
 * (The Yi characters are real Unicode code points, so no Chinese text ever contains them.)
 */
const PUNCTUATION_MAP: Record<string, string> = {
  'ꎬ': '，',
  'ꎮ': '。',
  'ꎻ': '；',
  '«': '《',
  '»': '》',
  '％': '%',
  '\u00A0': ' ',
};

const ODD_CHARACTER = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5Aꎬꎮꎻ«»％\u00A0]/g;

/** Full-width digits and Latin letters → ASCII; the listed odd punctuation → standard Chinese punctuation. */
export function normaliseCharacters(s: string): string {
  return s.replace(ODD_CHARACTER, (ch) => PUNCTUATION_MAP[ch] ?? String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/**
 * Removes spaces that touch Chinese characters or punctuation (the PDF put spaces after every
 * punctuation mark and around numbers); keeps a single space between Latin words / numbers.
 */
export function collapseChineseSpaces(s: string): string {
  s = markBlankFormFields(s);
  const listNumber = /^\s*\d{1,2}\.\s+(?=\S)/.exec(s);
  if (listNumber) return `${listNumber[0].trim()} ${collapseChineseSpaces(s.slice(listNumber[0].length))}`;
  return s
    .replace(SPACE_BEFORE_CJK, '')
    .replace(SPACE_AFTER_CJK, '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim()
    .replace(/\uE000/g, '\u3000');
}

/**
 * The plan's extraction replaced decimal points by spaces ("35 1万件" for 35.1万件). Within one
 * line (a line break between two numbers is never a decimal point), in a run of space-separated
 * numbers, pairs are made from the right (a table row ends with its values):
 * - a single digit after a number is a fraction: years, counts and list numbers are never written
 *   "number space single-digit" ("≥9 8 7" → "≥9 8.7", "8 7 9 2" → "8.7 9.2");
 * - a two-digit token with a leading zero is a fraction: no integer is printed "07" ("75 07" → 75.07);
 * - three bare numbers with nothing paired are a table row of two values whose first has two
 *   decimals ("87 95 90" → "87.95 90"): the plan's tables all have two value columns.
 * A year (19xx/20xx) is never the whole part.
 */
export function restoreDecimalPoints(line: string): string {
  return line.replace(/(?<![\d.,])\d{1,4}(?:[ \t]+\d{1,4})+(?![\d.,])/g, (run) => {
    const numbers = run.split(/[ \t]+/);
    const out: string[] = [];
    let i = numbers.length - 1;
    while (i >= 0) {
      const fraction = numbers[i]!;
      const whole = numbers[i - 1];
      const isFraction = fraction.length === 1 || /^0\d$/.test(fraction);
      if (isFraction && whole !== undefined && !isYearLike(whole)) {
        out.unshift(`${whole}.${fraction}`);
        i -= 2;
      } else {
        out.unshift(fraction);
        i -= 1;
      }
    }
    const [a, b, c] = numbers;
    const threeBareValues = numbers.length === 3 && out.length === 3 && /^\d\d$/.test(b!) && !b!.endsWith('0') && !isYearLike(a!) && !isYearLike(c!);
    if (threeBareValues) return `${a}.${b} ${c}`;
    return out.join(' ');
  });
}

function isYearLike(n: string): boolean {
  return /^(19|20)\d\d$/.test(n);
}

const HAN = '\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF';
const ASCII_PUNCTUATION_IN_CHINESE = new RegExp(`(?<=[${HAN}》」”）])[ \\t]*([,:;!?])[ \\t]*(?=[${CJK}0-9]|$)`, 'gm');
const FULL_WIDTH_PUNCTUATION: Record<string, string> = { ',': '，', ':': '：', ';': '；', '!': '！', '?': '？' };

/** ASCII ",:;!?" written inside Chinese text ("機制下, 香港海關") → Chinese punctuation. */
export function chinesePunctuation(s: string): string {
  return s.replace(ASCII_PUNCTUATION_IN_CHINESE, (_m, p: string) => FULL_WIDTH_PUNCTUATION[p] ?? p);
}

/** Page footers such as "—３—" or "—４４—" on a line of their own. */
export function isPageFooter(line: string): boolean {
  return /^\s*[—–-]\s*[0-9０-９]{1,3}\s*[—–-]\s*$/.test(line);
}

/** Decorative rules: "─────", "＊＊＊＊＊", "━━━". */
export function isRuleLine(line: string): boolean {
  return /^\s*([─━═＊*_=~—-])\1{4,}\s*$/.test(line);
}

/** Circled footnote markers (①…⑳) glued to text; their notes were not extracted. */
export function removeCircledFootnoteMarkers(s: string): string {
  return s.replace(/(?<=\S)[\u2460-\u2473]/g, '');
}

/**
 * Footnote numbers glued to a title ("…知識產權合作協議5"). Only for a line known to be a title
 * (the caller decides, e.g. the line is underlined by a rule). Returns the title and the number.
 */
export function stripGluedFootnoteNumber(title: string): { title: string; footnote?: number } {
  const m = /^(.*[\u4E00-\u9FFF》」”])\s*(\d{1,2})\s*$/.exec(title);
  if (!m) return { title: title.trim() };
  return { title: m[1]!.trim(), footnote: Number(m[2]) };
}

/** Everything that can be done to one line without knowing its neighbours. */
export function cleanLine(line: string): string {
  return removeCircledFootnoteMarkers(restoreDecimalPoints(normaliseCharacters(line)));
}

const BLANK = '\uE000'; // private-use placeholder while spaces are collapsed

/**
 * A form left blank ("二〇一六年 月 日在 签署": date and place to be filled in) keeps visible
 * blanks (ideographic spaces, which survive collapsing), so it does not read "二〇一六年月日在签署".
 */
export function markBlankFormFields(s: string): string {
  return s.replace(/([年月])[ \t\u3000]+(?=[月日])/g, `$1${BLANK}`).replace(/(日在)[ \t\u3000]+(?=[签簽]署)/g, `$1${BLANK}`);
}

/**
 * Joins lines that the PDF broke inside a paragraph. Line breaks are dropped between Chinese
 * characters; between two Latin words / numbers a space is kept.
 */
export function joinBrokenLines(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = collapseChineseSpaces(raw);
    if (!line) continue;
    if (out && /[A-Za-z0-9,.;:!?)]$/.test(out) && /^[A-Za-z0-9(]/.test(line)) out += ' ';
    out += line;
  }
  return chinesePunctuation(collapseChineseSpaces(out));
}

const SENTENCE_END = /[。！？；：!?;:…」』”）)]$/;

/**
 * Whole-document cleaning: per-line cleaning, page footers and rules removed, glued footnote
 * numbers stripped from underlined titles, broken lines joined into paragraphs (one per line of
 * output). Paragraph boundaries are a heuristic: a line ending a sentence that is clearly shorter
 * than the document's usual wrapped line width, an indented line, or a bullet.
 */
export function cleanDocumentText(raw: string): string {
  const lines = splitPhysicalLines(raw);
  const layout = detectLayout(lines);
  const paragraphs: string[][] = [];
  let current: string[] = [];
  let previous: string | undefined;
  const flush = (): void => {
    if (current.length) paragraphs.push(current);
    current = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const rawLine = lines[i]!;
    if (!rawLine.trim() || isPageFooter(rawLine)) continue;
    if (isRuleLine(rawLine)) {
      flush();
      continue;
    }
    let line = cleanLine(rawLine);
    if (isUnderlinedTitle(lines, i)) line = stripGluedFootnoteNumber(line).title;
    if (current.length && startsNewParagraph(rawLine, previous, layout)) flush();
    current.push(line);
    previous = rawLine;
    const headingEnds = looksLikeHeading(rawLine) && !continuesHeading(lines, i);
    if (endsParagraph(rawLine, layout) || isUnderlinedTitle(lines, i) || headingEnds) flush();
  }
  flush();
  return paragraphs.map((p) => joinBrokenLines(p)).filter(Boolean).join('\n');
}

/** The next line is the tail of a heading the PDF broke ("…聯動機" / "制"): short, unindented, no punctuation. */
function continuesHeading(lines: readonly string[], i: number): boolean {
  for (let j = i + 1; j < lines.length; j++) {
    const next = lines[j]!;
    if (!next.trim() || isPageFooter(next)) continue;
    const visible = normaliseCharacters(next).replace(/\s/g, '');
    return !/^\s/.test(next) && visible.length <= 20 && !/[，。；：、！？,;:!?]/.test(visible) && !looksLikeHeading(next);
  }
  return false;
}

/** Splits on any line break style; keeps leading whitespace (it marks paragraph indents). */
export function splitPhysicalLines(raw: string): string[] {
  return raw.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

export interface Layout {
  /** Usual number of visible characters on a wrapped line; Infinity if lines are not wrapped. */
  wrapWidth: number;
  /** How a paragraph's first line is indented in this document. */
  indent: RegExp;
}

export function visibleLength(line: string): number {
  return line.replace(/\s/g, '').length;
}

/** Finds the wrap width (a dominant line length) and the paragraph indent style of a document. */
export function detectLayout(lines: readonly string[]): Layout {
  const counts = new Map<number, number>();
  let total = 0;
  for (const line of lines) {
    const n = visibleLength(line);
    if (n < 8) continue;
    counts.set(n, (counts.get(n) ?? 0) + 1);
    total++;
  }
  let mode = 0;
  let modeCount = 0;
  for (const [n, c] of counts) {
    const near = c + (counts.get(n - 1) ?? 0) + (counts.get(n + 1) ?? 0);
    if (near > modeCount) {
      mode = n;
      modeCount = near;
    }
  }
  const wrapWidth = total > 0 && modeCount / total >= 0.3 ? mode : Infinity;
  // A document indenting paragraphs with ideographic spaces uses a bare leading ASCII space for
  // something else (the first line of each PDF page), so only the ideographic indent counts.
  const usesIdeographicIndent = lines.some((l) => /^\s*\u3000/.test(l));
  const indent = usesIdeographicIndent ? /^[ \t]*\u3000/ : /^[ \t\u3000]+\S/;
  return { wrapWidth, indent };
}

const BULLET = /^\s*(＊|\*|•|・|- |———|－)/;

export function isBulletLine(rawLine: string): boolean {
  return BULLET.test(rawLine);
}

/**
 * An indented line or a bullet starts a paragraph — an indented line only after a line that ends a
 * sentence or reads like a heading, because a PDF page can also start with a stray space.
 */
export function startsNewParagraph(rawLine: string, previousRawLine: string | undefined, layout: Layout): boolean {
  if (isBulletLine(rawLine) || looksLikeHeading(rawLine)) return true;
  if (previousRawLine === undefined) return layout.indent.test(rawLine);
  const previous = normaliseCharacters(previousRawLine).replace(/\s/g, '');
  if (!layout.indent.test(rawLine)) return /。$/.test(previous) && startsWithLeadSentence(rawLine);
  return SENTENCE_END.test(previous) || !/[，。；！？,;!?]/.test(previous);
}

/**
 * The plan opens many paragraphs with a short run-in title ("知识产权管理体制更加健全。组建…"). After
 * a line that ends a sentence, a line starting with such a title starts a paragraph even when the
 * previous line happened to fill the width.
 */
function startsWithLeadSentence(rawLine: string): boolean {
  const line = normaliseCharacters(rawLine).replace(/\s/g, '');
  const m = /^([^，。；、：,;:]{4,16})。./.exec(line);
  return m !== null && /^[\u4E00-\u9FFF“]/.test(m[1]!);
}

/** Heading forms used by the documents: 第X章/节/条, 一、, （一）, "1. ", 专栏 N. */
export function looksLikeHeading(rawLine: string): boolean {
  const line = normaliseCharacters(rawLine).trim();
  return (
    /^第[一二三四五六七八九十百零〇]+[章节節条條][\s\u3000]/.test(line) ||
    /^[一二三四五六七八九十]+、[^，。；]{2,30}$/.test(line) ||
    /^[（(][一二三四五六七八九十]+[）)][^。；]*$/.test(line) ||
    /^\d{1,2}\.\s+[^，。；]{2,45}$/.test(line) ||
    /^(专栏|專欄)\s*\d+/.test(line)
  );
}

export function endsParagraph(rawLine: string, layout: Layout): boolean {
  const visible = normaliseCharacters(rawLine).replace(/\s/g, '');
  if (!SENTENCE_END.test(visible)) return false;
  return visible.length < layout.wrapWidth - 2 || layout.wrapWidth === Infinity;
}

/** A title line whose next non-blank line is a rule ("─────"), as in the press release. */
export function isUnderlinedTitle(lines: readonly string[], i: number): boolean {
  if (isRuleLine(lines[i] ?? '') || !(lines[i] ?? '').trim()) return false;
  for (let j = i + 1; j < lines.length; j++) {
    const next = lines[j]!;
    if (!next.trim()) continue;
    return isRuleLine(next) && /^\s*[─━═]/.test(next);
  }
  return false;
}

/**
 * Width, punctuation and whitespace normalisation for a user's question: the same character
 * mapping as the documents, control characters removed, runs of whitespace collapsed, spaces
 * between Chinese characters dropped. No script conversion here.
 */
export function normaliseQueryText(s: string): string {
  const withoutControls = s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200F\uFEFF]/g, '');
  return collapseChineseSpaces(normaliseCharacters(withoutControls).replace(/[\s\u3000]+/g, ' '));
}
