import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src/core/knowledge/parse.js';
import type { DocumentMeta } from '../../../src/core/knowledge/types.js';
import { blocksFromPlainText, cleanImportedText, renderDocumentText, type ImportBlock } from '../../../src/core/knowledge/import-text.js';
import {
  blocksFromPdfLines,
  blocksFromPdfPages,
  dropPageFurniture,
  isPageNumber,
  joinWrappedLines,
  linesOfPage,
  type PdfTextItem,
} from '../../../src/core/knowledge/pdf-layout.js';

const META: DocumentMeta = {
  id: 'imported',
  file: 'docs/imported.txt',
  title: '会议纪要',
  titleEn: 'Minutes',
  issuers: ['专责小组'],
  date: '2026-05-20',
  script: 'zh-Hans',
  kind: 'note',
  description: '测试',
};

describe('cleanImportedText: PDF artefacts repaired once, at import', () => {
  it.each([
    ['Yi syllables used as punctuation', '全面加强知识产权保护ꎬ 高效促进知识产权运用ꎮ', '全面加强知识产权保护，高效促进知识产权运用。'],
    ['the Yi semicolon', '开通绿色通道ꎻ 出台措施', '开通绿色通道；出台措施'],
    ['guillemets as book-title marks', '«粤港企业海外维权指引»', '《粤港企业海外维权指引》'],
    ['full-width digits and letters', 'ＰＣＴ申请２０２５年', 'PCT申请2025年'],
    ['spaces and line breaks inside Chinese', '促进粤港在知\n识产权 领域', '促进粤港在知识产权领域'],
    ['ASCII punctuation after Chinese', '机制下, 香港海关', '机制下，香港海关'],
    ['zero-width and control characters', '专利\u200B授权\u0007量', '专利授权量'],
  ])('%s', (_what, input, expected) => {
    expect(cleanImportedText(input)).toBe(expected);
  });

  it('never touches a decimal point or a thousands separator', () => {
    expect(cleanImportedText('达到12.6万件，同比增长8.7%，共1,388件')).toBe('达到12.6万件，同比增长8.7%，共1,388件');
  });
});

describe('renderDocumentText: the form the loader splits without guessing', () => {
  const blocks: ImportBlock[] = [
    { kind: 'heading', level: 1, text: '会议纪要' },
    { kind: 'paragraph', text: '2026年5月12日，专责小组召开会议。' },
    { kind: 'heading', level: 2, text: '一、2025年合作成果' },
    { kind: 'paragraph', text: '发明专利授权量达到12.6万件。' },
    { kind: 'row', cells: ['指标', '单位', '2024年', '2025年'] },
    { kind: 'row', cells: ['PCT国际专利申请量', '万件', '2.8', '3'] },
    { kind: 'heading', level: 2, text: '报名安排' },
    { kind: 'paragraph', text: '名额300个。' },
  ];
  const text = renderDocumentText(blocks);

  it('indents paragraphs, marks headings with their rank, separates cells with ｜ and names them by the header row', () => {
    expect(text.split('\n')).toEqual([
      '# 会议纪要',
      '\u3000\u30002026年5月12日，专责小组召开会议。',
      '## 一、2025年合作成果',
      '\u3000\u3000发明专利授权量达到12.6万件。',
      '\u3000\u3000指标｜单位｜2024年｜2025年',
      '\u3000\u3000PCT国际专利申请量｜单位：万件｜2024年：2.8｜2025年：3',
      '## 报名安排',
      '\u3000\u3000名额300个。',
      '',
    ]);
  });

  it('loads into sections under each heading, with every figure as written', () => {
    const { sections, warnings } = parseDocument(META, text);
    expect(warnings).toEqual([]);
    expect(sections.map((s) => s.headingPath)).toEqual([['会议纪要'], ['一、2025年合作成果'], ['报名安排']]);
    // "2.8｜3" is two cells; a space there would have been read as the lost decimal point "2.8 3" → "2.8.3".
    expect(sections[1]!.text).toContain('PCT国际专利申请量｜单位：万件｜2024年：2.8｜2025年：3');
    expect(sections[1]!.text.split('\n')).toHaveLength(3);
  });

  it('a first row with numbers is no header', () => {
    const rows: ImportBlock[] = [{ kind: 'row', cells: ['2024年', '8100'] }, { kind: 'row', cells: ['2025年', '8600'] }];
    expect(renderDocumentText(rows)).toBe('\u3000\u30002024年｜8100\n\u3000\u30002025年｜8600\n');
  });

  it('drops empty blocks and writes nothing for no text', () => {
    expect(renderDocumentText([{ kind: 'paragraph', text: ' \n ' }, { kind: 'row', cells: ['', ' '] }])).toBe('');
  });
});

