/**
 * `npm start` (= `node dist/main.js`, compiled at install) and `ipbot serve`: wires config, logger,
 * database, answer engine, assistant, channels, the HTTP server and the background work, and stops
 * them in order on SIGTERM / SIGINT.
 */
import { pathToFileURL } from 'node:url';
import type { CliCommand } from './cli/io.js';
import { startHttpServer, type HttpServer } from './channels/http.js';
import { ConfigError, configSecrets, configuredChannels, loadConfig, type Config, type Env } from './config.js';
import { createLogger, secretScrubber, type Logger } from './logging.js';
import type { Runtime, RuntimeChannel } from './runtime.js';

/** Everything must be stopped well inside the 5 s a container runtime usually waits before SIGKILL. */
export const SHUTDOWN_DEADLINE_MS = 4500;

/** How long a channel may take to start before the log says it is still trying. */
const SLOW_START_WARNING_MS = 15_000;

/** A repeat of a signal sooner than this is the same signal delivered twice (see onSignal). */
const DUPLICATE_SIGNAL_MS = 250;

export const NO_CHANNEL_MESSAGE =
  'ipbot: no channel configured. Set TELEGRAM_BOT_TOKEN for Telegram, and/or LINE_CHANNEL_SECRET and ' +
  'LINE_CHANNEL_ACCESS_TOKEN for LINE (see .env.example). To try ipbot locally without a channel: npx ipbot chat';

/** Something the background work (scheduler, outbox drainer) must finish before the database closes. */
interface Stoppable {
  name: string;
  stop(): Promise<void> | void;
}

export interface MainOptions {
  env?: Env;
  /** Where start-up failures go before a logger exists (default standard error). */
  stderr?: (line: string) => void;
  /** Installs SIGTERM/SIGINT handlers (default true). */
  handleSignals?: boolean;
}

/**
 * Runs the service until a signal stops it. Resolves with the process exit code: 1 when it could
 * not start (after printing why), 0 after a clean shutdown.
 */
