import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A site's size: `listings` pages of `perListing` records, each with its own details page. */
export interface SiteShape {
  listings: number;
  perListing: number;
}

/** The small-page case: a bookshop of 18 KB listings and 7 KB book pages. */
export const shopShape: SiteShape = { listings: 100, perListing: 20 };
export const shopStartPath = '/catalogue/page-1.html';

export const pageCount = (shape: SiteShape) => shape.listings * (1 + shape.perListing);

const categories = Array.from({ length: 50 }, (_, index) => `Category ${index + 1}`);

// Navigation, sidebar and footer make each page weigh what a real shop page does (10–30 KB).
const frame = (title: string, body: string) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title} | Books to Scrape</title>
<meta name="viewport" content="width=device-width"><link rel="stylesheet" href="/static/main.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
</head><body id="default" class="default">
<header class="header container-fluid"><div class="page_inner"><div class="row">
<div class="col-sm-8 h1"><a href="/index.html">Books to Scrape</a><small> We love being scraped!</small></div>
</div></div></header>
<div class="container-fluid page"><div class="page_inner">
<ul class="breadcrumb"><li><a href="/index.html">Home</a></li><li class="active">${title}</li></ul>
<div class="row"><aside class="sidebar col-sm-4 col-md-3"><div class="side_categories"><ul class="nav nav-list"><li>
<a href="/catalogue/category/books_1/index.html">Books</a><ul>
${categories.map((name, index) => `<li><a href="/catalogue/category/books/${index + 2}/index.html">${name}</a></li>`).join('\n')}
</ul></li></ul></div></aside>
<div class="col-sm-8 col-md-9">${body}</div></div></div></div>
<footer class="footer container-fluid"><p>Fixture site for the extraction benchmark.</p></footer>
<script src="/static/jquery.js"></script></body></html>`;

const price = (book: number) => `£${(10 + (book % 5000) / 100).toFixed(2)}`;

function listing(page: number, shape: SiteShape): string {
  const books = Array.from(
    { length: shape.perListing },
    (_, index) => (page - 1) * shape.perListing + index + 1,
  );
  const next = page < shape.listings ? `<li class="next"><a href="page-${page + 1}.html">next</a></li>` : '';
  const previous = page > 1 ? `<li class="previous"><a href="page-${page - 1}.html">previous</a></li>` : '';
  return frame(
    `All products, page ${page}`,
    `<div class="page-header action"><h1>All products</h1></div>
<form method="get" class="form-horizontal"><strong>${shape.listings * shape.perListing}</strong> results.</form>
<section><ol class="row">
${books
  .map(
    (book) => `<li class="col-xs-6 col-sm-4 col-md-3 col-lg-3"><article class="product_pod">
<div class="image_container"><a href="book-${book}.html"><img src="../media/cache/${book}.jpg" alt="Book number ${book}" class="thumbnail"></a></div>
<p class="star-rating Three"><i class="icon-star"></i><i class="icon-star"></i><i class="icon-star"></i></p>
<h3><a href="book-${book}.html" title="Book number ${book}">Book number ${book}</a></h3>
<div class="product_price"><p class="price_color">${price(book)}</p>
<p class="instock availability"><i class="icon-ok"></i> In stock</p>
<form><button type="submit" class="btn btn-primary btn-block">Add to basket</button></form></div>
</article></li>`,
  )
  .join('\n')}
</ol><div><ul class="pager">${previous}<li class="current">Page ${page} of ${shape.listings}</li>${next}</ul></div></section>`,
  );
}

function detail(book: number): string {
  const words = `It is a book about ${book} things, told with care, in many chapters and with many turns. `;
  return frame(
    `Book number ${book}`,
    `<article class="product_page"><div class="row">
<div class="col-sm-6"><div id="product_gallery"><img src="../media/cache/${book}-large.jpg" alt="Book number ${book}"></div></div>
<div class="col-sm-6 product_main"><h1>Book number ${book}</h1><p class="price_color">${price(book)}</p>
<p class="instock availability"><i class="icon-ok"></i>
    In stock (${book % 23} available)
</p></div></div>
<div id="product_description" class="sub-header"><h2>Product Description</h2></div>
<div id="description"><p>${words.repeat(12)}</p></div>
<table class="table table-striped"><tr><th>UPC</th><td>${(book * 7919).toString(16)}</td></tr>
<tr><th>Product Type</th><td>Books</td></tr><tr><th>Price (excl. tax)</th><td>${price(book)}</td></tr>
<tr><th>Availability</th><td>In stock (${book % 23} available)</td></tr><tr><th>Number of reviews</th><td>0</td></tr></table>
</article>`,
  );
}

const robots = 'User-agent: *\nDisallow: /private/\nAllow: /\n';

/** Every page of the shop by path: `/catalogue/page-<n>.html` and the book pages they list. */
export function shopPages(shape: SiteShape = shopShape): Map<string, string> {
  const pages = new Map<string, string>();
  for (let page = 1; page <= shape.listings; page++)
    pages.set(`/catalogue/page-${page}.html`, listing(page, shape));
  for (let book = 1; book <= shape.listings * shape.perListing; book++)
    pages.set(`/catalogue/book-${book}.html`, detail(book));
  return pages;
}

const contentTypes: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  jpg: 'image/jpeg',
  woff2: 'font/woff2',
};

/**
 * Serves the pages on 127.0.0.1 (keep-alive, like any server), with a robots.txt allowing them; the
 * type follows the extension, and `/static/` files may be cached for an hour, as a shop's are.
 */
export async function startSite(
  sitePages: Map<string, string | Buffer>,
): Promise<{ origin: string; close(): Promise<void> }> {
  const pages = new Map([...sitePages].map(([path, body]) => [path, Buffer.from(body)]));
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/robots.txt') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(robots);
      return;
    }
    const body = pages.get(path);
    if (body === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = contentTypes[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    const cache = path.startsWith('/static/') ? { 'cache-control': 'public, max-age=3600' } : {};
    response.writeHead(200, { 'content-type': type, 'content-length': body.length, ...cache }).end(body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