describe('blocksFromPlainText', () => {
  it('joins wrapped lines of a paragraph when paragraphs are separated by blank lines', () => {
    expect(blocksFromPlainText('# 研讨会\n\n研讨会将于2026年6月18日\n举行。\n\n名额300个。\n')).toEqual([
      { kind: 'heading', level: 1, text: '研讨会' },
      { kind: 'paragraph', text: '研讨会将于2026年6月18日举行。' },
      { kind: 'paragraph', text: '名额300个。' },
    ]);
  });

  it('takes each line as a paragraph when there are no blank lines, numbering forms as headings', () => {
    expect(blocksFromPlainText('一、概况\n第一段。\n第二段。')).toEqual([
      { kind: 'heading', level: 2, text: '一、概况' },
      { kind: 'paragraph', text: '第一段。' },
      { kind: 'paragraph', text: '第二段。' },
    ]);
  });
});

/** Runs of a line laid out left to right at font size `size`, one CJK character per `size` units. */
function run(str: string, x: number, y: number, size = 10): PdfTextItem {
  return { str, x, y, size, width: [...str].length * size * (/^[\x20-\x7E]+$/.test(str) ? 0.55 : 1) };
}

describe('PDF layout from text positions', () => {
  it('groups runs on one baseline into a line, and wide gaps into table cells', () => {
    const lines = linesOfPage({ items: [run('万件', 200, 700), run('发明专利授权量', 50, 700.5), run('12.6', 330, 700), run('11.5', 260, 700), run('表1', 50, 720)] }, 0);
    expect(lines.map((l) => l.cells)).toEqual([['表1'], ['发明专利授权量', '万件', '11.5', '12.6']]);
  });

  it('keeps a decimal point split into its own run, and spaces Latin words by their gap', () => {
    const [line] = linesOfPage({ items: [run('达到12', 50, 700), run('.', 90, 700), run('6万件 PCT', 92.75, 700), run('filing', 165, 700)] }, 0);
    expect(line!.cells).toEqual(['达到12.6万件 PCT filing']);
  });

  it('drops page numbers and a running header repeated on every page', () => {
    const page = (n: number, body: string) => linesOfPage({ items: [run('专责小组会议纪要', 200, 800, 9), run(body, 50, 700), run(`— ${n} —`, 280, 40, 9)] }, n - 1);
    const kept = dropPageFurniture([page(1, '第一页正文。'), page(2, '第二页正文。')]);
    expect(kept.map((lines) => lines.map((l) => l.cells[0]))).toEqual([['第一页正文。'], ['第二页正文。']]);
  });

  it.each(['3', '- 3 -', '—３—'.replace('３', '3'), '第 3 页', '第3页，共12页', '3 / 12', 'Page 3 of 12'])('"%s" is a page number', (text) => {
    expect(isPageNumber(text)).toBe(true);
  });

  it.each(['2025年', '表1', '一、概况'])('"%s" is not a page number', (text) => {
    expect(isPageNumber(text)).toBe(false);
  });

  it('rebuilds paragraphs (indent, short last line), headings by font size and table rows', () => {
    const blocks = blocksFromPdfPages([
      {
        items: [
          run('会议纪要', 150, 800, 18),
          // A paragraph of three lines: indented first line, full second line, short last line.
          run('双方在会议上回顾了过去一年的合作成果20', 70, 760),
          run('25年的成果丰硕并商定了新一年的合作项目共同推', 50, 745),
          run('进知识产权合作。', 50, 730),
          run('新的一段从这里开始并且写满了整整一行的文字内', 70, 715),
          run('容和更多的文字。', 50, 700),
          run('指标', 50, 680),
          run('2025年', 250, 680),
          run('授权量', 50, 665),
          run('12.6', 250, 665),
        ],
      },
    ]);
    expect(blocks).toEqual([
      { kind: 'heading', level: 1, text: '会议纪要' },
      { kind: 'paragraph', text: '双方在会议上回顾了过去一年的合作成果2025年的成果丰硕并商定了新一年的合作项目共同推进知识产权合作。' },
      { kind: 'paragraph', text: '新的一段从这里开始并且写满了整整一行的文字内容和更多的文字。' },
      { kind: 'row', cells: ['指标', '2025年'] },
      { kind: 'row', cells: ['授权量', '12.6'] },
    ]);
  });

  it('reads a title set with wide letter-spacing as one word', () => {
    const blocks = blocksFromPdfPages([{ items: [run('通', 150, 800, 18), run('知', 230, 800, 18), run('各有关单位：', 50, 760)] }]);
    expect(blocks[0]).toEqual({ kind: 'heading', level: 1, text: '通知' });
  });

  it('takes numbering forms as headings even in body size', () => {
    const blocks = blocksFromPdfLines([[{ page: 0, cells: ['一、合作成果'], x0: 50, x1: 120, y: 700, size: 10 }]]);
    expect(blocks).toEqual([{ kind: 'heading', level: 1, text: '一、合作成果' }]);
  });

  it('joins wrapped lines: no space in Chinese or inside a number, one between Latin words', () => {
    expect(joinWrappedLines(['回顾了20', '25年的成果'])).toBe('回顾了2025年的成果');
    expect(joinWrappedLines(['the Patent Co-operation', 'Treaty'])).toBe('the Patent Co-operation Treaty');
    expect(joinWrappedLines(['intellec-', 'tual property'])).toBe('intellectual property');
  });
});
