// A chrome scheme through the local stack: the task lifecycle takes the browser step, whose bundle
// launches the Chromium its asset carries, renders the pages, runs the actions and extracts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { useTestRuntime } from '#test/helpers/runtime';
import { download, isFinished, pollTask } from '#test/helpers/tasks';

const stack = useTestRuntime();
let server: Server;
let origin = '';
const seen: string[] = [];

const page = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

// The listing's books come from a JSON call; a "more" button loads the next ones; each links to a
// details page whose price is written by a script.
const LISTING = page(
  'Books',
  `<ul id="books"></ul><button id="more">more</button>
  <script>
    let next = 0;
    async function load() {
      const books = await (await fetch('/api/books?page=' + next++)).json();
      for (const book of books) {
        const li = document.createElement('li');
        li.className = 'book';
        li.innerHTML = '<a href="/book/' + book.id + '">' + book.title + '</a>';
        document.getElementById('books').append(li);
      }
      if (next === 2) document.getElementById('more').remove();
    }
    document.getElementById('more').addEventListener('click', load);
    load();
  </script>`,
);
const BOOKS = [
  [
    { id: 1, title: 'Dune' },
    { id: 2, title: 'Emma' },
  ],
  [{ id: 3, title: 'Walden' }],
];
const PRICES: Record<string, string> = { 1: '9.99', 2: '4.50', 3: '7.25' };

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    seen.push(url.pathname);
    if (url.pathname === '/robots.txt') return response.end('User-agent: *\nAllow: /\n');
    if (url.pathname === '/api/books') {
      response.setHeader('content-type', 'application/json');
      return response.end(JSON.stringify(BOOKS[Number(url.searchParams.get('page'))] ?? []));
    }
    if (url.pathname === '/cover.png') return response.end('png');
    const book = /^\/book\/(\d+)$/.exec(url.pathname)?.[1];
    response.setHeader('content-type', 'text/html; charset=utf-8');
    if (book)
      return response.end(
        page(
          `Book ${book}`,
          `<img src="/cover.png"><p class="price"></p><script>document.querySelector('.price').textContent = '${PRICES[book]}';</script>`,
        ),
      );
    if (url.pathname === '/') return response.end(LISTING);
    response.statusCode = 404;
    response.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const scheme = (type: 'chrome' | 'base') => ({
  name: 'books',
  request: {
    url: `${origin}/`,
    type,
    ...(type === 'chrome'
      ? {
          waitDelay: 0.2,
          actions: [
            { click: { clickSelector: '#more' } },
            { waitFor: { waitForSelector: 'li.book:nth-child(3)' } },
          ],
        }
      : {}),
  },
  fields: [
    { name: 'Heading', selector: 'h1', type: 1, attrs: ['text'] },
    {
      name: 'Title',
      selector: 'li.book a',
      type: 2,
      attrs: ['text', 'href'],
      details: { fields: [{ name: 'Price', selector: '.price', type: 1, attrs: ['text'] }] },
    },
  ],
  format: 'json',
});

async function run(type: 'chrome' | 'base') {
  const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme: scheme(type), run: true });
  expect(created.status).toBe(201);
  const done = await pollTask(stack.api, created.body.id, isFinished, 180_000);
  const store = await stack.api<{ url: string }>('POST', `/tasks/${created.body.id}/store`);
  return { done, records: JSON.parse((await download(store.body.url)).text) as Record<string, unknown>[] };
}

describe('a chrome extraction', () => {
  it('renders the pages, runs the actions, renders each details page, and extracts what a browser shows', async () => {
    seen.length = 0;
    const { done, records } = await run('chrome');
    expect(done).toMatchObject({ status: 'completed', error: null, requests: 4 });
    const book = (id: number, title: string) => ({
      Title_text: title,
      Title_href: `${origin}/book/${id}`,
      Title_details: { Price_text: PRICES[id] },
    });
    expect(records).toEqual([
      { Heading_text: 'Books', ...book(1, 'Dune') },
      { Heading_text: '', ...book(2, 'Emma') },
      { Heading_text: '', ...book(3, 'Walden') },
    ]);
    // Images are not loaded by default (blockResources: image, font, media).
    expect(seen).not.toContain('/cover.png');
  }, 240_000);

  it('gets only the server-rendered part with type base', async () => {
    const { done, records } = await run('base');
    expect(done.status).toBe('completed');
    expect(records).toEqual([{ Heading_text: 'Books', Title_text: '', Title_href: '', Title_details: '' }]);
  }, 120_000);
});
