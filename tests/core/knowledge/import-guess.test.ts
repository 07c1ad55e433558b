import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogueEntries, CatalogueEditError, upsertCatalogueEntry } from '../../../src/core/knowledge/catalogue-edit.js';
import {
  findDates,
  guessDate,
  guessDescription,
  guessId,
  guessIssuers,
  guessKind,
  guessScript,
  guessTitle,
  guessTopics,
  suspiciousFigures,
} from '../../../src/core/knowledge/import-guess.js';
import type { ImportBlock } from '../../../src/core/knowledge/import-text.js';

describe('guessing catalogue fields', () => {
  const blocks: ImportBlock[] = [
    { kind: 'heading', level: 1, text: '知識產權署推出「正版正貨承諾」流動應用程式' },
    { kind: 'paragraph', text: '知識產權署今日宣布推出流動應用程式，方便市民查閱參與計劃的商戶。其他內容。' },
    { kind: 'paragraph', text: '香港知識產權署' },
    { kind: 'paragraph', text: '2026年4月22日' },
  ];

  it('title: the first heading, else the file’s metadata unless it is a placeholder, else a short first line', () => {
    expect(guessTitle(blocks, { title: '知識產權署推出「正版正貨承諾」流動應用程式 | 新聞公報' })).toEqual({
      value: '知識產權署推出「正版正貨承諾」流動應用程式',
      from: 'the first heading',
    });
    const body: ImportBlock[] = [{ kind: 'paragraph', text: '研討會通告' }, { kind: 'paragraph', text: '內容，內容。' }];
    expect(guessTitle(body, { title: '粤港合作会议纪要' })).toEqual({ value: '粤港合作会议纪要', from: 'the file’s metadata' });
    expect(guessTitle(body, { title: 'Microsoft Word - notice.docx' })).toEqual({ value: '研討會通告', from: 'the first short line' });
    expect(guessTitle([{ kind: 'paragraph', text: '內容，內容。' }], {})).toBeUndefined();
  });

  it('date: a date line (the last), else the file’s own date, else the first date in the text', () => {
    expect(guessDate('会议于2026年5月12日召开。\n粤港专责小组\n2026年5月20日\n', {})).toEqual({ value: '2026-05-20', from: 'a date line of the text' });
    expect(guessDate('会议于2026年5月12日召开。', { date: '2026-04-22T10:30:00+08:00' })?.value).toBe('2026-04-22');
    expect(guessDate('会议于2026年5月12日召开，2026年6月再议。', {})?.value).toBe('2026-05-12');
    expect(guessDate('报告期为2017年7月。', {})?.value).toBe('2017-07');
    expect(guessDate('没有日期。', {})).toBeUndefined();
  });

  it('finds dates in Chinese numerals, ISO and English forms', () => {
    expect(findDates('二〇一五年九月九日在香港签署').map((d) => d.date)).toEqual(['2015-09-09']);
    expect(findDates('二〇二六年十二月二十一日').map((d) => d.date)).toEqual(['2026-12-21']);
    expect(findDates('Issued 2 May 2026; updated 2026-05-03').map((d) => d.date)).toEqual(['2026-05-02', '2026-05-03']);
    expect(findDates('2026年13月1日 and 1850年1月1日')).toEqual([]);
  });

  it('script from the characters only one script has', () => {
    expect(guessScript('粤港知识产权合作专责小组').value).toBe('zh-Hans');
    expect(guessScript('粵港知識產權合作專責小組').value).toBe('zh-Hant');
  });

  it('kind from the title; note when nothing says otherwise', () => {
    expect(guessKind('泛珠三角区域深化知识产权合作协议').value).toBe('agreement');
    expect(guessKind('广东省知识产权保护和运用“十四五”规划').value).toBe('plan');
    expect(guessKind('粤港知识产权交流合作的进展').value).toBe('progress-report');
    expect(guessKind('研討會通告').value).toBe('note');
  });

  it('issuers from the signature line; description from the first sentence', () => {
    expect(guessIssuers(blocks, {})?.value).toEqual(['香港知識產權署']);
    expect(guessIssuers([{ kind: 'paragraph', text: '內容。' }], { author: 'admin' })).toBeUndefined();
    expect(guessDescription(blocks)?.value).toBe('知識產權署今日宣布推出流動應用程式，方便市民查閱參與計劃的商戶。');
  });

  it('topics named at least twice', () => {
    expect(guessTopics('研討會將於6月舉行。研討會免費。').value).toEqual(['seminar']);
    expect(guessTopics('一次研討會。').value).toEqual([]);
  });

  it('id from a readable file name, else kind and date; never one already taken', () => {
    expect(guessId('IPD Seminar 2026.pdf', 'note', '2026-05-08', new Set()).value).toBe('ipd-seminar-2026');
    expect(guessId('研討會通告.docx', 'note', '2026-05-08', new Set()).value).toBe('note-2026-05-08');
    expect(guessId('seminar.pdf', 'note', undefined, new Set(['seminar', 'seminar-2'])).value).toBe('seminar-3');
  });
});

