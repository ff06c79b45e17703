const ESCAPE = /_x([0-9A-Fa-f]{4})_/gu;

/**
 * Text of an ST_Xstring (ECMA-376 22.9.2.19) as written: `_xHHHH_` is the UTF-16 code unit HHHH,
 * how Excel stores characters XML cannot carry (`_x000D_` for CR) and `_x005F_` an underscore that
 * would otherwise read as an escape.
 */
export function unescapeXstring(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}
