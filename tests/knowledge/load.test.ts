import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import { runIndex } from '../../src/cli/index-command.js';

const KNOWLEDGE_DIR = fileURLToPath(new URL('../../knowledge/', import.meta.url));
const ALL_IDS = ['gd-hk-ip-agreement-2015', 'gd-hk-progress-2017', 'gd-hk-signing-2007', 'pan-prd-ip-agreement-2016', 'gd-ip-plan-14th-fyp'];

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the real knowledge base whose catalogue text is passed through `edit`. */
function copyOfKnowledge(edit: (catalogue: string) => string = (c) => c): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipbot-kb-'));
  temps.push(dir);
  cpSync(join(KNOWLEDGE_DIR, 'docs'), join(dir, 'docs'), { recursive: true });
  writeFileSync(join(dir, 'catalogue.yaml'), edit(readFileSync(join(KNOWLEDGE_DIR, 'catalogue.yaml'), 'utf8')));
  return dir;
}

/** 1-based line of the first catalogue line containing `needle`. */
function lineOf(dir: string, needle: string): number {
  const lines = readFileSync(join(dir, 'catalogue.yaml'), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`not in catalogue: ${needle}`);
  return index + 1;
}

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), env: {} }, out, err };
}

describe('loadKnowledge on the real knowledge directory', () => {
  it('loads the five documents with their sections and no warnings', () => {
    const kb = loadKnowledge(KNOWLEDGE_DIR);
    expect(kb.warnings).toEqual([]);
    expect(kb.documents.map((d) => d.id)).toEqual(ALL_IDS);
    for (const doc of kb.documents) expect(kb.sections.filter((s) => s.docId === doc.id).length).toBeGreaterThan(5);
    expect(kb.documents.find((d) => d.id === 'pan-prd-ip-agreement-2016')).toMatchObject({ date: '2016-12-13', script: 'zh-Hans', kind: 'agreement' });
    expect(kb.documents.find((d) => d.id === 'gd-ip-plan-14th-fyp')?.provenance).toMatch(/domain\.md/);
  });
});

