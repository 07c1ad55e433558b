/**
 * `ipbot ask`: answer questions from the command line.
 *   ipbot ask "question"            the answer, for a person
 *   ipbot ask --json "question"     one JSON object
 *   ipbot ask --json < questions    one JSON object per input line, in order (the index is built once)
 * Standard output carries answers only; diagnostics go to standard error.
 */
import { createInterface } from 'node:readline';
import type { Contact } from '../core/contacts.js';
import type { Answer } from '../core/engine.js';
import { nextStep } from '../core/next-step.js';
import { renderPlain } from '../core/reply.js';
import { topicMentioned } from '../core/topics.js';
import { KnowledgeDirectoryError } from '../knowledge/paths.js';
import { engineCacheDir } from '../knowledge/engine-cache.js';
import { openAnswerEngine } from '../knowledge/open-engine.js';
import type { CliIo } from './io.js';
import { parseKnowledgeArgs } from './knowledge-args.js';

const USAGE = `usage: ipbot ask [--json] [--dir DIR] "question"
       ipbot ask --json [--dir DIR] < questions.txt   (one question per line, one JSON object per line)
Knowledge directory: --dir, else KNOWLEDGE_DIR, else the package's knowledge/.
The built index is kept in DATA_DIR/cache, else ~/.cache/ipbot, and rebuilt when the knowledge or ipbot changes.`;

/** For a person: the answer and, after a decline or a procedural answer, whom to ask (as in a chat). */
function withNextStep(answer: Answer, question: string, contacts: Contact[]): string {
  if (answer.kind !== 'answer' && answer.kind !== 'out-of-scope') return answer.answer;
  const topic = topicMentioned(question);
  const next = nextStep({ question, answered: answer.answered, ...(topic ? { topic } : {}), lang: answer.lang, contacts });
  return next.length ? `${answer.answer}\n\n${renderPlain(next)}` : answer.answer;
}

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
  const parsed = parseKnowledgeArgs('ask', args, USAGE, io, { words: true });
  if (typeof parsed === 'number') return parsed;
  const { json, dir, words } = parsed;
  const question = words.join(' ');
  if (words.length === 0 && !json) {
    io.err(`ipbot ask: no question given (use --json to read questions from standard input)\n${USAGE}`);
    return 2;
  }

  let loaded;
  try {
    loaded = await openAnswerEngine(dir, { cacheDir: engineCacheDir(io.env) });
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

  const { engine, contacts } = loaded;
  if (words.length > 0) {
    const answer = engine.ask(question);
    io.out(json ? answerJson(answer) : withNextStep(answer, question, contacts));
    return 0;
  }

  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
  for await (const line of lines) io.out(answerJson(engine.ask(line)));
  return 0;
}
