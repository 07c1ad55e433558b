import { describe, expect, it } from 'vitest';
import { createLogger, logHandled, REDACTED, secretScrubber } from '../src/logging.js';

const TOKEN = '123456789:AAHfakeTokenForTestsOnly_abcdefghijk';
const LINE_SECRET = 'a1b2c3d4e5f6line-channel-secret';

function capture(level: 'info' | 'debug' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ logLevel: level, logPretty: false }, [TOKEN, LINE_SECRET], {
    destination: { write: (s: string) => void lines.push(s) },
  });
  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('createLogger', () => {
  it('writes JSON lines with level and message', () => {
    const { logger, records } = capture();
    logger.info({ port: 8080 }, 'listening');
    logger.debug('not at info');
    expect(records()).toHaveLength(1);
    expect(records()[0]).toMatchObject({ level: 'info', msg: 'listening', port: 8080 });
  });

  it('scrubs the token from a URL in the message and in an error (message and stack)', () => {
    const { logger, lines, records } = capture();
    const url = `https://api.telegram.org/bot${TOKEN}/sendMessage`;
    logger.warn(`request to ${url} failed`);
    // grammY-style error: the request URL (with the token) inside the message.
    const err = new Error(`Network request for 'sendMessage' failed! (fetch ${url})`);
    logger.error({ err }, 'update failed');
    logger.error(err);
    logger.info({ request: { url, nested: { deeper: `x ${TOKEN} y` } } }, 'nested');
    logger.info({ encoded: encodeURIComponent(TOKEN), lineBody: `secret=${LINE_SECRET}` }, 'encoded');

    const all = lines.join('');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(TOKEN.split(':')[1]);
    expect(all).not.toContain(encodeURIComponent(TOKEN));
    expect(all).not.toContain(LINE_SECRET);
    const [warn, withErr, bareErr, nested] = records();
    expect(warn?.msg).toBe(`request to https://api.telegram.org/bot${REDACTED}/sendMessage failed`);
    const e = withErr?.err as { message: string; stack: string };
    expect(e.message).toContain(`/bot${REDACTED}/sendMessage`);
    expect(e.stack).toContain(REDACTED);
    expect((bareErr?.err as { stack: string } | undefined)?.stack ?? String(bareErr?.stack)).toContain(REDACTED);
    expect(JSON.stringify(nested)).toContain(`x ${REDACTED} y`);
    // Every line is still valid JSON after scrubbing.
    expect(records()).toHaveLength(5);
  });

  it('redacts credential fields by name, even with values it was not told about', () => {
    const { logger, lines, records } = capture();
    logger.info(
      {
        token: 'other-token-123456',
        bot: { token: 'bot-token-123456' },
        line: { channelSecret: 'cs-123456', channelAccessToken: 'cat-123456' },
        req: { headers: { authorization: 'Bearer abcdef', 'x-line-signature': 'sig-123456', host: 'h' } },
        headers: { 'x-telegram-bot-api-secret-token': 'tg-secret-123' },
      },
      'fields',
    );
    const all = lines.join('');
    for (const value of ['other-token-123456', 'bot-token-123456', 'cs-123456', 'cat-123456', 'Bearer abcdef', 'sig-123456', 'tg-secret-123']) {
      expect(all).not.toContain(value);
    }
    const [record] = records();
    expect(record).toMatchObject({
      token: REDACTED,
      bot: { token: REDACTED },
      req: { headers: { authorization: REDACTED, 'x-line-signature': REDACTED, host: 'h' } },
    });
  });
});

describe('secretScrubber', () => {
  it('leaves text alone when there are no (long enough) secrets', () => {
    expect(secretScrubber([])('hello')).toBe('hello');
    expect(secretScrubber(['', 'ab'])('abc ab')).toBe('abc ab');
  });

  it('replaces regex-special secrets literally', () => {
    expect(secretScrubber(['a.b*c+d?'])('x a.b*c+d? aXbbc')).toBe(`x ${REDACTED} aXbbc`);
  });
});

describe('logHandled', () => {
  it('logs channel, latency and outcome at info without the text or the chat', () => {
    const { logger, lines, records } = capture('info');
    logHandled(logger, { channel: 'telegram', ms: 12.7, answered: true, kind: 'answer', text: '專利代理人考試', chat: 'telegram:42' });
    expect(records()[0]).toMatchObject({ level: 'info', channel: 'telegram', ms: 13, answered: true, kind: 'answer' });
    expect(lines.join('')).not.toContain('專利');
    expect(lines.join('')).not.toContain('telegram:42');
  });

  it('includes the text at debug level', () => {
    const { logger, records } = capture('debug');
    logHandled(logger, { channel: 'line', ms: 3, answered: false, kind: 'out-of-scope', text: 'weather?', chat: 'line:U1' });
    expect(records()[0]).toMatchObject({ level: 'debug', channel: 'line', answered: false, text: 'weather?', chat: 'line:U1' });
  });
});
