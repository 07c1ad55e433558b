/**
 * The one wiring of the service: from a validated Config to an open database, the answer engine,
 * the assistant with its plugins and one object per configured channel. `npm start` (main.ts)
 * starts the channels and serves them; `ipbot chat`, `ipbot reminders tick` and `ipbot stats` open
 * the same runtime — the last two without answering (`answering: false`: no knowledge base indexed)
 * — to use the same database and senders without polling or serving anything.
 */
import type { Assistant as AssistantClass, Incoming } from './core/assistant.js';
import { Assistant } from './core/assistant.js';
import type { HandledEvent } from './channels/inbox.js';
import type { AnswerEngine } from './core/engine.js';
import { engineCacheDir } from './knowledge/engine-cache.js';
import { openAnswerEngine, type LoadedEngine } from './knowledge/open-engine.js';
import { systemClock, type ChannelSender, type Clock } from './core/ports.js';
import type { Reply } from './core/reply.js';
import type { RouteHandler } from './channels/http.js';
import { createLineChannel } from './channels/line.js';
import { createTelegramChannel } from './channels/telegram.js';
import { configSecrets, configuredChannels, loadConfig, type Config, type Env, type LogLevel } from './config.js';
import { createDurable, domainLog, type Durable } from './durable.js';
import { createLogger, logHandled, type Logger } from './logging.js';
import { resilientStorage, type ResilientStorage } from './storage/resilient.js';
import { openSqliteStorage, type SqliteStorage } from './storage/sqlite.js';
import { formatWarning, openLiveKnowledge, type LiveKnowledge, type Loaded } from './knowledge-reload.js';
import type { Contact } from './core/contacts.js';

export type ServedChannelName = 'telegram' | 'line';

/** A configured channel, created but not started. */
export interface RuntimeChannel {
  name: ServedChannelName;
  sender: ChannelSender;
  /** The webhook route to mount on the one HTTP server, when the channel takes webhooks. */
  webhook?: { path: string; handler: RouteHandler };
  /** Begins taking updates (Telegram: long polling or setWebhook). */
  start(): Promise<void>;
  /** Stops taking updates and waits for the replies in flight. */
  stop(): Promise<void>;
}

export interface Runtime {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** The database; `storage.writable()` is false while it cannot be written (readiness). */
  storage: ResilientStorage;
  /** Always the index that is serving now (see `knowledge`); undefined when opened with `answering: false`. */
  engine: AnswerEngine | undefined;
  /**
   * The knowledge base, reloadable while the service runs (main.ts watches it and handles SIGHUP);
   * undefined when opened with `answering: false`.
   */
  knowledge: LiveKnowledge | undefined;
  /** The assistant (refuses to answer when opened with `answering: false`). */
  assistant: Pick<AssistantClass, 'handle'>;
  channels: RuntimeChannel[];
  /** One sender per configured channel, for reminders, broadcasts and reports. */
  senders: Map<ServedChannelName, ChannelSender>;
  /** Events, scheduler and broadcast drainer (not started: `main` starts them). */
  durable: Durable;
  /** Closes the database. Channels must have been stopped first. */
  close(): void;
}

export interface OpenRuntimeOptions {
  /** The service's logger. Without one, a logger is made that writes to `log` or standard error. */
  logger?: Logger;
  /** A started channel stopped working on its own (Telegram polling refused); the service should stop. */
  onChannelFailure?: (channel: ServedChannelName, error: Error) => void;
  /** Receives each JSON log line (CLI commands pass their stderr writer; stdout stays for results). */
  log?: (line: string) => void;
  /** Level for a logger made here (default: LOG_LEVEL). */
  level?: LogLevel;
  /**
   * False for commands that only send or count (`reminders tick`, `stats`): the knowledge base is
   * not indexed and the assistant refuses to answer. Channels are created (their senders work) but
   * never started here: `main` starts them after mounting their webhook routes.
   */
  answering?: boolean;
  clock?: Clock;
}

/** Opens the runtime from a validated Config, or from an environment (throws ConfigError). */
export async function openRuntime(source: Config | Env, options: OpenRuntimeOptions = {}): Promise<Runtime> {
  const config = isConfig(source) ? source : loadConfig(source);
  const logger = options.logger ?? cliLogger(config, options);
  const clock = options.clock ?? systemClock;

  const storage = resilientStorage(openSqliteStorage(config.databaseFile, { busyTimeoutMs: config.dbBusyTimeoutMs }), {
    log: logger.child({ component: 'database' }),
  });
  logger.info({ file: config.databaseFile, schemaVersion: storage.schemaVersion }, 'database open');
  try {
    const knowledge = options.answering === false ? undefined : await indexKnowledge(config, logger);

    // Events, reminders, digest, broadcasts and stats; its senders are attached once channels exist.
    const durable = createDurable({
      storage,
      clock,
      eventsFile: config.eventsFile,
      log: domainLog(logger),
      rates: { telegram: config.broadcastTelegramRate, line: config.broadcastLineRate },
      graceMs: config.reminderGraceMs,
      broadcastDeadlineMs: config.broadcastDeadlineMs,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.staffChat ? { staffChat: config.staffChat } : {}),
    });
    const plugins: ConstructorParameters<typeof Assistant>[0]['plugins'] = [durable.plugin, durable.handoffPlugin];
    const staff = new Set(config.adminIds);
    // Getters, not values: a reload swaps what the conversation reads (contacts, sections, later notes) with the index.
    const assistant: { handle: Handle } = knowledge
      ? new Assistant({
          engine: knowledge.engine,
          storage,
          clock,
          staff,
          plugins,
          get contacts() {
            return knowledge.current().contacts;
          },
          get knowledge() {
            return knowledge.current().kb;
          },
          get updates() {
            return knowledge.current().updates;
          },
        })
      : {
          handle: () => Promise.reject(new Error('this command opened ipbot without the knowledge base; it cannot answer')),
        };

    const wiring: ChannelWiring = { config, assistant, storage, logger, staff, onHandled: (event) => logHandled(logger, event) };
    const channels: RuntimeChannel[] = [];
    for (const name of configuredChannels(config)) {
      channels.push(
        name === 'telegram'
          ? telegramChannel(wiring, (error) => options.onChannelFailure?.('telegram', error))
          : lineChannel(wiring),
      );
    }
    const senders = new Map(channels.map((c) => [c.name, c.sender]));
    durable.setSenders(senders.values());
    return {
      config,
      logger,
      clock,
      storage,
      engine: knowledge?.engine,
      knowledge,
      assistant,
      channels,
      senders,
      durable,
      close: () => storage.close(),
    };
  } catch (err) {
    storage.close();
    throw err;
  }
}

