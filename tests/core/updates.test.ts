import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/engine.js';
import { parseUpdates } from '../../src/core/updates-file.js';
import { updateBlocks, withUpdates } from '../../src/core/updates.js';

const answer = (text: string, lang: Answer['lang'] = 'zh-Hant'): Answer => ({
  query: 'q',
  answered: true,
  answer: text,
  lang,
  kind: 'answer',
  sources: [{ docId: 'd', sectionId: 'd#1', title: 'T', section: 'S', date: '2017-07', text, score: 1 }],
  blocks: [{ type: 'quote', text }],
});

describe('knowledge updates', () => {
  const shipped = parseUpdates(readFileSync('knowledge/updates.yaml', 'utf8'), 'updates.yaml');

  it('loads the shipped file without warnings, each entry dated and sourced', () => {
    expect(shipped.warnings).toEqual([]);
    expect(shipped.updates.length).toBeGreaterThanOrEqual(3);
    for (const u of shipped.updates) {
      expect(u.written).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const text of typeof u.source === "string" ? [u.source] : Object.values(u.source)) expect(text.length).toBeGreaterThan(10);
    }
  });

  it('adds the rename note, in the reply script, to a Traditional passage about 專利代理人', () => {
    const result = withUpdates(answer('2016年，共有30名香港考生在粵報名參加全國專利代理人資格考試'), shipped.updates);
    const notes = result.blocks.filter((b) => b.type === 'note').map((b) => b.text);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('專利代理師');
    expect(result.answer).toContain('專利代理師');
    // The full note, dated and sourced, is behind "What changed since?".
    expect(result.changes).toEqual(['patent-agent-renamed-2019']);
    const full = updateBlocks(shipped.updates.find((u) => u.id === 'patent-agent-renamed-2019')!, 'zh-Hant');
    expect(full.map((b) => b.text).join('\n')).toMatch(/資料來源.*專利代理條例/);
  });

  it('joins the age caveat rather than adding a second ⚠ line', () => {
    const old = answer('2016年，共有30名香港考生在粵報名參加全國專利代理人資格考試');
    const aged = { ...old, blocks: [...old.blocks, { type: 'note' as const, text: '2017年的進展報告，情況或已改變。' }] };
    const notes = withUpdates(aged, shipped.updates).blocks.filter((b) => b.type === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toMatch(/^2017年的進展報告，情況或已改變。其後：/);
  });

  it('notes in English for English answers and leaves unrelated passages alone', () => {
    const en = withUpdates(answer('支持、引导在粤港资企业申请认定广东省著名商标', 'en'), shipped.updates);
    expect(en.blocks.at(-1)).toMatchObject({ type: 'note' });
    expect(en.answer).toContain('famous trademark');
    const plain = answer('香港海關與海關總署廣東分署每月定期通報');
    expect(withUpdates(plain, shipped.updates)).toBe(plain);
  });

  it('never decorates an unanswered reply', () => {
    const declined: Answer = { ...answer('专利代理人'), answered: false, sources: [] };
    expect(withUpdates(declined, shipped.updates)).toBe(declined);
  });

  it('reports a broken entry with file and line and keeps the others', () => {
    const text = [
      '- id: good-one',
      '  written: "2026-01-01"',
      '  source: somewhere official',
      '  triggers: [专利]',
      '  note: { zh-Hant: 甲, zh-Hans: 甲, en: A }',
      '- id: bad-one',
      '  written: yesterday',
      '  source: x',
      '  triggers: [专利]',
      '  note: { zh-Hant: 乙, zh-Hans: 乙, en: B }',
    ].join('\n');
    const { updates, warnings } = parseUpdates(text, 'updates.yaml');
    expect(updates.map((u) => u.id)).toEqual(['good-one']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: 'updates.yaml', line: 6 });
    expect(warnings[0]!.message).toContain('written');
    expect(parseUpdates('- id: [unclosed', 'updates.yaml').warnings[0]).toMatchObject({ file: 'updates.yaml', line: 1 });
  });
});

describe('knowledge updates in the reply script', () => {
  it('writes the source line of a Traditional answer in Traditional', () => {
    const { updates } = parseUpdates(readFileSync('knowledge/updates.yaml', 'utf8'));
    const result = withUpdates(answer('香港海關向廣東省工商局提供情報'), updates);
    const note = result.blocks.at(-1)!;
    expect(note.type).toBe('note');
    expect(note.text).not.toMatch(/广东|规划|监管/);
    // The source line is with the full note, behind "What changed since?".
    const full = result.changes!.flatMap((id) => updateBlocks(updates.find((u) => u.id === id)!, 'zh-Hant')).map((b) => b.text).join('\n');
    expect(full).toContain('《廣東省知識產權保護和運用「十四五」規劃》');
    expect(full).not.toMatch(/广东|规划|监管/);
  });
});