export async function main(options: MainOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const stderr = options.stderr ?? ((line: string) => void process.stderr.write(`${line}\n`));

  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      stderr(`ipbot: ${err.message}`);
      return 1;
    }
    throw err;
  }
  if (configuredChannels(config).length === 0) {
    stderr(NO_CHANNEL_MESSAGE);
    return 1;
  }
  const secrets = configSecrets(config);
  const logger = createLogger(config, secrets);
  const scrub = secretScrubber(secrets);

  let ready = false;
  let http: HttpServer | undefined;
  let runtime: Runtime | undefined;
  const started: Stoppable[] = [];
  let shutdownStarted = false;
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (resolveExit = resolve));

  async function shutdown(reason: string): Promise<number> {
    ready = false;
    logger.info({ reason }, 'shutting down');
    const steps = async () => {
      // Stop taking updates and let replies in flight finish, then the background work, so
      // nothing writes to the database after it is closed.
      await Promise.all(
        (runtime?.channels ?? []).map((channel) =>
          channel.stop().catch((err: unknown) => logger.error({ err, channel: channel.name }, 'channel did not stop cleanly')),
        ),
      );
      for (const item of [...started].reverse()) {
        try {
          await item.stop();
        } catch (err) {
          logger.error({ err, what: item.name }, 'did not stop cleanly');
        }
      }
      await http?.close(500);
    };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), SHUTDOWN_DEADLINE_MS);
    });
    const outcome = await Promise.race([steps().then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    // better-sqlite3 is synchronous: no transaction is ever half-done at this point, so closing is safe
    // even when something above did not finish in time.
    try {
      runtime?.close();
    } catch (err) {
      logger.error({ err }, 'closing the database failed');
    }
    if (outcome === 'late') {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting anyway');
      return 1;
    }
    logger.info('stopped');
    return 0;
  }

  let firstSignalAt = 0;
  function onSignal(signal: NodeJS.Signals): void {
    // Ctrl-C under `npm start` delivers SIGINT twice within milliseconds (the terminal signals the
    // whole process group and npm forwards it again, measured): that is one request, not two.
    if (shutdownStarted && Date.now() - firstSignalAt < DUPLICATE_SIGNAL_MS) return;
    if (shutdownStarted) {
      // A second signal: the operator wants out now.
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    shutdownStarted = true;
    firstSignalAt = Date.now();
    void shutdown(signal).then(resolveExit);
  }
  if (options.handleSignals ?? true) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    // SIGHUP reloads the knowledge base (its default would end the process).
    process.on('SIGHUP', () => {
      if (shutdownStarted) logger.info('SIGHUP while stopping: ignored');
      else if (!runtime) logger.info('SIGHUP before the knowledge base is loaded: nothing to reload');
      else void runtime.knowledge?.reload('SIGHUP');
    });
    // One failing update must not stop the bot: channels and the assistant catch their own errors, so
    // reaching here is a bug worth a loud (scrubbed) line, not a crash.
    process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
    // Node's default would print the stack unscrubbed (a grammY URL carries the token); the state is
    // unknown after this, so stop, but through the scrubbing logger.
    process.on('uncaughtException', (err) => {
      logger.fatal({ err }, 'uncaught exception');
      process.exit(1);
    });
  }

  /** Resolves with 1 when the start failed, with nothing once the service is ready. */
  async function start(): Promise<number | undefined> {
    try {
      http = await startHttpServer({ port: config.port, host: config.host, isReady: () => ready && (runtime?.storage.writable() ?? false), logger });
      // Loaded here, not at the top, so a configuration error is reported before grammY, the LINE SDK,
      // SQLite and the search engine are even loaded.
      const { openRuntime } = await import('./runtime.js');
      runtime = await openRuntime(config, {
      logger,
      // A bot that can no longer receive updates must not look ready: stop, and exit non-zero so a
      // supervisor restarts it.
      onChannelFailure: (channel, error) => {
        logger.fatal({ channel, err: error }, 'channel stopped working');
        if (shutdownStarted) return;
        shutdownStarted = true;
        firstSignalAt = Date.now();
        void shutdown(`${channel} failed`).then(() => resolveExit(1));
      },
    });
      for (const channel of runtime.channels) {
        if (channel.webhook) http.mount({ method: 'POST', path: channel.webhook.path, handler: channel.webhook.handler });
      }
      const { calendarRoutes } = await import('./channels/calendar.js');
      for (const route of calendarRoutes({ events: runtime.durable.events, storage: runtime.storage, clock: runtime.clock })) http.mount(route);
      for (const channel of runtime.channels) {
        if (shutdownStarted) return undefined;
        await startChannel(channel);
      }
      if (shutdownStarted) return undefined;
      // Events file watch, the minute tick (reminders, digest) and the outbox drainer, which resumes
      // any broadcast a previous process left unfinished.
      runtime.durable.start();
      started.push({ name: 'scheduler and outbox drainer', stop: () => runtime!.durable.stop() });
      // Documents staff add or change (ipbot import, an edited catalogue) are picked up without a restart.
      runtime.knowledge?.watch();
      started.push({ name: 'knowledge watcher', stop: () => runtime!.knowledge?.close() });
      ready = true;
      logger.info({ port: http.port, channels: runtime.channels.map((c) => c.name) }, 'ipbot ready');
      return undefined;
    } catch (err) {
      if (shutdownStarted) return undefined;
      const message = scrub(startFailure(err, config.port));
      logger.fatal({ err }, 'could not start');
      stderr(`ipbot: could not start: ${message}`);
      shutdownStarted = true;
      await shutdown('start failed');
      return 1;
    }
  }

  async function startChannel(channel: RuntimeChannel): Promise<void> {
    // grammY retries getMe for as long as the network fails, so a wrong TELEGRAM_API_ROOT or no route
    // to Telegram would look like a silent hang: say so while it keeps trying.
    const slow = setInterval(
      () => logger.warn({ channel: channel.name }, 'channel has not started yet: still trying to reach the platform (check network and API URL)'),
      SLOW_START_WARNING_MS,
    );
    try {
      await channel.start();
    } finally {
      clearInterval(slow);
    }
    logger.info({ channel: channel.name, mode: channel.webhook ? `webhook ${channel.webhook.path}` : 'polling' }, 'channel started');
  }

  // A signal during start must not wait for a start that may never finish (a platform unreachable).
  return Promise.race([exited, start().then((failed) => failed ?? exited)]);
}

function startFailure(err: unknown, port: number): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return `PORT ${port} is already in use; set PORT to a free port`;
  if (code === 'EACCES') return `PORT ${port} needs privileges this user does not have; use a port above 1023`;
  return err instanceof Error ? err.message : String(err);
}

/** `ipbot serve`: the same service as `npm start`. */
export const runServe: CliCommand = async (_args, io) =>
  main({ env: io.env, stderr: (line) => io.err(line) });

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`ipbot: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
