import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeTelegram, FAKE_TOKEN } from '../support/fake-telegram.js';
import { tempDbDir } from '../support/temp-db.js';

const run = promisify(execFile);

describe('ipbot reminders tick (real process, loopback fake Telegram)', () => {
  let telegram: FakeTelegram;
  beforeAll(async () => {
    telegram = await FakeTelegram.start();
  });
  afterAll(() => telegram.close());

  it('two operators ticking at once: each subscriber gets the reminder once, in their language', async () => {
    const db = tempDbDir();
    const dataDir = join(db.dir, 'data');
    const eventsFile = join(db.dir, 'events.yaml');
    writeFileSync(
      eventsFile,
      `- id: award-2027-entries
  topic: award
  title: { zh-Hant: 少年兒童發明獎截止報名, en: Youth invention award entry deadline }
  start: 2027-05-20T17:00:00+08:00
  remind: [3d]
`,
    );
    const { openSqliteStorage } = await import('../../src/storage/sqlite.js');
    const s = openSqliteStorage(join(dataDir, 'ipbot.db'));
    s.ensureChat('telegram:4201', { lang: 'zh-Hant' });
    s.ensureChat('telegram:4202', { lang: 'en' });
    s.subscribe('telegram:4201', 'award');
    s.subscribe('telegram:4202', 'award');
    s.close();
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DATA_DIR: dataDir,
      EVENTS_FILE: eventsFile,
      LOG_LEVEL: 'warn',
    };
    const tick = (now: string) =>
      run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'reminders', 'tick', '--now', now], { env, cwd: process.cwd() });
    const both = await Promise.all([tick('2027-05-17T17:00:00+08:00'), tick('2027-05-17T17:00:30+08:00')]);
    const printed = both.map((r) => r.stdout).join('\n');
    expect(printed.match(/^sent {5}reminder/gm)).toHaveLength(2);
    const totals = [...printed.matchAll(/^sent (\d+), pending 0, skipped 0, failed 0/gm)].map((m) => Number(m[1]));
    expect(totals).toHaveLength(2);
    expect(totals[0]! + totals[1]!).toBe(2);
    expect(telegram.messagesTo(4201)).toHaveLength(1);
    expect(telegram.messagesTo(4202)).toHaveLength(1);
    expect(telegram.messagesTo(4201)[0]!.text).toContain('少年兒童發明獎截止報名');
    expect(telegram.messagesTo(4202)[0]!.text).toContain('Youth invention award entry deadline');
    expect(telegram.messagesTo(4202)[0]!.text).toContain('Thu 20 May 2027, 17:00 HKT');
  });

  it('under Telegram’s rate limit (429 retry_after 1) every subscriber gets the reminder once; a 429 is pending, never failed', async () => {
    const fake = await FakeTelegram.start();
    try {
      const db = tempDbDir();
      const dataDir = join(db.dir, 'data');
      const eventsFile = join(db.dir, 'events.yaml');
      writeFileSync(eventsFile, `- id: seminar-2027-ip\n  topic: seminar\n  title: { zh-Hant: 知識產權研討會, en: IP seminar }\n  start: 2027-06-10T10:00:00+08:00\n  remind: [1d]\n`);
      const { openSqliteStorage } = await import('../../src/storage/sqlite.js');
      const s = openSqliteStorage(join(dataDir, 'ipbot.db'));
      const ids = Array.from({ length: 20 }, (_, i) => 7000 + i);
      for (const id of ids) s.subscribe(`telegram:${id}`, 'seminar');
      s.close();
      // Far below the 25/s the tick paces at: most sends meet a 429.
      fake.limitRate(5, 1);
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, TELEGRAM_BOT_TOKEN: FAKE_TOKEN, TELEGRAM_API_ROOT: fake.apiRoot, DATA_DIR: dataDir, EVENTS_FILE: eventsFile, LOG_LEVEL: 'warn' };
      const outputs: string[] = [];
      for (const now of ['2027-06-09T10:00:00+08:00', '2027-06-09T10:01:00+08:00', '2027-06-09T10:02:00+08:00', '2027-06-09T10:03:00+08:00']) {
        const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'reminders', 'tick', '--now', now], { env, cwd: process.cwd() });
        outputs.push(stdout);
        if (ids.every((id) => fake.messagesTo(id).length > 0)) break;
      }
      expect(ids.map((id) => fake.messagesTo(id).length)).toEqual(ids.map(() => 1));
      expect(fake.callsOf('sendMessage').length).toBeGreaterThan(ids.length); // there were 429s
      for (const out of outputs) expect(out).toMatch(/failed 0, blocked 0, unconfirmed 0$/m);
    } finally {
      await fake.close();
    }
  }, 120_000);
});
