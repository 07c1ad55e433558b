/**
 * The real service process (`src/main.ts`), as an operator runs it: configuration errors, readiness,
 * and shutdown while a reply is on its way. Telegram is a small fake Bot API on loopback that can
 * hold a sendMessage answer until the test lets it go.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnService } from './support/service-process.js';
import { openSqliteStorage } from '../src/storage/sqlite.js';

const TOKEN = '424242:AAOperationsTestToken_abcdefghijklmnopq';
const USER = 5150;

interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function spawnMain(env: Record<string, string>): Spawned {
  const dataDir = mkdtempSync(join(tmpdir(), 'ipbot-main-'));
  const child = spawnService(dataDir, { PORT: '0', ...env });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exit };
}

function logLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The HTTP status, or 0 when the connection failed (a keep-alive socket can be reset under load). */
async function statusOf(url: string): Promise<number> {
  return fetch(url).then(
    async (r) => {
      await r.arrayBuffer();
      return r.status;
    },
    () => 0,
  );
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A minimal Bot API: getMe, long-polled getUpdates, and a sendMessage the test can hold. */
class HoldingBotApi {
  private server!: Server;
  private updates: Array<Record<string, unknown>> = [];
  private pollers: Array<() => void> = [];
  private nextUpdateId = 1;
  holdSendMessage = false;
  /** Answer getMe as Telegram does for a revoked or mistyped token. */
  refuseToken = false;
  /** Answer getUpdates as Telegram does when another process polls the same bot. */
  conflict = false;
  private held: Array<() => void> = [];
  readonly sentTexts: string[] = [];
  /** Calls seen, by method. */
  readonly seen: string[] = [];
  sendMessageArrived!: Promise<void>;
  private arrived!: () => void;

  static async start(): Promise<HoldingBotApi> {
    const api = new HoldingBotApi();
    api.sendMessageArrived = new Promise((r) => (api.arrived = r));
    api.server = createServer((req, res) => void api.route(req, res));
    await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', r));
    return api;
  }

  get root(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  push(text: string): void {
    const now = Math.floor(Date.now() / 1000);
    const from = { id: USER, is_bot: false, first_name: 'Op', language_code: 'en' };
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] : undefined;
    this.updates.push({
      update_id: this.nextUpdateId++,
      message: { message_id: this.nextUpdateId, date: now, from, chat: { id: USER, type: 'private', first_name: 'Op' }, text, ...(entities ? { entities } : {}) },
    });
    for (const wake of this.pollers.splice(0)) wake();
  }

  /** Ends every long poll in progress now (they answer with what is queued). */
  wakePollers(): void {
    for (const wake of this.pollers.splice(0)) wake();
  }

  release(): void {
    this.holdSendMessage = false;
    for (const go of this.held.splice(0)) go();
  }

  async close(): Promise<void> {
    for (const wake of this.pollers.splice(0)) wake();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const method = /\/bot[^/]+\/(\w+)$/.exec(req.url ?? '')?.[1] ?? '';
    const payload = (raw ? JSON.parse(raw) : {}) as Record<string, any>;
    this.seen.push(method);
    const ok = (result: unknown) => {
      if (!res.writableEnded) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
    };
    switch (method) {
      case 'getMe':
        if (this.refuseToken) {
          res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
          return;
        }
        return ok({ id: 424242, is_bot: true, first_name: 'ipbot', username: 'ipbot_ops_test_bot' });
      case 'getUpdates': {
        if (this.conflict) {
          res.writeHead(409, { 'content-type': 'application/json' }).end(
            JSON.stringify({ ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request' }),
          );
          return;
        }
        const offset = Number(payload.offset ?? 0);
        this.updates = this.updates.filter((u) => (u.update_id as number) >= offset);
        if (this.updates.length === 0 && Number(payload.timeout ?? 0) > 0) {
          await new Promise<void>((wake) => {
            this.pollers.push(wake);
            const timer = setTimeout(wake, Number(payload.timeout) * 1000);
            req.socket.once('close', () => {
              clearTimeout(timer);
              wake();
            });
          });
        }
        return ok(this.updates.filter((u) => (u.update_id as number) >= offset));
      }
      case 'sendMessage':
        if (this.holdSendMessage) {
          this.arrived();
          await new Promise<void>((go) => this.held.push(go));
        }
        this.sentTexts.push(String(payload.text));
        return ok({ message_id: 9000 + this.sentTexts.length, date: Math.floor(Date.now() / 1000), chat: { id: payload.chat_id, type: 'private' }, text: payload.text });
      default:
        return ok(true);
    }
  }
}

describe('npm start (src/main.ts)', () => {
  it('exits 1 naming the channel variables and `npx ipbot chat` when no channel is configured', async () => {
    const run = spawnMain({});
    const { code } = await run.exit;
    expect(code).toBe(1);
    const message = run.stderr();
    expect(message).toContain('TELEGRAM_BOT_TOKEN');
    expect(message).toContain('LINE_CHANNEL_SECRET');
    expect(message).toContain('LINE_CHANNEL_ACCESS_TOKEN');
    expect(message).toContain('npx ipbot chat');
  });

  it('exits 1 with one line naming a malformed variable', async () => {
    const run = spawnMain({ TELEGRAM_BOT_TOKEN: TOKEN, PORT: 'eighty' });
    const { code } = await run.exit;
    expect(code).toBe(1);
    expect(run.stderr().trim()).toBe('ipbot: PORT must be a port number, got "eighty"');
    expect(run.stdout()).toBe('');
  });

  it('exits 1 when only half of the LINE credentials is set, without echoing the secret', async () => {
    const run = spawnMain({ LINE_CHANNEL_SECRET: 'half-of-the-line-credentials' });
    expect((await run.exit).code).toBe(1);
    expect(run.stderr()).toMatch(/LINE_CHANNEL_ACCESS_TOKEN must be set/);
    expect(run.stderr()).not.toContain('half-of-the-line-credentials');
  });

  it('stops cleanly on SIGTERM while the Bot API never answers at start', async () => {
    // Accepts connections and never answers: grammY keeps waiting for getMe.
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const root = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const run = spawnMain({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: root, HOST: '127.0.0.1' });
      await until('getMe to be waiting', () => (sockets.length > 0 ? true : undefined));
      run.child.kill('SIGTERM');
      const { code } = await run.exit;
      expect(code).toBe(0);
      expect(logLines(run.stdout()).some((l) => l.msg === 'stopped')).toBe(true);
      expect(logLines(run.stdout()).some((l) => l.msg === 'ipbot ready')).toBe(false);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  describe('with a Telegram bot on a loopback Bot API', () => {
    let api: HoldingBotApi;
    afterEach(async () => {
      api?.release();
      await api?.close();
    });

    async function startService(): Promise<{ run: Spawned; base: string }> {
      api = await HoldingBotApi.start();
      const run = spawnMain({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.root, HOST: '127.0.0.1', LOG_LEVEL: 'info' });
      const port = await until('the HTTP server', () =>
        logLines(run.stdout()).find((l) => l.msg === 'HTTP server listening')?.port as number | undefined,
      );
      return { run, base: `http://127.0.0.1:${port}` };
    }

    it('becomes ready, and on SIGTERM finishes the reply in flight, closes the database and exits 0', async () => {
      const { run, base } = await startService();
      expect(await until('/healthz 200', async () => ((await statusOf(`${base}/healthz`)) === 200 ? true : undefined))).toBe(true);
      await until('/readyz 200', async () => ((await statusOf(`${base}/readyz`)) === 200 ? true : undefined));

      api.holdSendMessage = true;
      api.push('/subscribe exam');
      await api.sendMessageArrived;
      run.child.kill('SIGTERM');
      // While the reply is held, the service is stopping, not gone.
      await until('/readyz 503 while stopping', async () => ((await statusOf(`${base}/readyz`)) === 503 ? true : undefined));
      expect(run.child.exitCode).toBeNull();
      api.release();
      const { code } = await run.exit;
      expect(code).toBe(0);
      expect(api.sentTexts).toHaveLength(1);

      const lines = logLines(run.stdout());
      expect(lines.some((l) => l.msg === 'stopped')).toBe(true);
      // One line per handled message, without its text at info level.
      const handled = lines.filter((l) => l.msg === 'handled message');
      expect(handled).toEqual([expect.objectContaining({ channel: 'telegram', answered: true, kind: 'command' })]);
      expect(run.stdout()).not.toContain('/subscribe exam');
      // The token never reaches the logs.
      expect(run.stdout() + run.stderr()).not.toContain(TOKEN.split(':')[1]);

      // The subscription is durable and the database closed cleanly (reopens without recovery issues).
      const storage = openSqliteStorage(join(JSON.parse(JSON.stringify(lines.find((l) => l.msg === 'database open'))).file as string));
      try {
        expect(storage.listSubscriptions(`telegram:${USER}`)).toEqual(['exam']);
      } finally {
        storage.close();
      }
    });

    it('exits 1 with a clear line, and no token anywhere, when Telegram refuses the token', async () => {
      api = await HoldingBotApi.start();
      api.refuseToken = true;
      const run = spawnMain({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.root, HOST: '127.0.0.1' });
      expect((await run.exit).code).toBe(1);
      expect(run.stderr()).toMatch(/^ipbot: could not start: .*TELEGRAM_BOT_TOKEN/m);
      expect(run.stdout() + run.stderr()).not.toContain(TOKEN.split(':')[1]);
    });

    it('stops and exits 1 when polling dies after start, instead of staying ready with a dead bot', async () => {
      const { run, base } = await startService();
      await until('/readyz 200', async () => ((await statusOf(`${base}/readyz`)) === 200 ? true : undefined));
      api.conflict = true;
      api.wakePollers();
      const { code } = await run.exit;
      expect(code).toBe(1);
      const lines = logLines(run.stdout());
      expect(lines.some((l) => l.msg === 'channel stopped working' && l.channel === 'telegram')).toBe(true);
      expect(lines.some((l) => l.msg === 'stopped')).toBe(true);
      expect(run.stdout() + run.stderr()).not.toContain(TOKEN.split(':')[1]);
    });

    it('exits at once on a second signal even with a reply still held', async () => {
      const { run, base } = await startService();
      await until('/readyz 200', async () => ((await statusOf(`${base}/readyz`)) === 200 ? true : undefined));
      api.holdSendMessage = true;
      api.push('/help');
      await api.sendMessageArrived;
      run.child.kill('SIGTERM');
      await until('shutdown to begin', () => (logLines(run.stdout()).some((l) => l.msg === 'shutting down') ? true : undefined));
      // Later than the window in which a repeat counts as the same signal (npm's Ctrl-C echo).
      await new Promise((r) => setTimeout(r, 400));
      run.child.kill('SIGTERM');
      const { code } = await run.exit;
      expect(code).toBe(143);
      expect(api.sentTexts).toHaveLength(0);
    });
  });
});
