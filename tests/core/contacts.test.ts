import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contactNeed, contactsFor, namedContacts } from '../../src/core/contacts.js';
import { parseContacts } from '../../src/core/contacts-file.js';

const shipped = parseContacts(readFileSync('knowledge/contacts.yaml', 'utf8'));

describe('contacts', () => {
  it('ships only dated, sourced contacts, the IPD hotline among them', () => {
    expect(shipped.warnings).toEqual([]);
    expect(shipped.contacts.length).toBeGreaterThanOrEqual(5);
    for (const c of shipped.contacts) {
      expect(c.source.length, c.id).toBeGreaterThan(20);
      expect(c.noted, c.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(shipped.contacts.find((c) => c.id === 'hk-ipd')).toMatchObject({ phone: '2961 6901 / 2961 6820', url: 'https://www.ipd.gov.hk' });
  });

  it('refuses a contact without a source or date, naming file and line, and loads the rest', () => {
    const text = [
      '- id: good',
      '  name: { zh-Hant: 甲, zh-Hans: 甲, en: A }',
      '  regions: [hk]',
      '  phone: "1234 5678"',
      '  source: A notice of 1 January 2026 on example.org',
      '  noted: "2026-01-02"',
      '- id: unsourced',
      '  name: { zh-Hant: 乙, zh-Hans: 乙, en: B }',
      '  regions: [hk]',
      '  phone: "8765 4321"',
      '  noted: "2026-01-02"',
      '- id: undated',
      '  name: { zh-Hant: 丙, zh-Hans: 丙, en: C }',
      '  regions: [mainland]',
      '  url: https://example.org',
      '  source: somewhere official',
    ].join('\n');
    const { contacts, warnings } = parseContacts(text, 'contacts.yaml');
    expect(contacts.map((c) => c.id)).toEqual(['good']);
    expect(warnings).toEqual([
      { file: 'contacts.yaml', line: 7, message: expect.stringContaining('source') },
      { file: 'contacts.yaml', line: 12, message: expect.stringContaining('noted') },
    ]);
    expect(parseContacts('- id: [unclosed', 'contacts.yaml').warnings[0]).toMatchObject({ file: 'contacts.yaml', line: 1 });
  });

  it('tells a question asking for a phone number or a website from one that merely mentions phones', () => {
    expect(contactNeed('有冇電話可以打去問？')).toBe('phone');
    expect(contactNeed('知識產權署嘅網址係咩')).toBe('url');
    expect(contactNeed('怎么联系国家知识产权局？')).toBe('any');
    expect(contactNeed('which operation went after fake phone and laptop batteries')).toBeUndefined();
    expect(contactNeed('泛珠9+2係咪每個地方都要派個聯絡員？')).toBeUndefined();
  });

  it('finds named bodies and serves each region first', () => {
    expect(namedContacts('CNIPA website?', shipped.contacts).map((c) => c.id)).toEqual(['cnipa']);
    expect(namedContacts('rapid response', shipped.contacts)).toEqual([]);
    expect(contactsFor(shipped.contacts, { lang: 'zh-Hant', need: 'phone' }).map((c) => c.id)).toEqual(['hk-ipd']);
    expect(contactsFor(shipped.contacts, { lang: 'zh-Hans', need: 'phone' }).map((c) => c.id)).toEqual(['hotline-12330']);
    expect(contactsFor(shipped.contacts, { lang: 'zh-Hans', topic: 'exam' }).map((c) => c.id)[0]).toBe('cnipa');
  });
});
