import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { engineCacheDir } from '../../src/knowledge/engine-cache.js';
import { openAnswerEngine } from '../../src/knowledge/open-engine.js';
import { loadAnswerEngine } from '../../src/knowledge/load-engine.js';

const QUESTIONS = ['香港考生喺邊度考專利代理人考試？', 'What is the No Fakes Pledge?', '广东省知识产权保护中心有几家？', '點樣整蛋撻？', 'wher do HK candidates sit the patent agent exam', 'Is there enforcment against fake medecine?'];

function copyOfKnowledge(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipbot-knowledge-'));
  cpSync('knowledge', dir, { recursive: true });
  return dir;
}

const freshCache = () => mkdtempSync(join(tmpdir(), 'ipbot-cache-'));
/** The saved engines in a cache directory (the tables of jieba's data beside them are per engine version). */
const savedEngines = (cacheDir: string) => readdirSync(cacheDir).filter((f) => f.startsWith('engine-'));

/** The cache of the first test, once built: later tests start from a copy of it, so each builds the engine once at most. */
let built: string | undefined;

function copyOfCache(options: { withEngine: boolean }): string {
  const cacheDir = freshCache();
  for (const name of readdirSync(built!)) if (options.withEngine || !name.startsWith('engine-')) cpSync(join(built!, name), join(cacheDir, name));
  return cacheDir;
}

describe('the saved index', () => {
  it('is built and saved on the first load, then loaded, and answers exactly as a freshly built engine', async () => {
    const cacheDir = freshCache();
    built = cacheDir;
    const first = await openAnswerEngine('knowledge', { cacheDir });
    const second = await openAnswerEngine('knowledge', { cacheDir });
    const uncached = loadAnswerEngine('knowledge');
    expect([first.fromCache, second.fromCache, uncached.fromCache]).toEqual([false, true, false]);
    expect(savedEngines(cacheDir)).toHaveLength(1);
    expect(second.warnings).toEqual(uncached.warnings);
    expect(second.contacts).toEqual(uncached.contacts);
    expect(second.contacts.length).toBeGreaterThan(0);
    for (const q of QUESTIONS) {
      expect(second.engine.ask(q), q).toEqual(uncached.engine.ask(q));
    }
    expect(second.engine.overview('exam', 'zh-Hant')).toEqual(uncached.engine.overview('exam', 'zh-Hant'));
  });

  it('is rebuilt when a document changes, so a new passage is answered at once', async () => {
    const dir = copyOfKnowledge();
    const cacheDir = copyOfCache({ withEngine: true });
    const question = '粵港知識產權合作有冇舉辦過龍舟比賽？';
    const before = await openAnswerEngine(dir, { cacheDir });
    expect(before.engine.ask(question).answered).toBe(false);
    const file = join(dir, 'docs', 'gd-hk-ip-agreement-2015-2016.txt');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n\n## 十二、龍舟比賽\n\n2016年6月，粵港知識產權合作小組在廣州舉辦粵港知識產權龍舟比賽，共有12支隊伍參加。\n`);
    const after = await openAnswerEngine(dir, { cacheDir });
    expect(after.fromCache).toBe(false);
    const answer = after.engine.ask(question);
    expect(answer.answered).toBe(true);
    expect(answer.sources[0]?.text).toContain('龍舟比賽');
    // The old key's file is gone: one saved engine per cache directory.
    expect(savedEngines(cacheDir)).toHaveLength(1);
  });

  it('is rebuilt when contacts.yaml changes, so a changed hotline is given at once', async () => {
    const dir = copyOfKnowledge();
    const cacheDir = copyOfCache({ withEngine: true });
    const before = await openAnswerEngine(dir, { cacheDir });
    expect(before.fromCache).toBe(true);
    const phone = before.contacts.find((c) => c.phone)?.phone;
    expect(phone).toBeDefined();
    const file = join(dir, 'contacts.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replaceAll(String(phone), '2961 0000'));
    const after = await openAnswerEngine(dir, { cacheDir });
    expect(after.fromCache).toBe(false);
    expect(after.contacts.map((c) => c.phone)).toContain('2961 0000');
    expect((await openAnswerEngine(dir, { cacheDir })).contacts).toEqual(after.contacts);
  });

  it.each([
    ['cut short', (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
    ['overwritten with other bytes', (bytes: Buffer) => Buffer.from(bytes.map((b, k) => (k > 64 ? (b * 7 + k) & 0xff : b)))],
    ['empty', () => Buffer.alloc(0)],
    ['JSON from an older version', () => Buffer.from('{"format":1,"key":"x"}')],
    [
      'whole but holding an index MiniSearch cannot take back',
      (bytes: Buffer) => {
        const saved = deserialize(bytes) as { index: { mini: { fields: { _documentCount: number } } } };
        saved.index.mini.fields._documentCount += 1;
        return serialize(saved);
      },
    ],
  ])('is rebuilt when its file is %s, and the engine still answers', async (_, damage) => {
    const cacheDir = copyOfCache({ withEngine: true });
    const file = join(cacheDir, savedEngines(cacheDir)[0]!);
    writeFileSync(file, damage(readFileSync(file)));
    const reopened = await openAnswerEngine('knowledge', { cacheDir });
    expect(reopened.fromCache).toBe(false);
    expect(reopened.engine.ask(QUESTIONS[0]!).answered).toBe(true);
    const again = await openAnswerEngine('knowledge', { cacheDir });
    expect(again.fromCache).toBe(true);
    expect(again.engine.ask(QUESTIONS[0]!)).toEqual(reopened.engine.ask(QUESTIONS[0]!));
  });

  it('answers from the sorted copies of jieba\'s data and the English word list exactly as with the originals, and rebuilds them when unreadable', async () => {
    const cacheDir = copyOfCache({ withEngine: true });
    const tables = readdirSync(cacheDir).filter((f) => /^(jieba-dictionary|general-idf|english-words)-/.test(f));
    expect(tables).toHaveLength(3);
    for (const table of tables) writeFileSync(join(cacheDir, table), 'not a table');
    const rebuilt = await openAnswerEngine('knowledge', { cacheDir });
    expect(rebuilt.fromCache).toBe(false);
    expect(readdirSync(cacheDir).filter((f) => tables.includes(f)).map((f) => readFileSync(join(cacheDir, f), 'utf8') === 'not a table')).toEqual([false, false, false]);
    const uncached = loadAnswerEngine('knowledge');
    const reopened = await openAnswerEngine('knowledge', { cacheDir });
    expect(reopened.fromCache).toBe(true);
    for (const q of QUESTIONS) expect(reopened.engine.ask(q), q).toEqual(uncached.engine.ask(q));
  });

  it('is skipped, not fatal, when the cache directory cannot be written', async () => {
    const blocker = join(freshCache(), 'a-file');
    writeFileSync(blocker, 'not a directory');
    const loaded = await openAnswerEngine('knowledge', { cacheDir: join(blocker, 'cache') });
    expect(loaded.engine.ask(QUESTIONS[1]!).answered).toBe(true);
  });

  it('lives in DATA_DIR when the service has one, else in the user\'s cache directory', () => {
    expect(engineCacheDir({ DATA_DIR: '/data' })).toBe(join('/data', 'cache'));
    expect(engineCacheDir({ XDG_CACHE_HOME: '/home/u/.cache' })).toBe(join('/home/u/.cache', 'ipbot'));
    expect(engineCacheDir({ HOME: '/home/u' })).toBe(join('/home/u', '.cache', 'ipbot'));
  });
});
