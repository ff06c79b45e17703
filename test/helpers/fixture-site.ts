import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureSiteOptions {
  /** Catalogue pages, linked by `li.next a`. */
  pages: number;
  perPage: number;
  /** Milliseconds each page takes to answer, to keep a crawl running long enough to cancel. */
  delayMs?: number;
  /** Pages (robots.txt aside) are answered only once this settles: a crawl held running until the test lets it go. */
  hold?: Promise<unknown>;
}

export interface FixtureBook {
  title: string;
  price: string;
  href: string;
  cover: string;
  alt: string;
}

export interface FixtureSite {
  baseUrl: string;
  /** The first page of the catalogue. */
  startUrl: string;
  /** Requests the site answered, by path. */
  hits: Map<string, number>;
  /** The records a scheme over `books` must extract from page `n` (1-based), in page order. */
  booksOn(page: number): FixtureBook[];
  close(): Promise<void>;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** A small bookshop on 127.0.0.1: paginated listings, one detail page per book. */
export async function startFixtureSite(options: FixtureSiteOptions): Promise<FixtureSite> {
  const hits = new Map<string, number>();
  let baseUrl = '';

  const bookAt = (page: number, i: number): FixtureBook => {
    const n = (page - 1) * options.perPage + i + 1;
    return {
      title: `Book ${n} — “Ünïcode” & co`,
      price: `£${(n * 1.25).toFixed(2)}`,
      href: `${baseUrl}/catalogue/book-${n}.html`,
      cover: `${baseUrl}/media/cover-${n}.jpg`,
      alt: `Cover of book ${n}`,
    };
  };

  const listing = (page: number) => {
    const books = Array.from({ length: options.perPage }, (_, i) => bookAt(page, i));
    const items = books
      .map(
        (book, i) => `
      <article class="product_pod">
        <a href="book-${(page - 1) * options.perPage + i + 1}.html"><img src="../media/cover-${(page - 1) * options.perPage + i + 1}.jpg" alt="${escapeHtml(book.alt)}"></a>
        <h3><a href="book-${(page - 1) * options.perPage + i + 1}.html">  ${escapeHtml(book.title)}  </a></h3>
        <p class="price_color">${book.price}</p>
      </article>`,
      )
      .join('');
    const next = page < options.pages ? `<li class="next"><a href="page-${page + 1}.html">next</a></li>` : '';
    return `<!doctype html><html><head><meta charset="utf-8"><title>Page ${page}</title></head>
      <body><ul class="pager"><li class="previous"><a href="#">top</a></li>${next}</ul>${items}</body></html>`;
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const page = /^\/catalogue\/page-(\d+)\.html$/.exec(path);
    const book = /^\/catalogue\/book-(\d+)\.html$/.exec(path);
    if (path === '/robots.txt') {
      res.writeHead(404).end();
    } else if (page && Number(page[1]) >= 1 && Number(page[1]) <= options.pages) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(listing(Number(page[1])));
    } else if (book) {
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<html><body><h1>Book ${book[1]}</h1><p class="availability">In stock (${book[1]} available)</p></body></html>`,
        );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };

  const server = createServer((req, res) => {
    const answer = () => {
      if (options.delayMs) setTimeout(() => handle(req, res), options.delayMs);
      else handle(req, res);
    };
    if (options.hold && req.url !== '/robots.txt') void options.hold.then(answer, answer);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    startUrl: `${baseUrl}/catalogue/page-1.html`,
    hits,
    booksOn: (page) => Array.from({ length: options.perPage }, (_, i) => bookAt(page, i)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
