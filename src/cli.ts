/**
 * The `ipbot` command. Each subcommand is loaded on demand so `ipbot ask` starts without loading
 * the Telegram, LINE or scheduling libraries.
 */
import { pathToFileURL } from 'node:url';
import { processIo, type CliCommand, type CliIo } from './cli/io.js';

const USAGE = `ipbot — Guangdong–Hong Kong IP public-service assistant

Usage:
  ipbot ask [--json] [--dir DIR] "question"   answer one question (no question + --json: one per stdin line)
  ipbot chat                                   talk to ipbot in the terminal (subscriptions are stored too)
  ipbot index [--dir DIR]                      check the knowledge base and show what it loaded
  ipbot import FILE… [--dry-run] [--dir DIR]   add a PDF, Word, web page or text document (import --help)
  ipbot serve                                  run the bot (same as npm start)
  ipbot reminders tick [--now ISO-8601]        send the reminders that are due now, once
  ipbot stats [--json] [--lang zh-Hant|zh-Hans|en]   question, feedback, hand-off and subscriber statistics
  ipbot links [--out DIR]                      one-tap subscription links per topic (+ QR code PNGs in DIR)
  ipbot line richmenu                          create or update the LINE rich menus and link users to theirs
  ipbot help                                   this text
`;

const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  ask: async () => (await import('./cli/ask.js')).runAsk,
  chat: async () => (await import('./cli/chat.js')).runChat,
  index: async () => (await import('./cli/index-command.js')).runIndex,
  import: async () => (await import('./cli/import-command.js')).runImport,
  serve: async () => (await import('./main.js')).runServe,
  reminders: async () => {
    const { runRemindersTick } = await import('./cli/reminders-command.js');
    return async (args, io) => {
      if (args[0] !== 'tick') {
        io.err('Usage: ipbot reminders tick [--now ISO-8601]');
        return 2;
      }
      return runRemindersTick(args.slice(1), io);
    };
  },
  stats: async () => (await import('./cli/stats-command.js')).runStats,
  links: async () => (await import('./cli/links.js')).runLinks,
  line: async () => (await import('./cli/line-richmenu.js')).runLine,
};

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(USAGE);
    return name ? 0 : 1;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`ipbot: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (await load())(args, io);
  } catch (err) {
    // A configuration mistake (or anything a command did not expect) is one line, never a stack trace.
    const { ConfigError } = await import('./config.js');
    io.err(err instanceof ConfigError ? `ipbot: ${err.message}` : `ipbot ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

// Run when executed directly (`node --import tsx src/cli.ts`); bin/ipbot.js calls runCli itself.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`ipbot: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
