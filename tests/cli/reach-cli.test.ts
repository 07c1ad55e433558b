/**
 * `ipbot links` and `ipbot line richmenu` against the loopback fakes of Telegram and LINE, as staff
 * would run them: printed links, QR code files that hold those links, rich menus made and linked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import type { CliIo } from '../../src/cli/io.js';
import { RICH_MENU_IMAGE_DIR } from '../../src/cli/line-richmenu.js';
import { MAX_RICH_MENU_IMAGE_BYTES, RICH_MENU_SIZE } from '../../src/channels/line/richmenu.js';
import { parseStartPayload } from '../../src/core/links.js';
import { FAKE_TOKEN, FakeTelegram } from '../support/fake-telegram.js';
import { startFakeLine, type FakeLine } from '../support/fake-line.js';
import { tempDbDir } from '../support/temp-db.js';

const LINE_TOKEN = 'line-access-token-for-tests-ABCDEF';
const LINE_SECRET = 'line-channel-secret-for-tests-0123';
const db = tempDbDir();
let telegram: FakeTelegram;
let line: FakeLine;

// Fresh fakes per test: grammY keeps one keep-alive agent per API root for the whole process, and a
// socket the previous test's fake closed while idle would fail the next call on a loaded machine.
beforeEach(async () => {
  telegram = await FakeTelegram.start();
  line = await startFakeLine(LINE_TOKEN);
});
afterEach(async () => {
  await telegram.close();
  await line.close();
});

async function run(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    stdin: process.stdin,
    env: {
      DATA_DIR: join(db.dir, 'nested'),
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
      LINE_API_BASE_URL: line.url,
      ...env,
    },
  };
  const code = await runCli(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Reads the QR code back: the dark modules of the PNG must be those of the URL's code. */
function qrHolds(file: string, url: string): boolean {
  const png = PNG.sync.read(readFileSync(file));
  const modules = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
  const total = modules.size + 8;
  for (let r = 0; r < modules.size; r++) {
    for (let c = 0; c < modules.size; c++) {
      const x = Math.floor(((c + 4.5) * png.width) / total);
      const y = Math.floor(((r + 4.5) * png.height) / total);
      const dark = png.data[(y * png.width + x) * 4]! < 128;
      if (dark !== Boolean(modules.get(r, c))) return false;
    }
  }
  return true;
}

describe('ipbot links', () => {
  it('prints both links per topic from getMe and the LINE basic id, and writes a QR code holding each', async () => {
    const outDir = join(db.dir, 'qr');
    const { code, out, err } = await run(['links', '--out', outDir]);
    expect(err).toBe('');
    expect(code).toBe(0);
    for (const topic of ['exam', 'trademark', 'overseas', 'genuine', 'award', 'seminar', 'all']) {
      const tg = `https://t.me/ipbot_test_bot?start=sub_${topic}`;
      expect(out).toContain(tg);
      expect(parseStartPayload(`sub_${topic}`).kind).toBe('subscribe');
      expect(qrHolds(join(outDir, `telegram-${topic}.png`), tg)).toBe(true);
      const lineUrl = new RegExp(`https://line\\.me/R/oaMessage/@123abcde/\\?\\S+`);
      expect(out).toMatch(lineUrl);
    }
    const award = /https:\/\/line\.me\/R\/oaMessage\/@123abcde\/\?(\S+)/.exec(out.split('\n').find((l) => l.includes('line.me') && out.indexOf(l) > out.indexOf('award —'))!)!;
    expect(decodeURIComponent(award[1]!)).toBe('訂閱 少年兒童發明獎');
    expect(qrHolds(join(outDir, 'line-award.png'), award[0])).toBe(true);
    expect(telegram.callsOf('getMe')).toHaveLength(1);
    expect(line.callsTo('botInfo')).toHaveLength(1);
  });

  it('without --out prints links only; bad arguments and no channel are clear errors', async () => {
    const plain = await run(['links'], { LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: '' });
    expect(plain.err).toBe('');
    expect(plain.code).toBe(0);
    expect(plain.out).not.toContain('line.me');
    expect(plain.out).not.toContain('QR:');
    expect((await run(['links', '--out'])).err).toContain('--out needs a directory');
    expect((await run(['links', '--wat'])).code).toBe(2);
    const none = await run(['links'], { TELEGRAM_BOT_TOKEN: '', LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: '' });
    expect(none.code).toBe(1);
    expect(none.err).toContain('no channel configured');
    const misconfigured = await run(['links'], { PORT: 'eighty' });
    expect(misconfigured.code).toBe(1);
    expect(misconfigured.err).toBe('ipbot: PORT must be a port number, got "eighty"');
  });

  it('a platform that refuses names the variable to check and never prints the token', async () => {
    telegram.fail('getMe', { error_code: 401, description: 'Unauthorized' });
    const { code, err, out } = await run(['links']);
    expect(code).toBe(1);
    expect(err).toContain('TELEGRAM_BOT_TOKEN');
    expect(err + out).not.toContain(FAKE_TOKEN.split(':')[1]!);
    // LINE still printed.
    expect(out).toContain('line.me/R/oaMessage/@123abcde');
  });
});

