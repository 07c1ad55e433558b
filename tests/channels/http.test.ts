import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../src/channels/http.js';
import { createLogger } from '../../src/logging.js';

const logger = createLogger({ logLevel: 'silent', logPretty: false });
let server: HttpServer | undefined;

afterEach(async () => {
  await server?.close(100);
  server = undefined;
});

async function start(options: { ready: () => boolean; routes?: Parameters<typeof startHttpServer>[0]['routes'] }) {
  server = await startHttpServer({ port: 0, host: '127.0.0.1', isReady: options.ready, routes: options.routes, logger });
  return `http://127.0.0.1:${server.port}`;
}

describe('startHttpServer', () => {
  it('answers /healthz at once and /readyz 503 until ready, then 200', async () => {
    let ready = false;
    const base = await start({ ready: () => ready });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const before = await fetch(`${base}/readyz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toEqual({ status: 'not ready' });
    ready = true;
    const after = await fetch(`${base}/readyz`);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${base}/healthz?probe=1`)).status).toBe(200);
  });

  it('returns 404 for unknown paths and 405 for a wrong method', async () => {
    const base = await start({ ready: () => true });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/`)).status).toBe(404);
    const wrong = await fetch(`${base}/healthz`, { method: 'POST', body: 'x' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('mounts webhook routes and survives a handler that throws', async () => {
    const base = await start({
      ready: () => true,
      routes: [
        {
          method: 'POST',
          path: '/hook',
          handler: async (req, res) => {
            let body = '';
            for await (const chunk of req) body += chunk;
            res.end(`got ${body}`);
          },
        },
        {
          method: 'POST',
          path: '/boom',
          handler: () => {
            throw new Error('handler bug');
          },
        },
      ],
    });
    const ok = await fetch(`${base}/hook`, { method: 'POST', body: 'hello' });
    expect(await ok.text()).toBe('got hello');
    expect((await fetch(`${base}/boom`, { method: 'POST' })).status).toBe(500);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('serves a route mounted after start (channels are created once the server is up)', async () => {
    const base = await start({ ready: () => false });
    expect((await fetch(`${base}/line/webhook`, { method: 'POST' })).status).toBe(404);
    server!.mount({ method: 'POST', path: '/line/webhook', handler: (_req, res) => void res.end('ok') });
    const mounted = await fetch(`${base}/line/webhook`, { method: 'POST' });
    expect(mounted.status).toBe(200);
    expect(await mounted.text()).toBe('ok');
  });

  it('answers malformed HTTP with 400 and keeps serving', async () => {
    const base = await start({ ready: () => true });
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(server!.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('lets a request in flight finish on close', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const base = await start({
      ready: () => true,
      routes: [
        {
          method: 'POST',
          path: '/slow',
          handler: async (_req, res) => {
            entered();
            await gate;
            res.end('done');
          },
        },
      ],
    });
    const pending = fetch(`${base}/slow`, { method: 'POST' });
    await inside;
    const closing = server!.close(5000);
    release();
    expect(await (await pending).text()).toBe('done');
    await closing;
    server = undefined;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
