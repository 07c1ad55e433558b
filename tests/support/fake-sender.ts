/** A ChannelSender that records every call; outcomes can be scripted per chat. */
import type { ChannelSender, DeliveryOutcome } from '../../src/core/ports.js';
import { renderPlain, type Reply } from '../../src/core/reply.js';
import type { ChannelName, Lang } from '../../src/core/types.js';

export interface RecordedCall {
  chats: string[];
  replies: Reply[];
  text: string;
  retryKey: string;
}

export class FakeSender implements ChannelSender {
  readonly calls: RecordedCall[] = [];
  /** Per-chat outcome overrides; a function can vary by call number. */
  readonly script = new Map<string, Omit<DeliveryOutcome, 'chat'> | ((n: number) => Omit<DeliveryOutcome, 'chat'>)>();
  /** Called before each send (e.g. to hang or kill the process). */
  beforeSend?: (call: RecordedCall) => Promise<void> | void;

  /** Like the real channels: LINE's retry keys make a repeat harmless, Telegram has none. */
  readonly idempotent: boolean;
  readonly fallbackLang: Lang;

  constructor(
    readonly channel: ChannelName,
    readonly maxBatch = channel === 'line' ? 500 : 1,
  ) {
    this.idempotent = channel === 'line';
    this.fallbackLang = channel === 'telegram' ? 'en' : 'zh-Hant';
  }

  async send(chats: string[], replies: Reply[], options: { retryKey: string }): Promise<DeliveryOutcome[]> {
    const call = { chats: [...chats], replies, text: replies.map((r) => renderPlain(r.blocks)).join('\n---\n'), retryKey: options.retryKey };
    await this.beforeSend?.(call);
    this.calls.push(call);
    const n = this.calls.length;
    return chats.map((chat) => {
      const scripted = this.script.get(chat);
      const outcome = typeof scripted === 'function' ? scripted(n) : scripted;
      return { chat, ...(outcome ?? { status: 'sent' as const }) };
    });
  }

  /** Every chat sent to, once per delivery. */
  get recipients(): string[] {
    return this.calls.flatMap((c) => c.chats);
  }
}
