/**
 * Channel-neutral replies. The domain says *what* to show as blocks; each channel decides *how*
 * (Telegram HTML, LINE plain text + quick replies, terminal plain text). Block text is plain text:
 * never pre-escaped, never markup — each renderer escapes for its own platform.
 */
import type { Action } from './actions.js';

export type Block =
  /** Ordinary prose. */
  | { type: 'text'; text: string }
  /** A short bold line that opens a reply. */
  | { type: 'heading'; text: string }
  /** A passage quoted from a document. */
  | { type: 'quote'; text: string }
  /** The citation line: document, section, date. */
  | { type: 'source'; text: string }
  /** A caveat (old source, check the latest notice…). */
  | { type: 'note'; text: string }
  /** A link the documents or staff gave; never invented. */
  | { type: 'link'; text: string; url: string };

export interface Button {
  label: string;
  action: Action;
}

export interface Reply {
  blocks: Block[];
  /** Rows of buttons (Telegram inline keyboard; LINE quick replies, flattened). */
  buttons?: Button[][];
  /** A file sent after the blocks, where the channel can send files (Telegram sendDocument). */
  document?: ReplyDocument;
}

export interface ReplyDocument {
  filename: string;
  mimeType: string;
  content: string;
}

export function textReply(text: string, buttons?: Button[][]): Reply {
  return buttons ? { blocks: [{ type: 'text', text }], buttons } : { blocks: [{ type: 'text', text }] };
}

/** Plain-text rendering used by the terminal, LINE and logs of what was sent. */
export function renderPlain(blocks: readonly Block[]): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'quote':
          return b.text
            .split('\n')
            .map((line) => `「${line}」`)
            .join('\n');
        case 'source':
          return `— ${b.text}`;
        case 'note':
          return `⚠ ${b.text}`;
        case 'link':
          return `${b.text}: ${b.url}`;
        default:
          return b.text;
      }
    })
    .join('\n\n');
}
