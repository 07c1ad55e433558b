/** The flags shared by the commands that read the knowledge base (`ipbot ask`, `ipbot index`). */
import { PACKAGE_KNOWLEDGE_DIR } from '../knowledge/paths.js';
import type { CliIo } from './io.js';

export interface KnowledgeArgs {
  json: boolean;
  /** `--dir`, else KNOWLEDGE_DIR, else the package's knowledge/. */
  dir: string;
  /** Words of the command line that are not flags (only when `words` was allowed). */
  words: string[];
}

/**
 * Parses `--json`, `--dir DIR` / `--dir=DIR` and `--help`. With `words`, other arguments are words
 * (`--` ends the flags); without, they are usage errors. Returns an exit code when the command is
 * done (help printed: 0; usage error printed: 2).
 */
export function parseKnowledgeArgs(
  command: string,
  args: string[],
  usage: string,
  io: Pick<CliIo, 'out' | 'err' | 'env'>,
  options: { words: boolean },
): KnowledgeArgs | number {
  let json = false;
  let dir: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json') json = true;
    else if (arg === '--dir') {
      dir = args[++i];
      if (!dir) {
        io.err(`ipbot ${command}: --dir needs a directory\n${usage}`);
        return 2;
      }
    } else if (arg.startsWith('--dir=')) dir = arg.slice('--dir='.length);
    else if (arg === '--help' || arg === '-h') {
      io.out(usage);
      return 0;
    } else if (!options.words) {
      io.err(`ipbot ${command}: unexpected argument "${arg}"\n${usage}`);
      return 2;
    } else if (arg === '--') {
      words.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('--')) {
      io.err(`ipbot ${command}: unknown option "${arg}"\n${usage}`);
      return 2;
    } else words.push(arg);
  }
  return { json, dir: dir ?? defaultKnowledgeDir(io.env), words };
}

/** KNOWLEDGE_DIR, else the package's knowledge/. */
export function defaultKnowledgeDir(env: NodeJS.ProcessEnv): string {
  return env.KNOWLEDGE_DIR || PACKAGE_KNOWLEDGE_DIR;
}
