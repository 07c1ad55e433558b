import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runRemindersTick, type OpenTickEnvironment } from '../../src/cli/reminders-command.js';
import { runStats } from '../../src/cli/stats-command.js';
import type { CliIo } from '../../src/cli/io.js';
import { FakeSender } from '../support/fake-sender.js';
import { FakeTelegram, FAKE_TOKEN } from '../support/fake-telegram.js';
import { tempDbDir } from '../support/temp-db.js';

function io(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), stdin: new PassThrough(), env };
  return { io: value, out, err };
}

const EVENTS = `- id: exam-2027-registration
  topic: exam
  title: { zh-Hant: 專利代理師考試報名開始, en: Patent agent exam registration opens }
  start: 2027-04-10T09:00:00+08:00
  remind: [7d]
`;

/** A database with one English subscriber to the exam topic, and the events file beside it. */
function withSubscriber(chat: string) {
  const db = tempDbDir();
  const eventsFile = join(db.dir, 'events.yaml');
  writeFileSync(eventsFile, EVENTS);
  const setup = db.open();
  setup.ensureChat(chat, { lang: 'en' });
  setup.subscribe(chat, 'exam');
  setup.close();
  return { db, eventsFile };
}

/** The tick's environment over this database and events file, sending through `sender`. */
function tickEnvironment(db: ReturnType<typeof tempDbDir>, eventsFile: string, sender: FakeSender): OpenTickEnvironment {
  return async () => {
    const storage = db.open();
    return { storage, eventsFile, senders: [sender], log: () => {}, close: () => storage.close() };
  };
}

describe('ipbot reminders tick', () => {
  it('sends what is due at --now, prints it, and sends nothing the second time', async () => {
    const { db, eventsFile } = withSubscriber('telegram:42');
    const telegram = new FakeSender('telegram');
    const open = tickEnvironment(db, eventsFile, telegram);
    const first = io();
    expect(await runRemindersTick(['--now', '2027-04-03T09:00:00+08:00'], first.io, open)).toBe(0);
    expect(first.out.join('\n')).toContain('sent     reminder exam-2027-registration@7d → telegram:42 [en]');
    expect(first.out.join('\n')).toContain('sent 1, pending 0, skipped 0');
    expect(telegram.calls[0]!.text).toContain('Patent agent exam registration opens');
    const second = io();
    expect(await runRemindersTick(['--now=2027-04-03T09:05:00+08:00'], second.io, open)).toBe(0);
    expect(second.out.join('\n')).toContain('sent 0, pending 0, skipped 0');
    expect(telegram.calls).toHaveLength(1);
  });

  it('says so when the events file does not exist, and still runs (exit 0)', async () => {
    const db = tempDbDir();
    const eventsFile = join(db.dir, 'evnets.yaml');
    const open = tickEnvironment(db, eventsFile, new FakeSender('telegram'));
    const t = io();
    expect(await runRemindersTick(['--now', '2027-04-03T09:00:00+08:00'], t.io, open)).toBe(0);
    expect(t.err.join('\n')).toContain(`${eventsFile}: no such file`);
    expect(t.out.join('\n')).toContain('sent 0, pending 0, skipped 0');
  });

  it('uses REMINDER_GRACE_HOURS from the bot configuration: a reminder 9 h late is skipped by default, sent with 12', async () => {
    const telegram = await FakeTelegram.start();
    try {
      const late = async (graceHours: string | undefined, chatId: number) => {
        const { db, eventsFile } = withSubscriber(`telegram:${chatId}`);
        const t = io({
          TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
          TELEGRAM_API_ROOT: telegram.apiRoot,
          DATA_DIR: dirname(db.file),
          EVENTS_FILE: eventsFile,
          LOG_LEVEL: 'silent',
          ...(graceHours ? { REMINDER_GRACE_HOURS: graceHours } : {}),
        });
        // The 7-day reminder fell due at 09:00; the tick runs at 18:00.
        expect(await runRemindersTick(['--now', '2027-04-03T18:00:00+08:00'], t.io)).toBe(0);
        return t.out.join('\n');
      };
      expect(await late(undefined, 4301)).toContain('sent 0, pending 0, skipped 1');
      expect(telegram.messagesTo(4301)).toHaveLength(0);
      expect(await late('12', 4302)).toContain('sent 1, pending 0, skipped 0');
      expect(telegram.messagesTo(4302)).toHaveLength(1);
    } finally {
      await telegram.close();
    }
  });

  it('exits 1 when the events file has an invalid entry (the valid ones are still sent), and warns about an empty file', async () => {
    const { db, eventsFile } = withSubscriber('telegram:43');
    writeFileSync(eventsFile, `${EVENTS}- id: broken\n  topic: nosuchtopic\n`);
    const telegram = new FakeSender('telegram');
    const open = tickEnvironment(db, eventsFile, telegram);
    const t = io();
    expect(await runRemindersTick(['--now', '2027-04-03T09:00:00+08:00'], t.io, open)).toBe(1);
    expect(telegram.recipients).toEqual(['telegram:43']);
    expect(t.err.join('\n')).toMatch(/has 1 invalid entry/);

    writeFileSync(eventsFile, '# no events yet\n');
    const empty = io();
    expect(await runRemindersTick(['--now', '2027-04-03T09:00:00+08:00'], empty.io, open)).toBe(0);
    expect(empty.err.join('\n')).toMatch(/warning: .*holds no events/);
  });

  it('rejects a malformed --now without touching anything', async () => {
    const t = io();
    let opened = false;
    const code = await runRemindersTick(['--now', 'next tuesday'], t.io, async () => {
      opened = true;
      throw new Error('should not open');
    });
    expect(code).toBe(2);
    expect(opened).toBe(false);
    expect(t.err.join('\n')).toContain('--now needs an ISO-8601 time');
  });
});

