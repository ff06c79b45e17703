import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** "Příliš žluťoučký kůň" in windows-1250, byte for byte. */
export const CP1250_TEXT = 'Příliš žluťoučký kůň';
const CP1250_BYTES = Buffer.from([
  0x50, 0xf8, 0xed, 0x6c, 0x69, 0x9a, 0x20, 0x9e, 0x6c, 0x75, 0x9d, 0x6f, 0x75, 0xe8, 0x6b, 0xfd, 0x20, 0x6b,
  0xf9, 0xf2,
]);

export interface FeatureSite {
  url(path: string): string;
  /** Times each path was requested, and when. */
  hits: Map<string, number[]>;
  close(): Promise<void>;
}

const html = (body: string) =>
  `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`;

/**
 * A site with one page per fetching behaviour: details pages, a legacy charset, robots.txt rules,
 * rate limiting with Retry-After, a flaky 503, an oversized page.
 */
export async function startFeatureSite(options: { hugeBytes: number }): Promise<FeatureSite> {
  const hits = new Map<string, number[]>();
  const countOf = (path: string) => hits.get(path)?.length ?? 0;

  const routes: Record<string, (res: ServerResponse) => void> = {
    '/robots.txt': (res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n'),
    '/listing.html': (res) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          html(
            ['open/a.html', 'open/b.html', 'private/c.html']
              .map((href, i) => `<div class="item"><a class="name" href="${href}">Item ${i + 1}</a></div>`)
              .join(''),
          ),
        ),
    '/open/a.html': (res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(html('<p class="stock">3 left</p>')),
    '/open/b.html': (res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(html('<p class="stock">sold out</p>')),
    '/private/c.html': (res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(html('<p class="stock">secret</p>')),
    '/private/start.html': (res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(html('<h1>no</h1>')),
    '/cp1250.html': (res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=windows-1250' });
      res.end(
        Buffer.concat([Buffer.from('<html><body><h1>'), CP1250_BYTES, Buffer.from('</h1></body></html>')]),
      );
    },
    '/limited.html': (res) => {
      if (countOf('/limited.html') === 1) res.writeHead(429, { 'retry-after': '1' }).end('slow down');
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html('<h1>finally</h1>'));
    },
    '/flaky.html': (res) => {
      if (countOf('/flaky.html') <= 2) res.writeHead(503).end('try later');
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html('<h1>recovered</h1>'));
    },
    '/huge.html': (res) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(html(`<p>${'x'.repeat(options.hugeBytes)}</p>`)),
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, [...(hits.get(path) ?? []), Date.now()]);
    const route = routes[path];
    if (route) route(res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${base}${path}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
