/**
 * The reusable part of the service: from a validated Config to an open database, a loaded answer
 * engine, the assistant with its plugins and one object per configured channel. `npm start` (main.ts)
 * starts the channels and serves them; `ipbot reminders tick` and `ipbot stats` open the same runtime
 * to use the same database and senders without polling or serving anything.
 */
import type { Assistant as AssistantClass, Incoming } from './core/assistant.js';
import { Assistant } from './core/assistant.js';
import type { AnswerEngine } from './core/engine.js';
import { readContactsFile } from './knowledge/contacts-file.js';
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
  storage: SqliteStorage;
  /** Always the index that is serving now (see `knowledge`). */
  engine: AnswerEngine;
  /** The knowledge base, reloadable while the service runs (main.ts watches it and handles SIGHUP). */
  knowledge: LiveKnowledge;
  /** The assistant, wrapped so that every handled message is logged once (logHandled). */
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
   * Channels are created (their senders work) but never started here: `main` starts them after
   * mounting their webhook routes; CLI commands only send.
   */
  startChannels?: false;
  clock?: Clock;
}

/** Opens the runtime from a validated Config, or from an environment (throws ConfigError). */
export async function openRuntime(source: Config | Env, options: OpenRuntimeOptions = {}): Promise<Runtime> {
  const config = isConfig(source) ? source : loadConfig(source);
  const logger = options.logger ?? cliLogger(config, options);
  const clock = options.clock ?? systemClock;

  const storage = openSqliteStorage(config.databaseFile);
  logger.info({ file: config.databaseFile, schemaVersion: storage.schemaVersion }, 'database open');
  try {
    const knowledge = await openKnowledge(config, logger);
    const loaded = knowledge.current();
    for (const warning of loaded.warnings) logger.warn({ warning: formatWarning(warning) }, 'knowledge base warning');
    logger.info({ dir: config.knowledgeDir, warnings: loaded.warnings.length, savedIndex: loaded.fromCache }, 'knowledge base indexed');

    // Events, reminders, digest, broadcasts and stats; its senders are attached once channels exist.
    const durable = createDurable({
      storage,
      clock,
      eventsFile: config.eventsFile,
      log: domainLog(logger),
      rates: { telegram: config.broadcastTelegramRate, line: config.broadcastLineRate },
      graceMs: config.reminderGraceMs,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.staffChat ? { staffChat: config.staffChat } : {}),
    });
    const plugins: ConstructorParameters<typeof Assistant>[0]['plugins'] = [durable.plugin, durable.handoffPlugin];
    const staff = new Set(config.adminIds);
    // Getters, not values: a reload swaps what the conversation reads (contacts, sections, later notes) with the index.
    const assistant = observed(
      new Assistant({
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
      }),
      logger,
    );

    const channels: RuntimeChannel[] = [];
    for (const name of configuredChannels(config)) {
      channels.push(
        name === 'telegram'
          ? telegramChannel(config, assistant, storage, logger, (error) => options.onChannelFailure?.('telegram', error))
          : lineChannel(config, assistant, storage, logger),
      );
    }
    const senders = new Map(channels.map((c) => [c.name, c.sender]));
    durable.setSenders(senders.values());
    return {
      config,
      logger,
      clock,
      storage,
      engine: knowledge.engine,
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
  const withContacts = (engine: LoadedEngine): KnowledgeLoad => {
    const { contacts, warnings } = readContactsFile(config.knowledgeDir);
    return { ...engine, contacts, warnings: [...engine.warnings, ...warnings] };
  };
  const initial = withContacts(await openAnswerEngine(config.knowledgeDir, { cacheDir }));
  const { loadAnswerEngine } = await import('./knowledge/load-engine.js');
  return openLiveKnowledge(config.knowledgeDir, {
    logger,
    ignore: [config.eventsFile],
    initial,
    load: (dir) => withContacts(loadAnswerEngine(dir, { cacheDir })),
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

/** Logs one line per handled message — channel, latency, outcome — whichever channel it came by. */
function observed(assistant: { handle: Handle }, logger: Logger): { handle: Handle } {
  return {
    async handle(incoming) {
      const started = performance.now();
      const kind = kindOf(incoming);
      try {
        const replies = await assistant.handle(incoming);
        logHandled(logger, {
          channel: incoming.channel,
          ms: performance.now() - started,
          answered: kind === 'question' ? replies.some(isAnswer) : replies.length > 0,
          kind,
          chat: incoming.chat,
          ...(incoming.event.type === 'text' ? { text: incoming.event.text } : {}),
        });
        return replies;
      } catch (err) {
        logger.error({ err, channel: incoming.channel, kind }, 'handling a message failed');
        throw err;
      }
    },
  };
}

function kindOf(incoming: Incoming): string {
  const { event } = incoming;
  if (event.type === 'text') return event.text.trimStart().startsWith('/') ? 'command' : 'question';
  if (event.type === 'action') return `action:${event.action.type}`;
  return event.type;
}

/** An answered question is the one reply that offers 👍/👎 feedback on it. */
function isAnswer(reply: Reply): boolean {
  return (reply.buttons ?? []).some((row) => row.some((b) => b.action.type === 'feedback'));
}

function telegramChannel(
  config: Config,
  assistant: { handle: Handle },
  storage: SqliteStorage,
  logger: Logger,
  onFailure: (error: Error) => void,
): RuntimeChannel {
  const telegram = config.telegram!;
  const channel = createTelegramChannel({
    onFailure,
    token: telegram.token,
    apiRoot: telegram.apiRoot,
    ...(telegram.webhook ? { webhook: { url: telegram.webhook.url, secret: telegram.webhook.secret } } : {}),
    assistant,
    storage,
    logger: logger.child({ channel: 'telegram' }),
  });
  return {
    name: 'telegram',
    sender: channel.sender,
    ...(channel.webhookHandler ? { webhook: { path: channel.webhookPath, handler: channel.webhookHandler } } : {}),
    start: () => channel.start(),
    stop: () => channel.stop(),
  };
}

function lineChannel(config: Config, assistant: { handle: Handle }, storage: SqliteStorage, logger: Logger): RuntimeChannel {
  const line = config.line!;
  const channel = createLineChannel({
    channelSecret: line.channelSecret,
    channelAccessToken: line.channelAccessToken,
    apiBaseUrl: line.apiBaseUrl,
    assistant,
    storage,
    logger: logger.child({ channel: 'line' }),
  });
  return {
    name: 'line',
    sender: channel.sender,
    webhook: { path: channel.webhookPath, handler: channel.webhookHandler },
    // LINE only takes webhooks: serving starts when the route is mounted.
    start: async () => {},
    stop: () => channel.stop(),
  };
}
