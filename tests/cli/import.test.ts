/**
 * `ipbot import` end to end on the committed fixtures (made by scripts/make-import-fixtures.sh): each
 * file is imported into a copy of the knowledge base, then `ipbot ask` must find the new passage with
 * its figures and cite it with its date.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsk } from '../../src/cli/ask.js';
import { runImport } from '../../src/cli/import-command.js';
import { runIndex } from '../../src/cli/index-command.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const KNOWLEDGE = fileURLToPath(new URL('../../knowledge/', import.meta.url));
const PDF = join(FIXTURES, 'meeting-minutes-2026.pdf');
const DOCX = join(FIXTURES, 'seminar-notice-2026.docx');
const HTML = join(FIXTURES, 'ipd-pledge-app-2026.html');

const temps: string[] = [];
function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function copyOfKnowledge(): string {
  const dir = temp('ipbot-import-kb-');
  cpSync(KNOWLEDGE, dir, { recursive: true });
  return dir;
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), stdin: Readable.from(['']), env: {} } };
}

async function importFiles(args: string[]) {
  const t = io();
  const code = await runImport(args, t.io);
  return { code, out: t.out.join('\n'), err: t.err.join('\n') };
}

async function ask(dir: string, question: string) {
  const t = io();
  expect(await runAsk(['--json', '--dir', dir, question], t.io)).toBe(0);
  return JSON.parse(t.out[0]!) as { answered: boolean; answer: string; sources: Array<{ title: string; section: string; date: string; text: string }> };
}

describe('ipbot import: PDF, Word and a web page into a knowledge base, then ipbot ask', () => {
  let dir: string;
  let firstRun: { code: number; out: string; err: string };

  beforeAll(async () => {
    dir = copyOfKnowledge();
    firstRun = await importFiles([PDF, DOCX, HTML, '--dir', dir]);
  }, 60_000);

  it('imports all three cleanly: no warnings, no figures to check, exit code 0', () => {
    expect(firstRun.err).toBe('');
    expect(firstRun.code).toBe(0);
    expect(firstRun.out).toContain('meeting-minutes-2026.pdf (PDF, 2 pages) → docs/meeting-minutes-2026.txt: text added, catalogue entry added');
    expect(firstRun.out.match(/no warnings, no suspicious figures/g)).toHaveLength(3);
  });

  it('prints every catalogue field with where it came from', () => {
    expect(firstRun.out).toMatch(/date\s+2026-05-20\s+\(guessed from a date line of the text\)/);
    expect(firstRun.out).toMatch(/script\s+zh-Hans\s+\(guessed from \d+ Simplified-only characters\)/);
    expect(firstRun.out).toMatch(/issuers\s+\[粤港保护知识产权合作专责小组\]\s+\(guessed from the signature line at the end\)/);
    expect(firstRun.out).toMatch(/titleEn .*check: not found: fill it in/);
  });

  it('PDF: decimals, a table row as cells, no page header or page number; the Chinese text extracted at all', () => {
    const text = readFileSync(join(dir, 'docs/meeting-minutes-2026.txt'), 'utf8');
    expect(text).toContain('发明专利授权量达到12.6万件，同比增长8.7%');
    expect(text).toContain('\u3000\u3000每万人口高价值发明专利拥有量｜单位：件｜2024年：35.1｜2025年：38.4\n');
    // The PDF wrapped "2025" over two lines; it must come back whole.
    expect(text).toContain('双方回顾了2025年的合作成果');
    expect(text).not.toMatch(/—\s*\d\s*—/);
    expect(text.split('\n').filter((l) => l.trim() === '粤港知识产权合作专责小组')).toEqual([]);
    expect(text).toContain('## 二、2026年合作项目');
  });

  it('PDF: ipbot ask finds the figure and cites the minutes with their date', async () => {
    const answer = await ask(dir, '2025年广东省发明专利授权量是多少？');
    expect(answer.answered).toBe(true);
    expect(answer.sources[0]).toMatchObject({ title: '粤港知识产权合作专责小组第十九次会议纪要', section: '一、2025年合作成果', date: '2026-05-20' });
    expect(answer.answer).toContain('12.6万件');
    expect(answer.answer).toContain('2026-05-20');
  });

  it('Word: headings kept with their levels', () => {
    const text = readFileSync(join(dir, 'docs/seminar-notice-2026.txt'), 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '# 2026年粵港知識產權與中小企業發展研討會',
      '# 研討會簡介',
      '# 日期及地點',
      '## 報名安排',
    ]);
  });

  it('Word: ipbot ask answers the deadline and cites the notice with its date', async () => {
    const answer = await ask(dir, '研討會報名截止日期係幾時？');
    expect(answer.sources[0]).toMatchObject({ title: '2026年粵港知識產權與中小企業發展研討會', date: '2026-05-08' });
    expect(answer.sources[0]!.section).toContain('報名安排');
    expect(answer.answer).toContain('2026年6月5日');
  });

  it('web page: the article only — no navigation, search box, sidebar, footer or script', () => {
    const text = readFileSync(join(dir, 'docs/ipd-pledge-app-2026.txt'), 'utf8');
    for (const boilerplate of ['網站地圖', '首頁', '新聞稿檔案', '相關連結', '私隱政策', '修訂日期', 'analytics']) expect(text).not.toContain(boilerplate);
    expect(text).toContain('## 應用程式功能');
    expect(text).toContain('\u3000\u30002025年｜參與商戶（間）：8600｜零售點（個）：13200');
  });

  it('web page: ipbot ask cites the press release with the page’s published date', async () => {
    const answer = await ask(dir, '知識產權署推出咗咩流動應用程式？');
    expect(answer.sources[0]).toMatchObject({ title: '知識產權署推出「正版正貨承諾」流動應用程式', date: '2026-04-22' });
  });

  it('ipbot index loads the imported documents without a warning', async () => {
    const t = io();
    expect(await runIndex(['--dir', dir], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('8 documents');
  });

  it('importing the same files again changes nothing', async () => {
    const catalogue = readFileSync(join(dir, 'catalogue.yaml'), 'utf8');
    const texts = ['meeting-minutes-2026', 'seminar-notice-2026', 'ipd-pledge-app-2026'].map((id) => readFileSync(join(dir, `docs/${id}.txt`), 'utf8'));
    const again = await importFiles([PDF, DOCX, HTML, '--dir', dir]);
    expect(again.code).toBe(0);
    expect(again.out.match(/text unchanged, catalogue entry unchanged/g)).toHaveLength(3);
    expect(readFileSync(join(dir, 'catalogue.yaml'), 'utf8')).toBe(catalogue);
    expect(['meeting-minutes-2026', 'seminar-notice-2026', 'ipd-pledge-app-2026'].map((id) => readFileSync(join(dir, `docs/${id}.txt`), 'utf8'))).toEqual(texts);
  }, 30_000);
});

describe('ipbot import: versions, dry runs, corrections and bad input', () => {
  it('a new version of a file keeps its id and the fields staff corrected', async () => {
    const dir = copyOfKnowledge();
    const sources = temp('ipbot-import-src-');
    const page = join(sources, 'ipd-pledge-app-2026.html');
    writeFileSync(page, readFileSync(HTML, 'utf8'));
    expect((await importFiles([page, '--dir', dir])).code).toBe(0);
    // Staff confirm the English title in the catalogue.
    const cataloguePath = join(dir, 'catalogue.yaml');
    writeFileSync(cataloguePath, readFileSync(cataloguePath, 'utf8').replace(/titleEn: 知識產權署推出.*\n/, 'titleEn: IPD launches the No Fakes Pledge app\n'));

    writeFileSync(page, readFileSync(HTML, 'utf8').replaceAll('8600', '8900'));
    const second = await importFiles([page, '--dir', dir]);
    expect(second.out).toContain('→ docs/ipd-pledge-app-2026.txt: text updated, catalogue entry unchanged');
    expect(second.out).toMatch(/id\s+ipd-pledge-app-2026\s+\(the entry imported from ipd-pledge-app-2026.html before\)/);
    expect(second.out).toMatch(/titleEn\s+IPD launches the No Fakes Pledge app\s+\(kept from the catalogue\)/);
    expect(readFileSync(join(dir, 'docs/ipd-pledge-app-2026.txt'), 'utf8')).toContain('2025年｜參與商戶（間）：8900｜零售點（個）：13200');
    expect(readFileSync(cataloguePath, 'utf8').match(/- id: ipd-pledge-app-2026/g)).toHaveLength(1);
  }, 30_000);

  it('--dry-run shows the sections and fields and writes nothing', async () => {
    const dir = copyOfKnowledge();
    const catalogue = readFileSync(join(dir, 'catalogue.yaml'), 'utf8');
    const run = await importFiles([DOCX, '--dir', dir, '--dry-run', '--id', 'ipd-seminar-2026', '--date', '2026-05-09', '--kind', 'press-release', '--topics', 'seminar,exam']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('→ docs/ipd-seminar-2026.txt: text would be added, catalogue entry would be added');
    expect(run.out).toMatch(/date\s+2026-05-09\s+\(given\)/);
    expect(run.out).toMatch(/topics\s+\[seminar, exam\]\s+\(given\)/);
    expect(run.out).toContain('#2 日期及地點 › 報名安排');
    expect(run.out).toContain('text of docs/ipd-seminar-2026.txt:\n    1  # 2026年粵港知識產權與中小企業發展研討會\n');
    expect(run.out).toContain('Dry run: nothing was written.');
    expect(readFileSync(join(dir, 'catalogue.yaml'), 'utf8')).toBe(catalogue);
    expect(existsSync(join(dir, 'docs/ipd-seminar-2026.txt'))).toBe(false);
  }, 30_000);

  it('plain text, with a figure to check reported by file and line', async () => {
    const dir = copyOfKnowledge();
    const file = join(temp('ipbot-import-txt-'), 'ipd-note-2026.txt');
    writeFileSync(file, '# 知識產權署通告\n\n申請費用為每宗 12 5 元。\n\n香港知識產權署\n\n2026年3月2日\n');
    const run = await importFiles([file, '--dir', dir]);
    expect(run.code).toBe(1);
    expect(run.out).toContain('figure to check: docs/ipd-note-2026.txt:2: number split by a space: “12 5”');
  });

  it('bad input: a clear message naming the file, nothing written, other files still imported', async () => {
    const dir = copyOfKnowledge();
    const sources = temp('ipbot-import-bad-');
    const broken = join(sources, 'broken.pdf');
    writeFileSync(broken, '%PDF-1.4\nthis is not a PDF at all');
    const brokenWord = join(sources, 'broken.docx');
    writeFileSync(brokenWord, Buffer.from('PK\u0003\u0004 not really a zip'));
    const unsupported = join(sources, 'slides.pptx.key');
    writeFileSync(unsupported, 'x');
    const scanned = join(FIXTURES, 'no-text-layer.pdf');
    const run = await importFiles([join(sources, 'missing.pdf'), broken, brokenWord, scanned, unsupported, DOCX, '--dir', dir]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`${join(sources, 'missing.pdf')}: no such file`);
    expect(run.err).toContain(`${broken}: cannot read the PDF`);
    expect(run.err).toContain(`${brokenWord}: cannot read the Word file`);
    expect(run.err).toContain(`${scanned}: no text found (a scanned PDF has only images`);
    expect(run.err).toContain('unsupported file type ".key"');
    expect(run.out).toContain('seminar-notice-2026.docx (Word) → docs/seminar-notice-2026.txt: text added');
    expect(existsSync(join(dir, 'docs/broken.txt'))).toBe(false);
  }, 30_000);

  it('a document the bot could not load is reported and not written', async () => {
    const dir = copyOfKnowledge();
    const catalogue = readFileSync(join(dir, 'catalogue.yaml'), 'utf8');
    const file = join(temp('ipbot-import-fffd-'), 'garbled-2026.txt');
    writeFileSync(file, '# 通告\n\n研討會於2026年6月18日舉行\uFFFD\uFFFD。\n');
    const run = await importFiles([file, '--dir', dir]);
    expect(run.code).toBe(1);
    expect(run.out).toContain('text would be added, catalogue entry would be added');
    expect(run.out).toContain('warning: docs/garbled-2026.txt:2: text contains U+FFFD replacement characters');
    expect(run.out).toContain('not written');
    expect(existsSync(join(dir, 'docs/garbled-2026.txt'))).toBe(false);
    expect(readFileSync(join(dir, 'catalogue.yaml'), 'utf8')).toBe(catalogue);
  });

  it('never writes outside the knowledge directory, whatever the catalogue says', async () => {
    const dir = copyOfKnowledge();
    const cataloguePath = join(dir, 'catalogue.yaml');
    writeFileSync(cataloguePath, readFileSync(cataloguePath, 'utf8').replace('file: docs/gd-hk-agreements-signing-press-release-2007.txt', 'file: ../escaped.txt'));
    const run = await importFiles([DOCX, '--dir', dir, '--id', 'gd-hk-signing-2007']);
    expect(run.code).toBe(1);
    expect(run.err).toContain("document 'gd-hk-signing-2007': file ../escaped.txt is outside the knowledge directory");
    expect(existsSync(join(dir, '../escaped.txt'))).toBe(false);
  });

  it('usage errors exit 2', async () => {
    expect((await importFiles([])).code).toBe(2);
    expect((await importFiles([DOCX, '--date', '2026-13-01'])).err).toContain('--date must be YYYY-MM-DD or YYYY-MM');
    expect((await importFiles([DOCX, '--topics', 'exam,weather'])).err).toContain('unknown topic "weather"');
    expect((await importFiles([DOCX, HTML, '--id', 'one-id'])).code).toBe(2);
  });
});
