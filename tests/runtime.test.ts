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

describe('openRuntime', () => {
  it('opens the database under DATA_DIR and the package knowledge base, with no channels', () => {
    expect(runtime.storage.file).toBe(join(runtime.config.dataDir, 'ipbot.db'));
    expect(runtime.channels).toEqual([]);
    expect(runtime.senders.size).toBe(0);
  });

  it('answers and stores what it is told (the outcome line per message is the inbox\'s: see the channel tests)', async () => {
    const answered = await runtime.assistant.handle(say('香港考生喺邊度考專利代理人考試？'));
    await runtime.assistant.handle(say('/subscribe exam'));
    expect(answered.length).toBeGreaterThan(0);
    expect(runtime.storage.listSubscriptions('cli:runtime-test')).toEqual(['exam']);
    expect(lines.join('\n')).not.toContain('專利代理人');
  });

  it('a command that only sends or counts opens it without indexing the knowledge base, and cannot answer', async () => {
    const quiet: string[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'ipbot-runtime-'));
    const sending = await openRuntime({ DATA_DIR: dataDir, LOG_LEVEL: 'info' }, { answering: false, log: (line) => quiet.push(line) });
    try {
      expect(sending.engine).toBeUndefined();
      expect(quiet.some((l) => l.includes('knowledge base indexed'))).toBe(false);
      await expect(sending.assistant.handle(say('hello'))).rejects.toThrow(/cannot answer/);
    } finally {
      sending.close();
    }
  });
});
