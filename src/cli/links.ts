/**
 * `ipbot links [--out DIR]`: the one-tap subscription links for every topic (and all topics), for
 * notices and posters — Telegram from the bot's username (getMe), LINE from the account's basic id
 * (GET /v2/bot/info) — and, with --out, a QR code PNG for each (the `qrcode` package).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lineSubscribeLink, telegramSubscribeLink } from '../core/links.js';
import { TOPICS } from '../core/topics.js';
import { TOPIC_IDS, type TopicId } from '../core/types.js';
import type { CliIo } from './io.js';
import { loadCliConfig } from './load-config.js';

const USAGE = 'Usage: ipbot links [--out DIR]';

export interface SubscriptionLink {
  scope: TopicId | 'all';
  channel: 'telegram' | 'line';
  url: string;
  /** The QR code's file, with --out. */
  qr?: string;
}

export async function runLinks(args: string[], io: CliIo): Promise<number> {
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--out' && args[i + 1] && !args[i + 1]!.startsWith('--')) out = resolve(args[++i]!);
    else {
      io.err(`ipbot links: ${arg === '--out' ? '--out needs a directory' : `unknown argument ${JSON.stringify(arg)}`}\n${USAGE}`);
      return 2;
    }
  }
  const { config, scrub } = await loadCliConfig(io);
  if (!config.telegram && !config.line) {
    io.err('ipbot links: no channel configured. Set TELEGRAM_BOT_TOKEN and/or LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN.');
    return 1;
  }
  const scopes: Array<TopicId | 'all'> = [...TOPIC_IDS, 'all'];
  const links: SubscriptionLink[] = [];
  let failed = false;

  if (config.telegram) {
    try {
      const { Api } = await import('grammy');
      const me = await new Api(config.telegram.token, { apiRoot: config.telegram.apiRoot }).getMe();
      for (const scope of scopes) {
        links.push({ scope, channel: 'telegram', url: telegramSubscribeLink(me.username, scope === 'all' ? 'all' : [scope]) });
      }
    } catch (e) {
      failed = true;
      io.err(`ipbot links: Telegram getMe failed (check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT): ${scrub(e instanceof Error ? e.message : String(e))}`);
    }
  }
  if (config.line) {
    try {
      const { messagingApi } = await import('@line/bot-sdk');
      const client = new messagingApi.MessagingApiClient({ channelAccessToken: config.line.channelAccessToken, baseURL: config.line.apiBaseUrl });
      const { basicId } = await client.getBotInfo();
      for (const scope of scopes) links.push({ scope, channel: 'line', url: lineSubscribeLink(basicId, scope) });
    } catch (e) {
      failed = true;
      io.err(`ipbot links: LINE bot info failed (check LINE_CHANNEL_ACCESS_TOKEN and LINE_API_BASE_URL): ${scrub(e instanceof Error ? e.message : String(e))}`);
    }
  }

  if (out && links.length) {
    const QRCode = (await import('qrcode')).default;
    mkdirSync(out, { recursive: true });
    for (const link of links) {
      link.qr = join(out, `${link.channel}-${link.scope}.png`);
      // Level M survives a smudge or a fold on a printed poster; 600 px prints sharp at A6.
      await QRCode.toFile(link.qr, link.url, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 600 });
    }
  }
  for (const scope of scopes) {
    const rows = links.filter((l) => l.scope === scope);
    if (!rows.length) continue;
    const title = scope === 'all' ? 'All topics / 所有主題' : `${TOPICS[scope].label.en} / ${TOPICS[scope].label['zh-Hant']}`;
    io.out(`${scope} — ${title}`);
    for (const l of rows) io.out(`  ${l.channel.padEnd(8)} ${l.url}${l.qr ? `\n  ${''.padEnd(8)} QR: ${l.qr}` : ''}`);
  }
  return failed ? 1 : 0;
}
