import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_DESCRIPTIONS, UI, langFromLocale } from '../../src/core/messages.js';
import { LANGS } from '../../src/core/types.js';

describe('langFromLocale (Telegram language_code, LINE profile language)', () => {
  it.each([
    ['zh-hk', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-tw', 'zh-Hant'],
    ['zh-hant', 'zh-Hant'],
    ['zh-Hant-HK', 'zh-Hant'],
    ['zh-mo', 'zh-Hant'],
    ['yue', 'zh-Hant'],
    ['yue-HK', 'zh-Hant'],
    ['zh', 'zh-Hans'],
    ['zh-cn', 'zh-Hans'],
    ['zh-hans', 'zh-Hans'],
    ['zh-Hans-HK', 'zh-Hans'],
    ['zh-sg', 'zh-Hans'],
    ['zh_CN', 'zh-Hans'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['ja', 'en'],
    ['fr', 'en'],
  ] as const)('%s → %s', (code, lang) => {
    expect(langFromLocale(code)).toBe(lang);
  });

  it('with no language at all (many LINE users), Hong Kong Traditional', () => {
    expect(langFromLocale(undefined)).toBe('zh-Hant');
    expect(langFromLocale('')).toBe('zh-Hant');
  });
});

describe('command menus', () => {
  it('list the same commands in every language, as Telegram accepts them', () => {
    const commands = (lang: (typeof LANGS)[number]) => COMMAND_DESCRIPTIONS[lang].map((c) => c.command);
    for (const lang of LANGS) {
      expect(commands(lang)).toEqual(commands('en'));
      for (const { command, description } of COMMAND_DESCRIPTIONS[lang]) {
        expect(command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(description.length).toBeGreaterThanOrEqual(1);
        expect(description.length).toBeLessThanOrEqual(256);
      }
    }
    for (const command of ['start', 'help', 'topics', 'subscribe', 'unsubscribe', 'mysubs', 'events', 'lang']) {
      expect(commands('en')).toContain(command);
    }
  });

  it('every command in the menu is explained in the README', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    for (const { command } of COMMAND_DESCRIPTIONS.en) expect(readme, `README explains /${command}`).toContain(`\`/${command}`);
  });
});

describe('/help', () => {
  it('mentions every command of the command menu, in every language', () => {
    for (const lang of LANGS) {
      for (const { command } of COMMAND_DESCRIPTIONS[lang]) {
        if (command === 'start' || command === 'help') continue;
        expect(UI[lang].help, `${lang} /help lacks /${command}`).toContain(`/${command}`);
      }
    }
  });
});
