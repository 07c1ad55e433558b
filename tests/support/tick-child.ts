/**
 * One reminder tick in its own process, against a shared database file: used to show that two
 * processes ticking at once never both send. Args: <db file> <events json file> <now ISO>.
 * Prints the deliveries it sent, one JSON line.
 */
import { readFileSync } from 'node:fs';
import { runReminderTick } from '../../src/core/reminders.js';
import { openSqliteStorage } from '../../src/storage/sqlite.js';
import { FakeSender } from './fake-sender.js';

const [file, eventsFile, now] = process.argv.slice(2);
const storage = openSqliteStorage(file!);
const telegram = new FakeSender('telegram');
const line = new FakeSender('line');
// Yield between sends so the two processes interleave their claims.
telegram.beforeSend = line.beforeSend = () => new Promise((r) => setTimeout(r, 2));
const summary = await runReminderTick({
  now: new Date(now!),
  storage,
  events: JSON.parse(readFileSync(eventsFile!, 'utf8')),
  senders: [telegram, line],
});
storage.close();
process.stdout.write(`${JSON.stringify({ sent: summary.sent.map((d) => `${d.ref} ${d.chat}`), calls: telegram.calls.length + line.calls.length })}\n`);
