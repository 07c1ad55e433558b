/**
 * `ipbot chat`: the same conversation as Telegram and LINE, in a terminal. Buttons are shown as
 * numbered choices; typing the number presses the button. State is kept in the same database as
 * the bot (chat key `cli:local`), so subscriptions made here are real.
 */
import { createInterface } from 'node:readline';
import type { Button, Reply } from '../core/reply.js';
import { renderPlain } from '../core/reply.js';
import type { Assistant, Incoming } from '../core/assistant.js';
import type { CliIo } from './io.js';

const CHAT_KEY = 'cli:local';

export async function runChat(_args: string[], io: CliIo): Promise<number> {
  const { openRuntime } = await import('../runtime.js');
  // Only failures go to the terminal: info and warn lines (a refused staff command, say) would
  // interleave JSON with the conversation. Knowledge-base warnings are what `ipbot index` reports.
  const runtime = await openRuntime(io.env, { level: 'error', log: (line) => io.err(line) });
  try {
    await converse(runtime.assistant, io);
  } finally {
    runtime.close();
  }
  return 0;
}

/** Reads lines until end of input, answering each; exported for tests. */
export async function converse(assistant: Pick<Assistant, 'handle'>, io: CliIo): Promise<void> {
  const interactive = Boolean((io.stdin as NodeJS.ReadStream).isTTY);
  const lines = createInterface({ input: io.stdin, terminal: false });
  let choices: Button[] = [];
  const show = (replies: Reply[]) => {
    choices = [];
    for (const reply of replies) {
      const text = renderPlain(reply.blocks);
      if (text) io.out(text);
      const row = (reply.buttons ?? []).flat().map((button) => {
        choices.push(button);
        return `[${choices.length}] ${button.label}`;
      });
      if (row.length) io.out(row.join('  '));
    }
    if (interactive) io.out('');
  };
  // LANG=C or POSIX says nothing about the person; zh_HK.UTF-8 or en_GB.UTF-8 does.
  const locale = /^(zh|en|yue)/i.test(io.env.LANG ?? '') ? io.env.LANG!.split('.')[0] : undefined;
  const send = async (event: Incoming['event']) =>
    show(await assistant.handle({ channel: 'cli', chat: CHAT_KEY, sender: CHAT_KEY, event, ...(locale ? { locale } : {}) }));

  await send({ type: 'text', text: '/start' });
  if (interactive) io.out(`${TERMINAL_HINT}\n`);
  for await (const line of lines) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (/^\d{1,2}$/.test(text)) {
      const pressed = choices[Number(text) - 1];
      if (pressed) await send({ type: 'action', action: pressed.action });
      // A bare number is never a question: asking the documents about "9" answers something random.
      else io.out(noSuchButton(text, choices.length) + (interactive ? '\n' : ''));
      continue;
    }
    await send({ type: 'text', text: line });
  }
}

/** The terminal's own words, in both languages: it does not know the chat's language. */
const TERMINAL_HINT =
  '（輸入問題或指令；輸入數字按按鈕；/quit 離開） (Type a question or a command; a number presses a button; /quit leaves.)';

function noSuchButton(typed: string, count: number): string {
  return count
    ? `沒有按鈕 [${typed}]：請輸入 1–${count}，或用文字發問。 / No button [${typed}]: type 1–${count}, or ask in words.`
    : `現在沒有按鈕可按 [${typed}]，請用文字發問。 / There are no buttons to press now; ask in words.`;
}