describe('loadKnowledge with broken content', () => {
  it('reports a YAML syntax error with its line, and still loads the other documents', () => {
    const dir = copyOfKnowledge((c) => c.replace('title: 泛珠三角区域深化知识产权合作协议', 'title: [泛珠三角区域深化知识产权合作协议'));
    const kb = loadKnowledge(dir);
    expect(kb.documents.map((d) => d.id)).toEqual(ALL_IDS.filter((id) => id !== 'pan-prd-ip-agreement-2016'));
    expect(kb.warnings.length).toBeGreaterThan(0);
    const warning = kb.warnings[0]!;
    expect(warning.file).toBe('catalogue.yaml');
    expect(warning.message).toMatch(/YAML/);
    const entryStart = lineOf(dir, 'id: pan-prd-ip-agreement-2016');
    expect(warning.line).toBeGreaterThanOrEqual(entryStart);
    expect(warning.line).toBeLessThan(lineOf(dir, 'id: gd-ip-plan-14th-fyp'));
  });

  it('names the entry and field when a required field is missing', () => {
    const dir = copyOfKnowledge((c) => c.replace(/^ {4}titleEn: Signing Ceremony.*\n/m, ''));
    const kb = loadKnowledge(dir);
    expect(kb.documents.map((d) => d.id)).not.toContain('gd-hk-signing-2007');
    expect(kb.documents).toHaveLength(4);
    expect(kb.warnings).toEqual([
      { file: 'catalogue.yaml', line: lineOf(dir, 'id: gd-hk-signing-2007'), message: expect.stringMatching(/gd-hk-signing-2007.*missing field 'titleEn'/) },
    ]);
  });

  it('points at the bad field when a value is invalid', () => {
    const dir = copyOfKnowledge((c) => c.replace('date: "2007-08-02"', 'date: 2 August 2007'));
    const kb = loadKnowledge(dir);
    expect(kb.warnings).toEqual([{ file: 'catalogue.yaml', line: lineOf(dir, 'date: 2 August 2007'), message: expect.stringMatching(/date/) }]);
    expect(kb.documents).toHaveLength(4);
  });

  it('reports a missing file at its catalogue line', () => {
    const dir = copyOfKnowledge();
    rmSync(join(dir, 'docs', 'pan-prd-ip-cooperation-agreement-2016.txt'));
    const kb = loadKnowledge(dir);
    expect(kb.documents).toHaveLength(4);
    expect(kb.warnings).toEqual([
      { file: 'catalogue.yaml', line: lineOf(dir, 'id: pan-prd-ip-agreement-2016'), message: expect.stringMatching(/pan-prd-ip-cooperation-agreement-2016\.txt: file not found/) },
    ]);
  });

  it('reports an empty file and a file that is not UTF-8 by name', () => {
    const dir = copyOfKnowledge();
    writeFileSync(join(dir, 'docs', 'gd-hk-ip-agreement-2015-2016.txt'), '\n  \n');
    writeFileSync(join(dir, 'docs', 'gd-hk-agreements-signing-press-release-2007.txt'), Buffer.concat([Buffer.from('第一行\n第二行\n'), Buffer.from([0xb8, 0xdb, 0xb8, 0xdb])]));
    const kb = loadKnowledge(dir);
    expect(kb.documents.map((d) => d.id)).toEqual(['gd-hk-progress-2017', 'pan-prd-ip-agreement-2016', 'gd-ip-plan-14th-fyp']);
    expect(kb.warnings).toEqual([
      { file: 'docs/gd-hk-ip-agreement-2015-2016.txt', message: 'file is empty' },
      { file: 'docs/gd-hk-agreements-signing-press-release-2007.txt', line: 3, message: expect.stringMatching(/not valid UTF-8/) },
    ]);
  });

  it('skips a duplicate id, and notices a document file nobody listed', () => {
    const dir = copyOfKnowledge((c) => c.replace('id: gd-hk-signing-2007', 'id: gd-hk-ip-agreement-2015'));
    writeFileSync(join(dir, 'docs', 'new-notice.txt'), '新通告。');
    const kb = loadKnowledge(dir);
    expect(kb.documents.filter((d) => d.id === 'gd-hk-ip-agreement-2015')).toHaveLength(1);
    expect(kb.warnings).toEqual([
      { file: 'catalogue.yaml', line: expect.any(Number), message: expect.stringMatching(/duplicate document id 'gd-hk-ip-agreement-2015'/) },
      { file: 'docs/new-notice.txt', message: expect.stringMatching(/not listed/) },
    ]);
  });

  it('loads a document added by staff with no code change', () => {
    const dir = copyOfKnowledge(
      (c) =>
        `${c}\n  - id: staff-note-2025\n    file: docs/staff-note.txt\n    title: 研討會通告\n    titleEn: Seminar notice\n    issuers: [香港知識產權署]\n    date: "2025-06"\n    script: zh-Hant\n    kind: note\n    description: 研討會安排。\n    topics: [seminar]\n`,
    );
    writeFileSync(join(dir, 'docs', 'staff-note.txt'), '1. 日期\n研討會於六月舉行。\n2. 地點\n在香港會議展覽中心舉行。\n');
    const kb = loadKnowledge(dir);
    expect(kb.warnings).toEqual([]);
    expect(kb.sections.filter((s) => s.docId === 'staff-note-2025').map((s) => [s.headingPath, s.text])).toEqual([
      [['1. 日期'], '研討會於六月舉行。'],
      [['2. 地點'], '在香港會議展覽中心舉行。'],
    ]);
  });

  it('warns when the catalogue is missing, and throws only for a missing directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipbot-kb-'));
    temps.push(dir);
    expect(loadKnowledge(dir)).toEqual({ documents: [], sections: [], warnings: [{ file: 'catalogue.yaml', message: expect.stringMatching(/not found/) }] });
    expect(() => loadKnowledge(join(dir, 'nope'))).toThrow(/knowledge directory not found: .*nope/);
  });
});

describe('ipbot index', () => {
  it('prints each document with its sections and exits 0 on the real knowledge base', async () => {
    const { io, out } = fakeIo();
    expect(await runIndex(['--dir', KNOWLEDGE_DIR], io)).toBe(0);
    const report = out.join('\n');
    for (const id of ALL_IDS) expect(report).toContain(id);
    expect(report).toContain('粵港保護知識產權合作協議（2015年-2016年）');
    expect(report).toMatch(/2015-09-09/);
    expect(report).toMatch(/5 documents, \d+ sections, \d+ contacts, 0 warnings/);
  });

  it('lists warnings as file:line and exits 1', async () => {
    const dir = copyOfKnowledge((c) => c.replace('date: "2007-08-02"', 'date: yesterday'));
    const { io, out } = fakeIo();
    expect(await runIndex([], { ...io, env: { KNOWLEDGE_DIR: dir } })).toBe(1);
    expect(out.join('\n')).toContain(`catalogue.yaml:${lineOf(dir, 'date: yesterday')}: document 'gd-hk-signing-2007'`);
  });

  it('explains a missing directory and a bad argument', async () => {
    const missing = fakeIo();
    expect(await runIndex(['--dir', '/nonexistent/ipbot-kb'], missing.io)).toBe(1);
    expect(missing.err.join('\n')).toMatch(/knowledge directory not found/);
    const bad = fakeIo();
    expect(await runIndex(['--frobnicate'], bad.io)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/Usage: ipbot index/);
  });
});
