/**
 * The one HTTP server on PORT: `GET /healthz` (alive), `GET /readyz` (knowledge indexed, database
 * open, channels started), and the webhook routes the channels mount. Everything else is 404.
 * A bad request or a failing handler never brings the process down.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  method: string;
  /** Exact path, without query string: `/telegram/webhook`, `/line/webhook`. */
  path: string;
  handler: RouteHandler;
}

export interface HttpServerOptions {
  port: number;
  /** Undefined = all interfaces. */
  host?: string;
  routes?: Route[];
  isReady: () => boolean;
  logger: Logger;
}

export interface HttpServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Adds a route once its channel exists (the server is up earlier so /healthz answers during start). */
  mount(route: Route): void;
  /**
   * Stops accepting connections and waits for requests in flight (a webhook being handled), for at
   * most `graceMs`, then drops whatever is left.
   */
  close(graceMs?: number): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const { logger, isReady } = options;
  const routes: Route[] = [
    { method: 'GET', path: '/healthz', handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handler: (_req, res) =>
        isReady() ? sendJson(res, 200, { status: 'ready' }) : sendJson(res, 503, { status: 'not ready' }),
    },
    ...(options.routes ?? []),
  ];

  let closing = false;
  const server = createServer(async (req, res) => {
    // While closing, a keep-alive connection that just finished its request must not hold close() up.
    res.on('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      sendJson(res, 400, { error: 'bad request' });
      return;
    }
    const forPath = routes.filter((r) => r.path === path);
    // HEAD is answered like GET (Node leaves the body out), so simple probes work too.
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const route = forPath.find((r) => r.method === method);
    if (!route) {
      if (forPath.length === 0) sendJson(res, 404, { error: 'not found' });
      else sendJson(res, 405, { error: 'method not allowed' }, { allow: forPath.map((r) => r.method).join(', ') });
      return;
    }
    try {
      await route.handler(req, res);
    } catch (err) {
      logger.error({ err, path }, 'HTTP handler failed');
      sendJson(res, 500, { error: 'internal error' });
    }
  });

  // Malformed HTTP (bad headers, oversized header block…): answer 400 and drop the socket.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    logger.debug({ code: err.code }, 'bad HTTP request');
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      server.on('error', (err) => logger.error({ err }, 'HTTP server error'));
      const port = (server.address() as AddressInfo).port;
      logger.info({ port, host: options.host ?? 'all interfaces' }, 'HTTP server listening');
      resolve({
        port,
        mount: (route) => {
          routes.push(route);
        },
        close: (graceMs = 3000) =>
          new Promise<void>((done) => {
            closing = true;
            const timer = setTimeout(() => server.closeAllConnections(), graceMs);
            timer.unref();
            server.close(() => {
              clearTimeout(timer);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
