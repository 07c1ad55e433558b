/**
 * `ipbot ask`: answer questions from the command line.
 *   ipbot ask "question"            the answer, for a person
 *   ipbot ask --json "question"     one JSON object
 *   ipbot ask --json < questions    one JSON object per input line, in order (the index is built once)
 * Standard output carries answers only; diagnostics go to standard error.
 */
import { createInterface } from 'node:readline';
import { PACKAGE_KNOWLEDGE_DIR } from '../config.js';
import type { Answer } from '../core/engine.js';
import { KnowledgeDirectoryError } from '../core/knowledge/load.js';
import { loadAnswerEngine } from '../core/load-engine.js';
import type { CliIo } from './io.js';

const USAGE = `usage: ipbot ask [--json] [--dir DIR] "question"
       ipbot ask --json [--dir DIR] < questions.txt   (one question per line, one JSON object per line)
Knowledge directory: --dir, else KNOWLEDGE_DIR, else the package's knowledge/.`;

/** The JSON shape of one answer (`--json`). */
export function answerJson(answer: Answer): string {
  return JSON.stringify({
    query: answer.query,
    answered: answer.answered,
    answer: answer.answer,
    lang: answer.lang,
    sources: answer.sources.map((s) => ({ title: s.title, section: s.section, date: s.date, text: s.text, score: s.score })),
  });
}

export async function runAsk(args: string[], io: CliIo): Promise<number> {
  let json = false;
  let dir: string | undefined;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--dir') {
      dir = args[++i];
      if (!dir) {
        io.err(`ipbot ask: --dir needs a directory\n${USAGE}`);
        return 2;
      }
    } else if (arg.startsWith('--dir=')) dir = arg.slice('--dir='.length);
    else if (arg === '--help' || arg === '-h') {
      io.out(USAGE);
      return 0;
    } else if (arg === '--') {
      words.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('--')) {
      io.err(`ipbot ask: unknown option "${arg}"\n${USAGE}`);
      return 2;
    } else words.push(arg);
  }
  const question = words.join(' ');
  if (words.length === 0 && !json) {
    io.err(`ipbot ask: no question given (use --json to read questions from standard input)\n${USAGE}`);
    return 2;
  }

  dir ??= io.env.KNOWLEDGE_DIR || PACKAGE_KNOWLEDGE_DIR;
  let engine;
  try {
    const loaded = loadAnswerEngine(dir);
    engine = loaded.engine;
    if (loaded.warnings.length > 0) {
      io.err(`ipbot ask: ${loaded.warnings.length} knowledge warning(s); run \`ipbot index\` for details`);
    }
  } catch (error) {
    if (error instanceof KnowledgeDirectoryError) {
      io.err(`ipbot ask: ${error.message}`);
      return 1;
    }
    throw error;
  }

  if (words.length > 0) {
    const answer = engine.ask(question);
    io.out(json ? answerJson(answer) : answer.answer);
    return 0;
  }

  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) io.out(answerJson(engine.ask(line)));
  return 0;
}
