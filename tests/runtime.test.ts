import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incoming } from '../src/core/assistant.js';
import { openRuntime, type Runtime } from '../src/runtime.js';

const lines: string[] = [];
let runtime: Runtime;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ipbot-runtime-'));
  // As a CLI command opens it: from an environment, logs to a line sink, no channel configured.
  runtime = await openRuntime({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { log: (line) => lines.push(line) });
});
afterAll(() => runtime?.close());

const say = (text: string, chat = 'cli:runtime-test'): Incoming => ({ channel: 'cli', chat, sender: chat, event: { type: 'text', text } });
const handled = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'handled message');

describe('openRuntime', () => {
  it('opens the database under DATA_DIR and the package knowledge base, with no channels', () => {
    expect(runtime.storage.file).toBe(join(runtime.config.dataDir, 'ipbot.db'));
    expect(runtime.channels).toEqual([]);
    expect(runtime.senders.size).toBe(0);
  });

  it('logs one line per handled message: answered or not, never the text at info', async () => {
    lines.length = 0;
    const answered = await runtime.assistant.handle(say('香港考生喺邊度考專利代理人考試？'));
    const declined = await runtime.assistant.handle(say('What is the weather in Tokyo tomorrow?'));
    await runtime.assistant.handle(say('/subscribe exam'));
    expect(answered.length).toBeGreaterThan(0);
    expect(declined.length).toBeGreaterThan(0);
    expect(handled()).toEqual([
      expect.objectContaining({ level: 'info', channel: 'cli', answered: true, kind: 'question' }),
      expect.objectContaining({ level: 'info', channel: 'cli', answered: false, kind: 'question' }),
      expect.objectContaining({ level: 'info', channel: 'cli', answered: true, kind: 'command' }),
    ]);
    const all = lines.join('\n');
    expect(all).not.toContain('專利代理人');
    expect(all).not.toContain('Tokyo');
    expect(all).not.toContain('cli:runtime-test');
    // And the state went to the database.
    expect(runtime.storage.listSubscriptions('cli:runtime-test')).toEqual(['exam']);
  });
});
