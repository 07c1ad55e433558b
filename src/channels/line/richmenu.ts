/**
 * The LINE rich menu: one per reply language, five areas side by side (ask, topics, events, my
 * subscriptions, language) on a 2500×843 image. Buttons carry the menu's language (`T:hans`), so
 * a tap answers in the language the menu shows. The images are made by
 * `scripts/line-richmenu-images.ts` from the same words and layout and committed in
 * `assets/line-richmenu/`.
 * https://developers.line.biz/en/reference/messaging-api/#rich-menu-object
 */
import { createHash } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import { encodeAction, type Action } from '../../core/actions.js';
import { REACH_UI } from '../../core/messages.js';
import type { Lang } from '../../core/types.js';

export const RICH_MENU_SIZE = { width: 2500, height: 843 } as const;
/** LINE refuses rich menu images over 1 MB. */
export const MAX_RICH_MENU_IMAGE_BYTES = 1024 * 1024;
/** Menus this tool owns are named `ipbot-<lang>-<hash>`; other menus on the account are left alone. */
export const RICH_MENU_PREFIX = 'ipbot-';

export type RichMenuArea = 'ask' | 'topics' | 'events' | 'subscriptions' | 'language';
export const RICH_MENU_AREAS: readonly RichMenuArea[] = ['ask', 'topics', 'events', 'subscriptions', 'language'];

/** The x-range of each area (equal columns). */
export function areaBounds(index: number): { x: number; y: number; width: number; height: number } {
  const width = RICH_MENU_SIZE.width / RICH_MENU_AREAS.length;
  return { x: Math.round(index * width), y: 0, width: Math.round(width), height: RICH_MENU_SIZE.height };
}

function areaAction(area: RichMenuArea, lang: Lang): messagingApi.Action {
  const words = REACH_UI[lang].richMenu;
  const postback = (action: Action, label: string, openKeyboard = false): messagingApi.PostbackAction => ({
    type: 'postback',
    label,
    data: encodeAction(action),
    displayText: label,
    ...(openKeyboard ? { inputOption: 'openKeyboard' as const } : {}),
  });
  switch (area) {
    // "Ask" opens the keyboard with the help text above it: the next thing typed is the question.
    case 'ask':
      return postback({ type: 'help', lang }, words.ask, true);
    case 'topics':
      return postback({ type: 'topics', lang }, words.topics);
    case 'events':
      return postback({ type: 'events', lang }, words.events);
    // No button action exists for these two: the menu types the command, as a person could.
    case 'subscriptions':
      return { type: 'message', label: words.subscriptions, text: '/mysubs' };
    case 'language':
      return { type: 'message', label: words.language, text: '/lang' };
  }
}

/** The menu for one language, without its name. */
export function richMenuDefinition(lang: Lang): Omit<messagingApi.RichMenuRequest, 'name'> {
  return {
    size: { ...RICH_MENU_SIZE },
    selected: false,
    chatBarText: REACH_UI[lang].richMenu.chatBar,
    areas: RICH_MENU_AREAS.map((area, i) => ({ bounds: areaBounds(i), action: areaAction(area, lang) })),
  };
}

/** `ipbot-zh-Hant-1a2b3c4d5e6f`: changes whenever the definition or the image does, so a re-run is a no-op. */
export function richMenuName(lang: Lang, image: Buffer): string {
  const hash = createHash('sha256').update(JSON.stringify(richMenuDefinition(lang))).update(image).digest('hex').slice(0, 12);
  return `${RICH_MENU_PREFIX}${lang}-${hash}`;
}

// ---------------------------------------------------------------- linking as languages become known

/** How long the service trusts its list of menus (an operator may re-run `ipbot line richmenu`). */
const MENU_LIST_TTL_MS = 10 * 60_000;

type MenuClient = Pick<messagingApi.MessagingApiClient, 'getRichMenuList' | 'linkRichMenuIdToUser'>;

/**
 * Links a user to the menu of their language as soon as ipbot learns it (first question, /lang),
 * so nobody waits for the next `ipbot line richmenu`. Best effort: never awaited by an answer, and a
 * failure only means the user keeps the menu they had.
 */
export function createRichMenuLinker(client: MenuClient, onError: (err: unknown) => void): { link(userId: string, lang: Lang): void } {
  let cached: { at: number; menus: Promise<Map<string, string>> } | undefined;
  const menus = () => {
    if (!cached || Date.now() - cached.at > MENU_LIST_TTL_MS) {
      const list = client.getRichMenuList().then(({ richmenus }) => {
        const byLang = new Map<string, string>();
        for (const m of richmenus) {
          if (!m.name.startsWith(RICH_MENU_PREFIX)) continue;
          byLang.set(m.name.slice(RICH_MENU_PREFIX.length, m.name.lastIndexOf('-')), m.richMenuId);
        }
        return byLang;
      });
      cached = { at: Date.now(), menus: list };
      list.catch(() => (cached = undefined));
    }
    return cached.menus;
  };
  return {
    link(userId, lang) {
      menus()
        .then((byLang) => {
          const id = byLang.get(lang);
          return id ? client.linkRichMenuIdToUser(userId, id) : undefined;
        })
        .catch((err: unknown) => {
          // The menu may have been replaced since the list was read: read it again next time.
          cached = undefined;
          onError(err);
        });
    },
  };
}