describe('ipbot reminders tick without credentials', () => {
  it('says no channel is configured instead of a bare "sent 0", and sends later once one is', async () => {
    const { db, eventsFile } = withSubscriber('telegram:42');
    const openWith = (senders: FakeSender[]): OpenTickEnvironment => async () => {
      const storage = db.open();
      return { storage, eventsFile, senders, log: () => {}, close: () => storage.close() };
    };
    const bare = io();
    expect(await runRemindersTick(['--now', '2027-04-03T09:00:00+08:00'], bare.io, openWith([]))).toBe(0);
    expect(bare.err.join('\n')).toContain('ipbot reminders tick: no channel is configured (set TELEGRAM_BOT_TOKEN');
    const telegram = new FakeSender('telegram');
    const later = io();
    await runRemindersTick(['--now', '2027-04-03T09:05:00+08:00'], later.io, openWith([telegram]));
    expect(later.err.join('\n')).not.toContain('no channel is configured');
    expect(later.out.join('\n')).toContain('sent 1,');
  });
});

describe('ipbot stats', () => {
  it('prints the same statistics as /stats from DATA_DIR/ipbot.db', async () => {
    const db = tempDbDir();
    const dataDir = join(db.dir, 'data');
    const { openSqliteStorage } = await import('../../src/storage/sqlite.js');
    const s = openSqliteStorage(join(dataDir, 'ipbot.db'));
    s.recordQuestion({ chat: 'telegram:1', text: '商標點樣註冊', folded: '商标点样注册', lang: 'zh-Hant', answered: false, kind: 'answer', at: new Date() });
    s.recordQuestion({ chat: 'line:U1', text: '商标点样注册', folded: '商标点样注册', lang: 'zh-Hans', answered: false, kind: 'answer', at: new Date() });
    s.subscribe('line:U1', 'trademark');
    s.close();
    const t = io({ DATA_DIR: dataDir });
    const code = await runStats(['--lang', 'en'], t.io);
    expect(t.err.join('\n')).toBe('');
    expect(code).toBe(0);
    const out = t.out.join('\n');
    expect(out).toContain('Last 7 days: 2 questions, 0 answered (0%)');
    expect(out).toContain('(×2)');
    expect(out).toContain('Famous trademark (trademark): 1');
  });

  it('names a wrong --lang value instead of calling --lang unknown', async () => {
    for (const [args, said] of [[['--lang', 'xx'], 'got "xx"'], [['--lang'], 'got nothing']] as const) {
      const t = io({ DATA_DIR: tempDbDir().dir });
      expect(await runStats([...args], t.io)).toBe(2);
      expect(t.err.join('\n').split('\n')[0]).toBe(`ipbot stats: --lang must be zh-Hant, zh-Hans or en, ${said}`);
    }
  });
});
