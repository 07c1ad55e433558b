import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ConfigError, configSecrets, configuredChannels, loadConfig, PACKAGE_KNOWLEDGE_DIR, type Env } from '../src/config.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijk';
const cwd = mkdtempSync(join(tmpdir(), 'ipbot-config-'));

function load(env: Env) {
  return loadConfig(env, { cwd });
}

/** The one-line message a misconfigured start prints. */
function errorOf(env: Env): string {
  try {
    load(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives documented defaults with an empty environment', () => {
    const config = load({});
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe(join(cwd, 'data'));
    expect(config.databaseFile).toBe(join(cwd, 'data', 'ipbot.db'));
    expect(config.knowledgeDir).toBe(PACKAGE_KNOWLEDGE_DIR);
    expect(config.eventsFile).toBe(join(PACKAGE_KNOWLEDGE_DIR, 'events.yaml'));
    expect(config.logLevel).toBe('info');
    expect(config.logPretty).toBe(false);
    expect(config.adminIds).toEqual([]);
    expect(config.broadcastTelegramRate).toBe(25);
    expect(config.broadcastLineRate).toBe(10);
    expect(config.reminderGraceMs).toBe(6 * 3_600_000);
    expect(configuredChannels(config)).toEqual([]);
  });

  it('reads a full configuration', () => {
    const config = load({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9999/',
      LINE_CHANNEL_SECRET: 'line-secret-value',
      LINE_CHANNEL_ACCESS_TOKEN: 'line-access-token-value',
      LINE_API_BASE_URL: 'http://127.0.0.1:9998',
      PORT: '3000',
      DATA_DIR: '/var/lib/ipbot',
      KNOWLEDGE_DIR: 'kb',
      ADMIN_IDS: ' telegram:123, line:U0123456789abcdef0123456789abcdef ',
      LOG_LEVEL: 'debug',
      LOG_PRETTY: 'on',
      BROADCAST_TELEGRAM_RATE: '10',
      BROADCAST_LINE_RATE: '2.5',
      REMINDER_GRACE_HOURS: '12',
    });
    expect(config.telegram).toEqual({ token: TOKEN, apiRoot: 'http://127.0.0.1:9999' });
    expect(config.line).toEqual({
      channelSecret: 'line-secret-value',
      channelAccessToken: 'line-access-token-value',
      apiBaseUrl: 'http://127.0.0.1:9998',
      dataApiBaseUrl: 'http://127.0.0.1:9998',
    });
    expect(config.port).toBe(3000);
    expect(config.databaseFile).toBe('/var/lib/ipbot/ipbot.db');
    expect(config.knowledgeDir).toBe(join(cwd, 'kb'));
    expect(config.eventsFile).toBe(join(cwd, 'kb', 'events.yaml'));
    expect(config.adminIds).toEqual(['telegram:123', 'line:U0123456789abcdef0123456789abcdef']);
    expect(config.logLevel).toBe('debug');
    expect(config.logPretty).toBe(true);
    expect(config.broadcastTelegramRate).toBe(10);
    expect(config.broadcastLineRate).toBe(2.5);
    expect(config.reminderGraceMs).toBe(12 * 3_600_000);
    expect(configuredChannels(config)).toEqual(['telegram', 'line']);
    expect(configSecrets(config)).toEqual(
      expect.arrayContaining([TOKEN, 'line-secret-value', 'line-access-token-value']),
    );
  });

  it('treats blank values as unset', () => {
    const config = load({ PORT: '', TELEGRAM_BOT_TOKEN: '  ', LINE_CHANNEL_SECRET: '' });
    expect(config.port).toBe(8080);
    expect(configuredChannels(config)).toEqual([]);
  });

  it('generates a webhook secret in webhook mode when none is given, and keeps a given one', () => {
    const generated = load({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook' });
    expect(generated.telegram?.webhook?.url).toBe('https://bot.example.org/telegram/webhook');
    expect(generated.telegram?.webhook?.secret).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(generated.telegram?.webhook?.secretGenerated).toBe(true);
    expect(configSecrets(generated)).toContain(generated.telegram?.webhook?.secret);

    const given = load({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook',
      TELEGRAM_WEBHOOK_SECRET: 'my_secret-1',
    });
    expect(given.telegram?.webhook).toEqual({ url: 'https://bot.example.org/hook', secret: 'my_secret-1', secretGenerated: false });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a port number, got "eighty"'],
    [{ PORT: '70000' }, 'PORT must be a port number, got "70000"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    [{ LOG_PRETTY: 'maybe' }, 'LOG_PRETTY must be on or off (true/false, 1/0, yes/no), got "maybe"'],
    [{ TELEGRAM_API_ROOT: 'api.telegram.org' }, 'TELEGRAM_API_ROOT must be an http(s) URL, got "api.telegram.org"'],
    [{ LINE_API_BASE_URL: 'ftp://x' }, 'LINE_API_BASE_URL must be an http(s) URL, got "ftp://x"'],
    [{ BROADCAST_TELEGRAM_RATE: '-3' }, 'BROADCAST_TELEGRAM_RATE must be a positive number of messages per second, got "-3"'],
    [{ BROADCAST_LINE_RATE: 'fast' }, 'BROADCAST_LINE_RATE must be a positive number of API calls per second, got "fast"'],
    [{ REMINDER_GRACE_HOURS: '0' }, 'REMINDER_GRACE_HOURS must be a number of hours from 1 to 720, got "0"'],
    [{ REMINDER_GRACE_HOURS: '6h' }, 'REMINDER_GRACE_HOURS must be a number of hours from 1 to 720, got "6h"'],
    [
      { ADMIN_IDS: 'telegram:123,whatsapp:5' },
      'ADMIN_IDS must be a comma-separated list of channel:id (telegram:<number>, line:<userId> or cli:local), got "whatsapp:5"',
    ],
    [
      { ADMIN_IDS: 'telegram:abc' },
      'ADMIN_IDS must be a comma-separated list of channel:id (telegram:<number>, line:<userId> or cli:local), got "telegram:abc"',
    ],
  ])('rejects %j with one clear line', (env, message) => {
    const text = errorOf(env);
    expect(text).toBe(message);
    expect(text).not.toContain('\n');
  });

  it('rejects one LINE credential without the other, naming the missing one', () => {
    expect(errorOf({ LINE_CHANNEL_SECRET: 'line-secret-value' })).toMatch(/^LINE_CHANNEL_ACCESS_TOKEN must be set when LINE_CHANNEL_SECRET is/);
    expect(errorOf({ LINE_CHANNEL_ACCESS_TOKEN: 'line-access-token' })).toMatch(/^LINE_CHANNEL_SECRET must be set when LINE_CHANNEL_ACCESS_TOKEN is/);
  });

  it('rejects a webhook URL on a path the server already answers', () => {
    for (const path of ['/line/webhook', '/healthz', '/readyz']) {
      expect(errorOf({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: `https://bot.example.org${path}` })).toBe(
        `TELEGRAM_WEBHOOK_URL must not use the path ${path} (taken by /healthz, /readyz, /line/webhook); e.g. https://bot.example.org/telegram/webhook`,
      );
    }
    expect(load({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/tg/hook' }).telegram?.webhook?.url).toBe(
      'https://bot.example.org/tg/hook',
    );
  });

  it('reads PUBLIC_URL (trailing slash dropped) and STAFF_CHAT, and rejects malformed ones by name', () => {
    const config = load({ PUBLIC_URL: 'https://bot.example.org/ipbot/', STAFF_CHAT: 'telegram:-1001234', TELEGRAM_BOT_TOKEN: TOKEN });
    expect(config.publicUrl).toBe('https://bot.example.org/ipbot');
    expect(config.staffChat).toBe('telegram:-1001234');
    expect(load({}).publicUrl).toBeUndefined();
    expect(load({}).staffChat).toBeUndefined();
    expect(errorOf({ PUBLIC_URL: 'bot.example.org' })).toMatch(/^PUBLIC_URL must be an http\(s\) URL/);
    expect(errorOf({ PUBLIC_URL: 'https://bot.example.org/?x=1' })).toMatch(/^PUBLIC_URL must be an http\(s\) URL without query/);
    expect(errorOf({ STAFF_CHAT: '-1001234' })).toMatch(/^STAFF_CHAT must be one chat as channel:id/);
    expect(errorOf({ STAFF_CHAT: 'telegram:1,telegram:2' })).toContain('STAFF_CHAT');
    // A staff chat on a channel that is not configured could never receive a hand-off.
    expect(errorOf({ STAFF_CHAT: 'line:Cstaff' })).toMatch(/^STAFF_CHAT is a LINE chat but LINE is not configured/);
    expect(errorOf({ STAFF_CHAT: 'telegram:-100' })).toMatch(/^STAFF_CHAT is a Telegram chat but TELEGRAM_BOT_TOKEN is not set/);
  });

  it('rejects a webhook URL without a bot token', () => {
    expect(errorOf({ TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/hook' })).toMatch(/TELEGRAM_BOT_TOKEN/);
  });

  it('names a malformed secret without echoing it', () => {
    const message = errorOf({ TELEGRAM_BOT_TOKEN: 'not a token at all' });
    expect(message).toBe(
      'TELEGRAM_BOT_TOKEN must be a bot token from @BotFather (<digits>:<letters>), got a value of 18 characters',
    );
    const secret = errorOf({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://x.org/h', TELEGRAM_WEBHOOK_SECRET: 'has spaces!' });
    expect(secret).not.toContain('has spaces!');
    expect(secret).toMatch(/^TELEGRAM_WEBHOOK_SECRET must be/);
  });

  it('reads a .env file, with the environment winning', () => {
    const file = join(cwd, 'test.env');
    writeFileSync(file, `# comment\nPORT=9090\nLOG_LEVEL=warn\nADMIN_IDS="telegram:42"\n`);
    const config = loadConfig({ LOG_LEVEL: 'error' }, { cwd, envFile: file });
    expect(config.port).toBe(9090);
    expect(config.logLevel).toBe('error');
    expect(config.adminIds).toEqual(['telegram:42']);
    // ENV_FILE names the file too.
    expect(loadConfig({ ENV_FILE: 'test.env' }, { cwd }).port).toBe(9090);
  });

  it('reports a malformed value from the .env file the same way', () => {
    const file = join(cwd, 'bad.env');
    writeFileSync(file, 'PORT=eighty\n');
    expect(() => loadConfig({}, { cwd, envFile: file })).toThrow('PORT must be a port number, got "eighty"');
  });

  it('ignores a .env in the working directory unless reading the real environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipbot-config-dotenv-'));
    writeFileSync(join(dir, '.env'), 'PORT=1234\n');
    expect(loadConfig({}, { cwd: dir }).port).toBe(8080);
  });

  it('accepts .env.example copied as is, giving the defaults', () => {
    const config = loadConfig({}, { cwd, envFile: join(import.meta.dirname, '..', '.env.example') });
    expect(config).toMatchObject({ port: 8080, logLevel: 'info', logPretty: false, adminIds: [] });
    expect(configuredChannels(config)).toEqual([]);
  });

  it('documents every variable it reads in .env.example and the README configuration table', () => {
    const root = join(import.meta.dirname, '..');
    const source = readFileSync(join(root, 'src', 'config.ts'), 'utf8');
    const read = new Set([...source.matchAll(/read\.(?:raw|parse)\(\s*'([A-Z0-9_]+)'/g)].map((m) => m[1]!));
    expect(read.size).toBeGreaterThanOrEqual(18);
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const name of read) {
      expect(example, `.env.example documents ${name}`).toMatch(new RegExp(`^${name}=`, 'm'));
      expect(readme, `README documents ${name}`).toContain(`| \`${name}\` |`);
    }
  });

  it('compose.yaml passes every variable to the container, except those the image sets', () => {
    const root = join(import.meta.dirname, '..');
    const source = readFileSync(join(root, 'src', 'config.ts'), 'utf8');
    const read = [...source.matchAll(/read\.(?:raw|parse)\(\s*'([A-Z0-9_]+)'/g)].map((m) => m[1]!);
    const compose = parseYaml(readFileSync(join(root, 'compose.yaml'), 'utf8')) as {
      services: { ipbot: { environment: Record<string, string> } };
    };
    const passed = Object.keys(compose.services.ipbot.environment);
    // Set by the Dockerfile (a blank value from compose would override them); HOST: all interfaces in a container.
    const fromImage = ['DATA_DIR', 'PORT', 'HOST'];
    expect(passed.sort()).toEqual(read.filter((name) => !fromImage.includes(name)).sort());
  });

  it('rejects an ENV_FILE that does not exist', () => {
    expect(errorOf({ ENV_FILE: 'missing.env' })).toBe('ENV_FILE must name an existing file, got "missing.env"');
  });
});
