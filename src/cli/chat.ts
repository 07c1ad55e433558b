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
  // Only problems go to the terminal: info lines would interleave with the conversation.
  const runtime = await openRuntime(io.env, { level: 'warn', log: (line) => io.err(line) });
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
  for await (const line of lines) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    const pressed = /^\d{1,2}$/.test(text) ? choices[Number(text) - 1] : undefined;
    await send(pressed ? { type: 'action', action: pressed.action } : { type: 'text', text: line });
  }
}
