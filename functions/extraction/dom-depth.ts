/** Deepest element nesting a page may have, as in Chromium's parser; text() overflowed near 3,000. */
export const maxDomDepth = 512;

/** A page nested too deep to extract (cheerio walks a tree recursively): that page fails, not the crawl. */
export class PageTooDeepError extends Error {
  override readonly name = 'PageTooDeepError';
  constructor() {
    super(`The page nests elements deeper than ${maxDomDepth} levels`);
  }
}
