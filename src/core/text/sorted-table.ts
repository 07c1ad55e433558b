/**
 * A table of text lines sorted by their first word (UTF-8 bytes, each word once), for looking words up without
 * reading it whole: jieba's dictionary and idf table are 11 MB, and a question needs a few hundred of their lines.
 *
 * Layout: a first line `ipbot-sorted-table 1 <header bytes>`, a header (a line of free metadata, then one line per
 * block: `<offset> <length> <first word>`), then the blocks: runs of whole lines of about 4 KB. A look-up finds its
 * block by the first words in the header and reads that block only (each block once, then kept).
 */

/** Where the table's bytes come from: the loader reads them from a file, on demand. */
export interface TableBytes {
  size: number;
  read(offset: number, length: number): Uint8Array;
}

const MAGIC = 'ipbot-sorted-table 1';
const HEADER_DIGITS = 10;
const BLOCK_BYTES = 4096;
const NEWLINE = 10;
const SPACE = 32;

/** Lines (`word rest`, one per word) as a sorted table; `meta` is kept as given (one line). */
export function sortedTable(lines: Iterable<{ word: string; line: string }>, meta = ''): Buffer {
  const sorted = [...lines];
  // JavaScript compares strings by UTF-16 units, which is the order of UTF-8 bytes unless a surrogate is involved.
  if (sorted.some((l) => SURROGATE.test(l.word))) sorted.sort((a, b) => Buffer.compare(Buffer.from(a.word), Buffer.from(b.word)));
  else sorted.sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  const blocks: Buffer[] = [];
  const index: string[] = [];
  let offset = 0;
  for (let i = 0; i < sorted.length; ) {
    const first = sorted[i]!.word;
    let text = '';
    let length = 0;
    while (i < sorted.length) {
      const line = `${sorted[i]!.line}\n`;
      const bytes = Buffer.byteLength(line);
      if (length > 0 && length + bytes > BLOCK_BYTES) break;
      text += line;
      length += bytes;
      i++;
    }
    blocks.push(Buffer.from(text));
    index.push(`${offset} ${length} ${first}`);
    offset += length;
  }
  const header = Buffer.from(`${[meta.replace(/\n/g, ' '), ...index].join('\n')}\n`);
  const first = Buffer.from(`${MAGIC} ${String(header.length).padStart(HEADER_DIGITS, '0')}\n`);
  return Buffer.concat([first, header, ...blocks]);
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** A look-up's answer (see SortedTable.lookup). */
export interface Found {
  readonly value: string | undefined;
  readonly longer: boolean;
}

/** Above this many remembered look-ups (a long-running service), the memory of them starts again. */
const REMEMBERED_WORDS = 100_000;

interface Block {
  offset: number;
  length: number;
  first: Buffer;
  /** The block's bytes, once read. */
  bytes?: Buffer;
}

export class SortedTable {
  private constructor(
    private readonly bytes: TableBytes,
    /** The header's metadata line. */
    readonly meta: string,
    private readonly dataStart: number,
    private readonly blocks: Block[],
  ) {}

  /** The table in these bytes, or undefined when they are not one (another format, cut short, damaged header). */
  static open(bytes: TableBytes): SortedTable | undefined {
    const firstLength = MAGIC.length + 1 + HEADER_DIGITS + 1;
    if (bytes.size < firstLength) return undefined;
    const first = Buffer.from(bytes.read(0, firstLength)).toString('latin1');
    const headerLength = Number(first.slice(MAGIC.length + 1, -1));
    if (!first.startsWith(`${MAGIC} `) || !first.endsWith('\n') || !Number.isSafeInteger(headerLength) || headerLength <= 0) return undefined;
    const header = Buffer.from(bytes.read(firstLength, headerLength)).toString('utf8').split('\n');
    if (header.pop() !== '') return undefined;
    const meta = header.shift() ?? '';
    const blocks: Block[] = [];
    let expected = 0;
    for (const line of header) {
      const space = line.indexOf(' ');
      const second = line.indexOf(' ', space + 1);
      const offset = Number(line.slice(0, space));
      const length = Number(line.slice(space + 1, second));
      if (space <= 0 || second <= space + 1 || second === line.length - 1 || offset !== expected || !(length > 0)) return undefined;
      blocks.push({ offset, length, first: Buffer.from(line.slice(second + 1)) });
      expected += length;
    }
    const dataStart = firstLength + headerLength;
    if (blocks.length === 0 || bytes.size !== dataStart + expected) return undefined;
    return new SortedTable(bytes, meta, dataStart, blocks);
  }

  /** What follows `word` and a space on its line, or undefined when no line's word is `word`. */
  value(word: string): string | undefined {
    return this.lookup(word).value;
  }

  /**
   * The line of `word` (what follows the word and a space; undefined when no line's word is `word`) and whether a
   * longer word starting with `word` is in the table (a search for the word extended may find something).
   * Answers are remembered: cutting a text looks up every stretch of it, and the same stretches (知识, 知识产权)
   * come back in every question, where a search costs a binary search over the blocks and one inside a block.
   */
  lookup(word: string): Found {
    let found = this.found.get(word);
    if (found === undefined) {
      found = this.search(Buffer.from(word));
      if (this.found.size >= REMEMBERED_WORDS) this.found.clear();
      this.found.set(word, found);
    }
    return found;
  }

  private readonly found = new Map<string, Found>();

  private search(key: Buffer): Found {
    // The last block whose first word is not above the key holds the key, if the table does.
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Buffer.compare(this.blocks[mid]!.first, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const at = lo - 1;
    if (at < 0) return { value: undefined, longer: startsLonger(this.blocks[0]!.first, 0, this.blocks[0]!.first.length, key) };
    const bytes = this.bytesOf(this.blocks[at]!);
    // Lines are compared in place (Buffer#compare on ranges): a look-up allocates nothing but its answer.
    let start = lowerBound(bytes, key);
    let value: string | undefined;
    if (start < bytes.length) {
      const { wordEnd, end } = lineAt(bytes, start);
      if (key.compare(bytes, start, wordEnd) === 0) {
        value = bytes.toString('utf8', Math.min(wordEnd + 1, end), end);
        start = end + 1;
      }
    }
    if (start < bytes.length) {
      const { wordEnd } = lineAt(bytes, start);
      return { value, longer: startsLonger(bytes, start, wordEnd, key) };
    }
    const next = this.blocks[at + 1]?.first;
    return { value, longer: next !== undefined && startsLonger(next, 0, next.length, key) };
  }

  private bytesOf(block: Block): Buffer {
    block.bytes ??= Buffer.from(this.bytes.read(this.dataStart + block.offset, block.length));
    return block.bytes;
  }
}

/** Where the line starting at `start` has its word end and ends. */
function lineAt(bytes: Buffer, start: number): { wordEnd: number; end: number } {
  const newline = bytes.indexOf(NEWLINE, start);
  const end = newline < 0 ? bytes.length : newline;
  const space = bytes.indexOf(SPACE, start);
  return { wordEnd: space < 0 || space > end ? end : space, end };
}

/** The start of the first line of a block whose word is not below `key`, else the block's length. */
function lowerBound(bytes: Buffer, key: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // `lo` is always the start of a line; the answer is a line start in [lo, hi].
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = mid === 0 ? 0 : bytes.lastIndexOf(NEWLINE, mid - 1) + 1;
    const { wordEnd, end } = lineAt(bytes, start);
    if (key.compare(bytes, start, wordEnd) > 0) lo = end + 1;
    else hi = start;
  }
  return Math.min(lo, bytes.length);
}

/** Whether the word in `bytes[start, wordEnd)` is longer than `key` and starts with it. */
function startsLonger(bytes: Buffer, start: number, wordEnd: number, key: Buffer): boolean {
  return wordEnd - start > key.length && key.compare(bytes, start, start + key.length) === 0;
}

/** A table held in memory (tests, and a table just made). */
export function bytesOf(table: Uint8Array): TableBytes {
  const buffer = Buffer.from(table.buffer, table.byteOffset, table.byteLength);
  return { size: buffer.length, read: (offset, length) => buffer.subarray(offset, offset + length) };
}
