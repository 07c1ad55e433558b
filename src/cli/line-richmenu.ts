/**
 * `ipbot line richmenu`: creates or updates the LINE rich menus (one per reply language, images in
 * assets/line-richmenu/), makes the Traditional one the default, links every LINE user whose
 * language is known to their language's menu, and deletes the menus an earlier run made that are
 * no longer used. Idempotent: a menu is named after a hash of its definition and image, so a re-run
 * with nothing changed creates nothing (LINE cannot edit a menu in place; a change is a new menu).
 * https://developers.line.biz/en/docs/messaging-api/using-rich-menus/
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MAX_RICH_MENU_IMAGE_BYTES, RICH_MENU_PREFIX, richMenuDefinition, richMenuName } from '../channels/line/richmenu.js';
import { LANGS, type Lang } from '../core/types.js';
import type { CliIo } from './io.js';
import { loadCliConfig } from './load-config.js';

const USAGE = 'Usage: ipbot line richmenu';
export const RICH_MENU_IMAGE_DIR = fileURLToPath(new URL('../../assets/line-richmenu/', import.meta.url));
/** LINE links at most 500 users per bulk call. */
const BULK_LINK_MAX = 500;
/** Users without a known language see the default menu (LINE's audience here reads Traditional). */
const DEFAULT_MENU_LANG: Lang = 'zh-Hant';

export interface RichMenuSyncResult {
  menus: Record<Lang, string>;
  created: number;
  reused: number;
  linked: number;
  deleted: number;
}

export async function runLine(args: string[], io: CliIo): Promise<number> {
  if (args[0] !== 'richmenu' || args.length > 1) {
    io.err(USAGE);
    return 2;
  }
  const { config, scrub } = await loadCliConfig(io);
  if (!config.line) {
    io.err('ipbot line richmenu: LINE is not configured (set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN).');
    return 1;
  }
  const images = {} as Record<Lang, Buffer>;
  for (const lang of LANGS) {
    const file = `${RICH_MENU_IMAGE_DIR}${lang}.png`;
    try {
      images[lang] = readFileSync(file);
    } catch (e) {
      io.err(`ipbot line richmenu: cannot read ${file}: ${(e as Error).message} (make it with scripts/line-richmenu-images.ts)`);
      return 1;
    }
    if (images[lang].length > MAX_RICH_MENU_IMAGE_BYTES) {
      io.err(`ipbot line richmenu: ${file} is ${images[lang].length} bytes; LINE allows ${MAX_RICH_MENU_IMAGE_BYTES}`);
      return 1;
    }
  }
  const { messagingApi } = await import('@line/bot-sdk');
  const { openSqliteStorage } = await import('../storage/sqlite.js');
  const line = config.line;
  const client = new messagingApi.MessagingApiClient({ channelAccessToken: line.channelAccessToken, baseURL: line.apiBaseUrl });
  const blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: line.channelAccessToken, baseURL: line.dataApiBaseUrl });
  const storage = openSqliteStorage(config.databaseFile);
  try {
    const users = storage.listChatsWithLang('line').filter((c) => c.key.startsWith('line:U')).map((c) => ({ userId: c.key.slice('line:'.length), lang: c.lang }));
    const result = await syncRichMenus({ client, blob, images, users });
    for (const lang of LANGS) io.out(`${lang}: ${result.menus[lang]}${lang === DEFAULT_MENU_LANG ? ' (default)' : ''}`);
    io.out(`created ${result.created}, unchanged ${result.reused}, users linked ${result.linked}, old menus deleted ${result.deleted}`);
    return 0;
  } catch (e) {
    const detail = e instanceof Error ? `${e.message}${'body' in e ? ` ${String((e as { body: unknown }).body).slice(0, 300)}` : ''}` : String(e);
    io.err(`ipbot line richmenu: ${scrub(detail)}`);
    return 1;
  } finally {
    storage.close();
  }
}

type Client = Pick<
  import('@line/bot-sdk').messagingApi.MessagingApiClient,
  'getRichMenuList' | 'createRichMenu' | 'deleteRichMenu' | 'setDefaultRichMenu' | 'linkRichMenuIdToUsers'
>;
type BlobClient = Pick<import('@line/bot-sdk').messagingApi.MessagingApiBlobClient, 'setRichMenuImage'>;

export async function syncRichMenus(o: {
  client: Client;
  blob: BlobClient;
  images: Record<Lang, Buffer>;
  users: ReadonlyArray<{ userId: string; lang: Lang }>;
}): Promise<RichMenuSyncResult> {
  const existing = (await o.client.getRichMenuList()).richmenus;
  const menus = {} as Record<Lang, string>;
  let created = 0;
  let reused = 0;
  for (const lang of LANGS) {
    const name = richMenuName(lang, o.images[lang]);
    const found = existing.find((m) => m.name === name);
    if (found) {
      menus[lang] = found.richMenuId;
      reused++;
      continue;
    }
    const { richMenuId } = await o.client.createRichMenu({ ...richMenuDefinition(lang), name });
    try {
      await o.blob.setRichMenuImage(richMenuId, new Blob([o.images[lang]], { type: 'image/png' }));
    } catch (e) {
      // A menu without an image cannot be shown or given one later: do not leave it behind.
      await o.client.deleteRichMenu(richMenuId).catch(() => undefined);
      throw e;
    }
    menus[lang] = richMenuId;
    created++;
  }
  await o.client.setDefaultRichMenu(menus[DEFAULT_MENU_LANG]);
  let linked = 0;
  for (const lang of LANGS) {
    const userIds = o.users.filter((u) => u.lang === lang).map((u) => u.userId);
    for (let i = 0; i < userIds.length; i += BULK_LINK_MAX) {
      const batch = userIds.slice(i, i + BULK_LINK_MAX);
      await o.client.linkRichMenuIdToUsers({ richMenuId: menus[lang], userIds: batch });
      linked += batch.length;
    }
  }
  // Only after everyone points at the new menus: deleting a linked menu would leave users without one.
  const current = new Set(Object.values(menus));
  let deleted = 0;
  for (const menu of existing) {
    if (menu.name.startsWith(RICH_MENU_PREFIX) && !current.has(menu.richMenuId)) {
      await o.client.deleteRichMenu(menu.richMenuId);
      deleted++;
    }
  }
  return { menus, created, reused, linked, deleted };
}
