declare module 'opencc-js' {
  export type Locale = 'cn' | 'tw' | 'twp' | 'hk' | 'hkp' | 'jp' | 't';
  /** Dictionaries applied together: phrase tables first, the character table last. */
  export type DictGroup = ReadonlyArray<string | ReadonlyArray<readonly [string, string]>>;
  export function Converter(options: { from: Locale; to: Locale }): (text: string) => string;
  export function CustomConverter(dict: Array<[string, string]> | string): (text: string) => string;
  /** A converter that applies each group of dictionaries in turn. */
  export function ConverterFactory(...dictGroups: DictGroup[]): (text: string) => string;
  /** The dictionary groups behind `Converter`'s `from` and `to` locales. */
  export const Locale: { from: Record<Locale, DictGroup[]>; to: Record<Locale, DictGroup[]> };
}

/** One of opencc-js's dictionaries, serialised ("from to|from to|…"). */
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
