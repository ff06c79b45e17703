// What XML 1.0 cannot hold at all, not even as a character reference: C0 controls but tab, LF and CR,
// U+FFFE, U+FFFF, and lone surrogates (with the u flag a surrogate matches only when unpaired).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const notXmlChars = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

/** Text with the characters XML 1.0 cannot carry removed (the Excel writer shares this rule). */
export function xmlSafe(text: string): string {
  return text.replace(notXmlChars, '');
}

const needsEscape = /[&<>\r]/u;
const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/** Element content: markup escaped; CR as a reference, since a parser would turn a raw one into LF. */
export function escapeText(text: string): string {
  const safe = xmlSafe(text);
  return needsEscape.test(safe) ? safe.replace(/[&<>\r]/gu, (char) => escapes[char] ?? char) : safe;
}