/** What one load of KNOWLEDGE_DIR serves: the engine and, beside it, the sourced contacts. */
type KnowledgeLoad = Loaded & { contacts: Contact[]; fromCache: boolean };

/**
 * The knowledge base kept current: the first load comes from the saved index when it matches the files; a reload
 * (SIGHUP, a changed file) builds afresh and saves the index for the next start.
 */
async function openKnowledge(config: Config, logger: Logger): Promise<LiveKnowledge<KnowledgeLoad>> {
  const cacheDir = engineCacheDir({ DATA_DIR: config.dataDir });
  const withContactWarnings = (engine: LoadedEngine): KnowledgeLoad => ({ ...engine, warnings: [...engine.warnings, ...engine.contactWarnings] });
  const initial = withContactWarnings(await openAnswerEngine(config.knowledgeDir, { cacheDir }));
  const { loadAnswerEngine } = await import('./knowledge/load-engine.js');
  return openLiveKnowledge(config.knowledgeDir, {
    logger,
    ignore: [config.eventsFile],
    initial,
    load: (dir) => withContactWarnings(loadAnswerEngine(dir, { cacheDir })),
  });
}

function isConfig(source: Config | Env): source is Config {
  return typeof (source as Config).port === 'number' && typeof (source as Config).databaseFile === 'string';
}

function cliLogger(config: Config, options: OpenRuntimeOptions): Logger {
  const { log } = options;
  return createLogger({ logLevel: options.level ?? config.logLevel, logPretty: false }, configSecrets(config), {
    destination: log
      ? { write: (line: string) => log(line.replace(/\n$/, '')) }
      : { write: (line: string) => void process.stderr.write(line) },
  });
}

type Handle = (incoming: Incoming) => Promise<Reply[]>;

async function indexKnowledge(config: Config, logger: Logger): Promise<LiveKnowledge<KnowledgeLoad>> {
  const knowledge = await openKnowledge(config, logger);
  const loaded = knowledge.current();
  for (const warning of loaded.warnings) logger.warn({ warning: formatWarning(warning) }, 'knowledge base warning');
  logger.info({ dir: config.knowledgeDir, warnings: loaded.warnings.length, savedIndex: loaded.fromCache }, 'knowledge base indexed');
  return knowledge;
}

/** What every channel is built from. */
interface ChannelWiring {
  config: Config;
  assistant: { handle: Handle };
  storage: SqliteStorage;
  logger: Logger;
  staff: ReadonlySet<string>;
  onHandled: (event: HandledEvent) => void;
}

function telegramChannel(w: ChannelWiring, onFailure: (error: Error) => void): RuntimeChannel {
  const telegram = w.config.telegram!;
  const channel = createTelegramChannel({
    onFailure,
    token: telegram.token,
    apiRoot: telegram.apiRoot,
    ...(telegram.webhook ? { webhook: { url: telegram.webhook.url, secret: telegram.webhook.secret } } : {}),
    assistant: w.assistant,
    storage: w.storage,
    staff: w.staff,
    callTimeoutSeconds: w.config.callTimeoutMs / 1000,
    replyRetryMs: w.config.replyRetryMs,
    onHandled: w.onHandled,
    logger: w.logger.child({ channel: 'telegram' }),
  });
  return {
    name: 'telegram',
    sender: channel.sender,
    ...(channel.webhookHandler ? { webhook: { path: channel.webhookPath, handler: channel.webhookHandler } } : {}),
    start: () => channel.start(),
    stop: () => channel.stop(),
  };
}

function lineChannel(w: ChannelWiring): RuntimeChannel {
  const line = w.config.line!;
  const channel = createLineChannel({
    channelSecret: line.channelSecret,
    channelAccessToken: line.channelAccessToken,
    apiBaseUrl: line.apiBaseUrl,
    assistant: w.assistant,
    storage: w.storage,
    staff: w.staff,
    callTimeoutMs: w.config.callTimeoutMs,
    replyRetryMs: w.config.replyRetryMs,
    onHandled: w.onHandled,
    logger: w.logger.child({ channel: 'line' }),
  });
  return {
    name: 'line',
    sender: channel.sender,
    webhook: { path: channel.webhookPath, handler: channel.webhookHandler },
    // LINE only takes webhooks (served once the route is mounted); start learns the bot's id.
    start: () => channel.start(),
    stop: () => channel.stop(),
  };
}