describe('ipbot line richmenu', () => {
  it('the shipped images fit LINE’s limits', () => {
    for (const lang of ['zh-Hant', 'zh-Hans', 'en']) {
      const file = readFileSync(join(RICH_MENU_IMAGE_DIR, `${lang}.png`));
      expect(file.length).toBeLessThanOrEqual(MAX_RICH_MENU_IMAGE_BYTES);
      const png = PNG.sync.read(file);
      expect([png.width, png.height]).toEqual([RICH_MENU_SIZE.width, RICH_MENU_SIZE.height]);
    }
  });

  it('creates a menu per language, makes Traditional the default, links users by language, and a re-run changes nothing', async () => {
    const storage = db.open();
    storage.setChatLang('line:Uhans', 'zh-Hans');
    storage.setChatLang('line:Uen', 'en');
    storage.setChatLang('line:Uhant', 'zh-Hant');
    storage.ensureChat('line:Unone');
    storage.setChatLang('line:Cgroup', 'en');
    storage.setChatLang('telegram:5', 'en');
    // A menu an older run left (linked to a user) and one staff made by hand.
    line.richMenus.set('richmenu-old', { definition: { name: 'ipbot-en-000000000000', size: { width: 2500, height: 843 } }, image: Buffer.alloc(1) });
    line.richMenuOfUser.set('Uen', 'richmenu-old');
    line.richMenus.set('richmenu-campaign', { definition: { name: 'spring campaign', size: { width: 2500, height: 843 } }, image: Buffer.alloc(1) });

    const first = await run(['line', 'richmenu']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toContain('created 3, unchanged 0, users linked 3, old menus deleted 1');
    expect(line.violations).toEqual([]);
    const byName = new Map([...line.richMenus].map(([id, m]) => [m.definition.name as string, id]));
    const idOf = (lang: string) => [...byName].find(([name]) => name.startsWith(`ipbot-${lang}-`))![1];
    expect(line.defaultRichMenu).toBe(idOf('zh-Hant'));
    expect(line.richMenuOfUser.get('Uhans')).toBe(idOf('zh-Hans'));
    expect(line.richMenuOfUser.get('Uen')).toBe(idOf('en'));
    expect(line.richMenuOfUser.get('Uhant')).toBe(idOf('zh-Hant'));
    expect(line.richMenuOfUser.has('Unone')).toBe(false);
    expect(line.richMenuOfUser.has('Cgroup')).toBe(false);
    expect(line.richMenus.has('richmenu-old')).toBe(false);
    expect(line.richMenus.has('richmenu-campaign')).toBe(true);
    // Every menu got its own language's image, and its buttons answer in that language.
    const hans = line.richMenus.get(idOf('zh-Hans'))!;
    expect(hans.image!.equals(readFileSync(join(RICH_MENU_IMAGE_DIR, 'zh-Hans.png')))).toBe(true);
    expect(hans.definition.chatBarText).toBe('菜单');
    expect(hans.definition.areas.map((a: any) => a.action.data ?? a.action.text)).toEqual(['h:hans', 'T:hans', 'e:hans', '/mysubs', '/lang']);

    const creates = line.calls.filter((c) => c.method === 'POST' && c.path === '/v2/bot/richmenu').length;
    const again = await run(['line', 'richmenu']);
    expect(again.out).toContain('created 0, unchanged 3, users linked 3, old menus deleted 0');
    expect(line.calls.filter((c) => c.method === 'POST' && c.path === '/v2/bot/richmenu').length).toBe(creates);
    expect(line.richMenus.size).toBe(4);
    expect(line.violations).toEqual([]);
  });

  it('without LINE configured, or with a wrong subcommand, says so', async () => {
    expect((await run(['line', 'richmenu'], { LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: '' })).err).toContain('LINE is not configured');
    expect((await run(['line'])).code).toBe(2);
    expect((await run(['line', 'menu'])).err).toContain('Usage: ipbot line richmenu');
  });
});
