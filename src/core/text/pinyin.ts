/**
 * pinyin-pro, loaded on first use: its data is ~0.6 MB of modules, which only building the homophone table and an
 * English answer naming a mainland place need, not the start of every `ipbot ask`.
 */
import { createRequire } from 'node:module';
import type { pinyin as pinyinOf } from 'pinyin-pro';

let loaded: typeof pinyinOf | undefined;

/** pinyin-pro's `pinyin`, the same function and options. */
export const pinyin = ((text: string, options?: Parameters<typeof pinyinOf>[1]) => {
  loaded ??= (createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro')).pinyin;
  return loaded(text, options);
}) as typeof pinyinOf;
