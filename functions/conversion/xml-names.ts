// XML 1.0 (fifth edition) NameStartChar and NameChar, without ':' (it separates namespaces).
const startChars =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const otherChars = '\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040';
const nameStart = new RegExp(`^[${startChars}]$`, 'u');
const nameChar = new RegExp(`^[${startChars}${otherChars}]$`, 'u');
const qualifiedName = new RegExp(`^[${startChars}:][${startChars}${otherChars}:]*$`, 'u');

/** Whether text is an XML 1.0 Name, `:` included (`商品`, `x:item`): an element a document may have. */
export const isXmlName = (text: string): boolean => qualifiedName.test(text);
// Exactly what keyOfXmlName reads as an escape.
const escapeLike = /^_x(?:[0-9A-F]{4}|[0-9A-F]{8})_/u;

const hex = (codePoint: number) =>
  codePoint
    .toString(16)
    .toUpperCase()
    .padStart(codePoint > 0xffff ? 8 : 4, '0');

/**
 * A record key as an XML element name, reversibly (the `_xHHHH_` rule of SQL Server and Office Open
 * XML): a character that cannot stand at its place becomes `_x` + its code point in hex + `_` (8 hex
 * digits beyond U+FFFF); an `_` that would read as such an escape becomes `_x005F_`; the first letter
 * of a name starting with `xml` (reserved, any case) is escaped. `Title_text` stays `Title_text`,
 * `Prix (€)_text` becomes `Prix_x0020__x0028_€_x0029__text`, `1st_text` becomes `_x0031_st_text`; "" becomes `_`.
 */
export function xmlName(key: string): string {
  if (key === '') return '_';
  let name = '';
  const reserved = /^xml/iu.test(key);
  let index = 0;
  for (const char of key) {
    const codePoint = char.codePointAt(0) ?? 0;
    const first = index === 0;
    const valid = first ? nameStart.test(char) && !reserved : nameChar.test(char);
    const ambiguous = char === '_' && escapeLike.test(key.slice(index));
    name += valid && !ambiguous ? char : `_x${hex(codePoint)}_`;
    index += char.length;
  }
  return name;
}

/** Reads a name written by `xmlName` back as the key it came from (except "" → `_`). */
export function keyOfXmlName(name: string): string {
  return name.replace(/_x([0-9A-F]{4}|[0-9A-F]{8})_/gu, (match, code: string) => {
    const codePoint = Number.parseInt(code, 16);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : match;
  });
}