describe('suspiciousFigures', () => {
  it('finds a number split by a space and a unit without its number, by line', () => {
    const text = ['\u3000\u3000授权量达到12 6万件。', '\u3000\u3000同比增长%，达到万件。', '\u3000\u3000达到12.6万件，增长8.7%。'].join('\n');
    expect(suspiciousFigures(text)).toEqual([
      { line: 1, message: 'number split by a space: “12 6” (is a decimal point or a digit missing?)' },
      { line: 2, message: 'unit without a number: “同比增长%，达到万”' },
    ]);
  });

  it('accepts table cells (｜) and a unit column', () => {
    expect(suspiciousFigures('\u3000\u3000发明专利授权量｜万件｜11.5｜12.6\n\u3000\u3000数百亿元的投入。')).toEqual([]);
  });
});

describe('upsertCatalogueEntry: edits only what changes', () => {
  const shipped = readFileSync(new URL('../../../knowledge/catalogue.yaml', import.meta.url), 'utf8');
  const entry = {
    id: 'seminar-notice-2026',
    file: 'docs/seminar-notice-2026.txt',
    title: '2026年粵港知識產權與中小企業發展研討會',
    titleEn: 'Guangdong–Hong Kong Seminar on IP and SMEs 2026',
    issuers: ['香港知識產權署'],
    date: '2026-05-08',
    script: 'zh-Hant',
    kind: 'note',
    description: '研討會的日期、地點及報名安排: 名額300個。',
    topics: ['seminar'],
    source: 'seminar-notice-2026.docx',
  };

  it('adds a new entry at the end, in the catalogue’s style, keeping every other byte', () => {
    const { text, action } = upsertCatalogueEntry(shipped, entry);
    expect(action).toBe('added');
    expect(text.startsWith(shipped.trimEnd())).toBe(true);
    expect(text.slice(shipped.trimEnd().length)).toBe(
      [
        '',
        '',
        '  - id: seminar-notice-2026',
        '    file: docs/seminar-notice-2026.txt',
        '    title: 2026年粵港知識產權與中小企業發展研討會',
        '    titleEn: Guangdong–Hong Kong Seminar on IP and SMEs 2026',
        '    issuers:',
        '      - 香港知識產權署',
        '    date: "2026-05-08"',
        '    script: zh-Hant',
        '    kind: note',
        '    description: "研討會的日期、地點及報名安排: 名額300個。"',
        '    topics: [seminar]',
        '    source: seminar-notice-2026.docx',
        '',
      ].join('\n'),
    );
    expect(catalogueEntries(text).at(-1)).toEqual(entry);
  });

  it('the same entry again changes nothing', () => {
    const once = upsertCatalogueEntry(shipped, entry).text;
    expect(upsertCatalogueEntry(once, entry)).toEqual({ text: once, action: 'unchanged', changed: [] });
  });

  it('updates changed fields where they stand and keeps comments, folded text and fields it was not given', () => {
    const { text, action, changed } = upsertCatalogueEntry(shipped, { id: 'gd-hk-progress-2017', date: '2017-08', topics: ['exam'], source: 'progress.pdf' });
    expect(action).toBe('updated');
    expect(changed).toEqual(['date', 'topics', 'source']);
    const before = shipped.split('\n');
    const after = text.split('\n');
    const changedLines = after.filter((line, i) => line !== before[i]);
    expect(changedLines.slice(0, 2)).toEqual(['    date: "2017-08"', '    topics: [exam]']);
    expect(text).toContain('      latest event is 18 July 2017, so the date is given as 2017-07 (shared/notes/domain.md §0).\n    source: progress.pdf\n');
    expect(text.split('\n').filter((l) => l.startsWith('#'))).toEqual(shipped.split('\n').filter((l) => l.startsWith('#')));
    const progress = catalogueEntries(text).find((e) => e.id === 'gd-hk-progress-2017')!;
    expect(progress.provenance).toMatch(/^The meeting itself is undated/);
    expect(progress.issuers).toEqual(['粤港保护知识产权合作专责小组']);
  });

  it('replaces folded text in place, keeping the blank line before the next entry', () => {
    const { text } = upsertCatalogueEntry(shipped, { id: 'gd-hk-progress-2017', provenance: 'Dated from the report (shared/notes/domain.md §0).' });
    expect(text).toContain('    provenance: Dated from the report (shared/notes/domain.md §0).\n\n  - id: gd-hk-signing-2007\n');
  });

  it('rewrites a block list in place', () => {
    const { text } = upsertCatalogueEntry(shipped, { id: 'gd-hk-signing-2007', issuers: ['甲', '乙', '丙'] });
    expect(text).toContain('    issuers:\n      - 甲\n      - 乙\n      - 丙\n    date: "2007-08-02"');
  });

  it('starts a list when the catalogue has none, and refuses a catalogue that is not YAML', () => {
    expect(catalogueEntries(upsertCatalogueEntry('documents: []\n', entry).text)).toEqual([entry]);
    expect(() => upsertCatalogueEntry('documents:\n  - id: [unclosed\n', entry)).toThrow(CatalogueEditError);
  });
});
