/** The base every relative URL of a page resolves against: `<base href>` over the final page URL. */
export function documentBase(pageUrl: string, baseHref: string | undefined): string {
  if (baseHref === undefined || baseHref.trim() === '') return pageUrl;
  return URL.parse(baseHref.trim(), pageUrl)?.href ?? pageUrl;
}

/** An absolute URL for an attribute value; a value that cannot resolve is kept as written. */
export function absoluteUrl(value: string, base: string): string {
  const trimmed = value.trim();
  if (trimmed === '') return '';
  return URL.parse(trimmed, base)?.href ?? value;
}

/** A link worth following: http(s), not fragment-only, not `javascript:`. */
export function followableUrl(href: string | undefined, base: string): string | null {
  if (href === undefined) return null;
  // Browsers strip ASCII whitespace and control characters around and inside the scheme.
  const trimmed = href.replace(/[\t\n\r]/gu, '').trim();
  if (trimmed === '' || trimmed.startsWith('#') || /^javascript:/iu.test(trimmed)) return null;
  const url = URL.parse(trimmed, base);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  url.hash = '';
  return url.href;
}
