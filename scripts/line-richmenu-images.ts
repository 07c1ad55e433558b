/**
 * Makes the LINE rich menu images in assets/line-richmenu/ from the menu's own words and layout
 * (src/channels/line/richmenu.ts): an HTML page per language, screenshotted by headless Chromium.
 * The PNGs are committed, so neither CI nor `ipbot line richmenu` needs Chromium.
 *
 *   apt-get install -y chromium fonts-wqy-microhei     # Debian 12; once
 *   node --import tsx scripts/line-richmenu-images.ts  # rewrites the three PNGs
 *
 * Output is the same for the same Chromium and fonts; the sizes are checked against LINE's limits.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_RICH_MENU_IMAGE_BYTES, RICH_MENU_AREAS, RICH_MENU_SIZE, type RichMenuArea } from '../src/channels/line/richmenu.js';
import { REACH_UI } from '../src/core/messages.js';
import { LANGS, type Lang } from '../src/core/types.js';

const OUT = fileURLToPath(new URL('../assets/line-richmenu/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? 'chromium';

/** Simple line icons (no emoji font needed), 24×24 viewBox. */
const ICONS: Record<RichMenuArea, string> = {
  ask: '<path d="M4 5h16v11H9l-5 4z"/><path d="M10 9.5a2 2 0 1 1 3 1.7c-.6.4-1 .8-1 1.3"/><circle cx="12" cy="14.6" r=".4"/>',
  topics: '<rect x="4" y="4" width="7" height="7" rx="1"/><rect x="13" y="4" width="7" height="7" rx="1"/><rect x="4" y="13" width="7" height="7" rx="1"/><rect x="13" y="13" width="7" height="7" rx="1"/>',
  events: '<rect x="4" y="6" width="16" height="14" rx="1.5"/><path d="M4 10h16M8 4v4M16 4v4"/><path d="M8 14h2M12 14h2M8 17h2"/>',
  subscriptions: '<path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z"/><path d="M10 20a2 2 0 0 0 4 0"/>',
  language: '<circle cx="12" cy="12" r="8"/><path d="M4 12h16M12 4c2.5 2.5 2.5 13.5 0 16M12 4c-2.5 2.5-2.5 13.5 0 16"/>',
};
const COLORS = ['#0b6e4f', '#1a5e9a', '#8a4b0f', '#6b3fa0', '#3d4b5c'];

function page(lang: Lang): string {
  const words = REACH_UI[lang].richMenu;
  const label: Record<RichMenuArea, string> = {
    ask: words.ask,
    topics: words.topics,
    events: words.events,
    subscriptions: words.subscriptions,
    // Findable by someone who cannot read the current language.
    language: lang === 'en' ? 'Language<br>語言' : `${words.language}<br>Language`,
  };
  const cells = RICH_MENU_AREAS.map(
    (area, i) => `<div class="cell" style="background:${COLORS[i]}">
      <svg viewBox="0 0 24 24" fill="none" stroke="#fff" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round">${ICONS[area]}</svg>
      <div class="label">${label[area]}</div>${area === 'ask' ? `<div class="hint">${words.askHint}</div>` : ''}
    </div>`,
  ).join('');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    html, body { margin: 0; width: ${RICH_MENU_SIZE.width}px; height: ${RICH_MENU_SIZE.height}px; overflow: hidden; }
    body { display: flex; font-family: 'WenQuanYi Micro Hei', sans-serif; color: #fff; }
    .cell { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center; border-right: 4px solid rgba(255,255,255,.35); box-sizing: border-box; }
    .cell:last-child { border-right: none; }
    svg { width: 260px; height: 260px; margin-bottom: 40px; }
    .label { font-size: ${lang === 'en' ? 88 : 104}px; font-weight: bold; text-align: center; line-height: 1.15; padding: 0 20px; }
    .hint { font-size: 56px; opacity: .85; margin-top: 18px; }
  </style></head><body>${cells}</body></html>`;
}

function render(lang: Lang, work: string): void {
  const html = join(work, `${lang}.html`);
  writeFileSync(html, page(lang));
  const png = join(OUT, `${lang}.png`);
  execFileSync(CHROMIUM, [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--hide-scrollbars',
    '--force-device-scale-factor=1',
    `--window-size=${RICH_MENU_SIZE.width},${RICH_MENU_SIZE.height}`,
    `--screenshot=${png}`,
    `file://${html}`,
  ], { stdio: 'ignore' });
  const bytes = statSync(png).size;
  const header = readFileSync(png);
  const width = header.readUInt32BE(16);
  const height = header.readUInt32BE(20);
  if (width !== RICH_MENU_SIZE.width || height !== RICH_MENU_SIZE.height) throw new Error(`${png}: ${width}×${height}, expected ${RICH_MENU_SIZE.width}×${RICH_MENU_SIZE.height}`);
  if (bytes > MAX_RICH_MENU_IMAGE_BYTES) throw new Error(`${png}: ${bytes} bytes, LINE allows ${MAX_RICH_MENU_IMAGE_BYTES}`);
  process.stdout.write(`${png}: ${width}×${height}, ${bytes} bytes\n`);
}

mkdirSync(OUT, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'ipbot-richmenu-'));
try {
  for (const lang of LANGS) render(lang, work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
