/**
 * The running bot (src/main.ts) on a loopback fake Telegram: a staff broadcast from preview to the
 * delivery report, and a non-staff attempt refused — through the real channel, sender and drainer.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStorage } from '../src/storage/sqlite.js';
import { callbackUpdate, FakeTelegram, FAKE_TOKEN, textUpdate } from './support/fake-telegram.js';
import { spawnService } from './support/service-process.js';

const STAFF = { id: 900, language_code: 'zh-hk' };
const OUTSIDER = { id: 777, language_code: 'zh-cn' };

describe('broadcast through the running bot', () => {
  let telegram: FakeTelegram;
  let child: ChildProcess;
  let dir: string;
  let stderr = '';

  beforeAll(async () => {
    telegram = await FakeTelegram.start();
    dir = mkdtempSync(join(tmpdir(), 'ipbot-broadcast-'));
    const storage = openSqliteStorage(join(dir, 'ipbot.db'));
    storage.ensureChat('telegram:1001', { lang: 'zh-Hans' });
    storage.ensureChat('telegram:1002', { lang: 'zh-Hant' });
    storage.ensureChat('telegram:1003', { lang: 'en' });
    for (const id of [1001, 1002, 1003]) storage.subscribe(`telegram:${id}`, 'exam');
    storage.close();
    telegram.block(1003);
    child = spawnService(
      dir,
      {
        PORT: '0',
        TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        ADMIN_IDS: `telegram:${STAFF.id}`,
        EVENTS_FILE: join(dir, 'events.yaml'),
        LOG_LEVEL: 'info',
      },
      ['ignore', 'ignore', 'pipe'],
    );
    child.stderr!.on('data', (d) => (stderr += d));
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await telegram.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a non-staff /broadcast and sends nothing', async () => {
    telegram.push(textUpdate(OUTSIDER, '/broadcast all 中獎了'));
    const [reply] = await telegram.waitForMessages(OUTSIDER.id, 1, 40_000);
    expect(reply!.text).toContain('只有工作人员可以发送广播');
    expect(telegram.messagesTo(1002)).toHaveLength(0);
  });

  it('previews, sends nothing until confirmed, then delivers in each script and reports to staff', async () => {
    telegram.push(textUpdate(STAFF, '/broadcast exam 專利代理師考試報名將於四月開始'));
    const preview = await telegram.waitFor(
      () => telegram.messagesTo(STAFF.id).find((m) => m.replyMarkup?.inline_keyboard.flat().some((b) => b.callback_data.startsWith('bc:'))),
      40_000,
      'the preview with buttons',
    );
    const all = telegram.messagesTo(STAFF.id).map((m) => m.text).join('\n');
    expect(all).toContain('將發送給 3 位訂閱者');
    expect(all).toContain('专利代理师考试报名将于四月开始');
    const buttons = preview.replyMarkup!.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(['確認發送 / Confirm & send', '取消 / Cancel']);
    expect(telegram.messagesTo(1001)).toHaveLength(0);

    telegram.push(callbackUpdate(STAFF, buttons[0]!.callback_data));
    const [simplified] = await telegram.waitForMessages(1001, 1, 20_000);
    const [traditional] = await telegram.waitForMessages(1002, 1, 20_000);
    expect(simplified!.text).toContain('专利代理师考试报名将于四月开始');
    expect(traditional!.text).toContain('專利代理師考試報名將於四月開始');
    const report = await telegram.waitFor(
      () => telegram.messagesTo(STAFF.id).find((m) => m.text.includes('發送完成')),
      20_000,
      'the delivery report',
    );
    expect(report.text).toMatch(/成功 2，失敗 0，已封鎖 1/);
    expect(telegram.messagesTo(1001)).toHaveLength(1);
  });
});
