/**
 * The real service on Telegram (long polling through the runner) against the loopback fake Bot API
 * with faults injected, one row of issue 12's table at a time: nothing lost, nothing doubled.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI } from '../src/core/messages.js';
import { FAKE_TOKEN, FakeTelegram, textUpdate } from './support/fake-telegram.js';
import { startService, until, type RunningService } from './support/service-process.js';

let fake: FakeTelegram;
let dataDir: string;
let service: RunningService | undefined;

const env = () => ({
  TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
  TELEGRAM_API_ROOT: fake.apiRoot,
  LOG_LEVEL: 'info',
  // A hung call must still be open when SIGTERM comes.
  PLATFORM_TIMEOUT_SECONDS: '30',
});

beforeAll(async () => {
  fake = await FakeTelegram.start();
  dataDir = mkdtempSync(join(tmpdir(), 'ipbot-reliability-tg-'));
  service = await startService(dataDir, env());
}, 90_000);

afterAll(async () => {
  if (service && service.child.exitCode === null) service.child.kill('SIGKILL');
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const helpTo = (chatId: number) => fake.messagesTo(chatId).filter((m) => m.text === UI.en.help);

describe('Telegram under faults (service process)', () => {
  it('Bot API refusing sendMessage (502) for 2 s while replying: every reply arrives once, late', async () => {
    const users = [501, 502, 503, 504, 505];
    const end = Date.now() + 2000;
    fake.outage('sendMessage', () => Date.now() < end);
    for (const id of users) fake.push(textUpdate({ id, language_code: 'en' }, '/help'));
    await until(() => users.every((id) => helpTo(id).length >= 1), 'every reply after the outage', 30_000);
    // Give a duplicate the chance to show up.
    await new Promise((r) => setTimeout(r, 500));
    for (const id of users) expect(helpTo(id)).toHaveLength(1);
    expect(service!.logs().filter((l) => l.msg === 'handled message' && l.outcome === 'retried')).toHaveLength(users.length);
  }, 60_000);

  it('a sendMessage that never answers holds up no other chat; SIGTERM during it exits 0 within 5 s; a restart sends nothing twice', async () => {
    fake.inject({ method: 'sendMessage', chatId: 601, kind: 'hang', deliver: true, times: 1 });
    fake.push(textUpdate({ id: 601, language_code: 'en' }, '/help'));
    await until(() => fake.callsOf('sendMessage').some((c) => c.payload.chat_id === 601), 'the hung call');
    const asked = Date.now();
    fake.push(textUpdate({ id: 602, language_code: 'en' }, '/help'));
    await until(() => helpTo(602).length === 1, 'the other chat’s reply', 10_000);
    // Not the 60 s of the hung call: the other chat is answered at once.
    expect(Date.now() - asked).toBeLessThan(5000);

    const stopping = Date.now();
    service!.child.kill('SIGTERM');
    expect(await service!.exit).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(5000);

    // The hung message had arrived; Telegram has no idempotency key, so it is not sent again.
    service = await startService(dataDir, env());
    fake.push(textUpdate({ id: 603, language_code: 'en' }, '/help'));
    await until(() => helpTo(603).length === 1, 'a reply after the restart');
    await new Promise((r) => setTimeout(r, 500));
    expect(helpTo(601)).toHaveLength(1);
    expect(helpTo(602)).toHaveLength(1);
    expect(service.logs().some((l) => l.msg === 'handled message' && l.outcome === 'unconfirmed')).toBe(true);
  }, 90_000);
});
