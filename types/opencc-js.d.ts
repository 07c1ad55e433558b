declare module 'opencc-js' {
  export type Locale = 'cn' | 'tw' | 'twp' | 'hk' | 'hkp' | 'jp' | 't';
  export function Converter(options: { from: Locale; to: Locale }): (text: string) => string;
  export function CustomConverter(dict: Array<[string, string]> | string): (text: string) => string;
}
