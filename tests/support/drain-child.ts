/**
 * Drains the outbox in its own process and SIGKILLs itself at the N-th pacing pause, i.e. between
 * two sends. Every send is appended to a file first, so the parent knows what went out.
 * Args: <db file> <sent log file> <kill at pause N>.
 */
import { appendFileSync } from 'node:fs';
import { drainOutbox } from '../../src/core/broadcast.js';
import type { ChannelSender } from '../../src/core/ports.js';
import { openSqliteStorage } from '../../src/storage/sqlite.js';

const [file, sentLog, killAt] = process.argv.slice(2);
const storage = openSqliteStorage(file!);
const telegram: ChannelSender = {
  channel: 'telegram',
  maxBatch: 1,
  idempotent: false,
  fallbackLang: 'en',
  async send(chats) {
    appendFileSync(sentLog!, `${chats.join(',')}\n`);
    return chats.map((chat) => ({ chat, status: 'sent' as const }));
  },
};
// Time moves only when the drainer pauses, so it pauses before every send but the first.
// Starts at the broadcast's confirmation, so it is well inside its retry deadline.
let t = Date.parse(storage.listBroadcasts('sending')[0]?.confirmedAt ?? new Date().toISOString());
let pauses = 0;
await drainOutbox({
  storage,
  senders: [telegram],
  clock: { now: () => new Date(t) },
  rates: { telegram: 25 },
  sleep: async (ms) => {
    if (++pauses === Number(killAt)) process.kill(process.pid, 'SIGKILL');
    t += ms;
  },
});
