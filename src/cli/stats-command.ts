/** `ipbot stats [--json] [--lang zh-Hant|zh-Hans|en]`: the numbers `/stats` shows staff, from the bot's database. */
import { collectStats, formatStats } from '../core/stats.js';
import { isLang, type Lang } from '../core/types.js';
import type { CliIo } from './io.js';

const USAGE = 'Usage: ipbot stats [--json] [--lang zh-Hant|zh-Hans|en]';

export async function runStats(args: string[], io: CliIo): Promise<number> {
  let json = false;
  let lang: Lang = 'zh-Hant';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--lang') {
      const value = args[++i];
      if (!isLang(value)) {
        io.err(`ipbot stats: --lang must be zh-Hant, zh-Hans or en, got ${value === undefined ? 'nothing' : JSON.stringify(value)}\n${USAGE}`);
        return 2;
      }
      lang = value;
    } else {
      io.err(`ipbot stats: unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
      return 2;
    }
  }
  const { openRuntime } = await import('../runtime.js');
  // Only failures go to standard error: the report is the output.
  const runtime = await openRuntime(io.env, { answering: false, level: 'error', log: (line) => io.err(line) });
  try {
    const report = collectStats(runtime.storage, new Date());
    io.out(json ? JSON.stringify(report, null, 2) : formatStats(report, lang));
    return 0;
  } finally {
    runtime.close();
  }
}
