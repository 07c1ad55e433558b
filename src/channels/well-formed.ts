/**
 * Text cut by UTF-16 length elsewhere (a quoted input, a truncated title) can end in half an emoji.
 * JSON carries such a lone surrogate as `\ud83d`, which is not valid UTF-8 on the platform's side:
 * Telegram and LINE refuse the whole message, so the user would hear nothing. Channels send only
 * well-formed text; a lone half becomes U+FFFD.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
