import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A site whose content exists only once its scripts ran, on `address` (the tests' "public" host,
 * reached as `site.test`). Each page's server-rendered part is its `<h1>`.
 */
export interface JsSite {
  port: number;
  /** `http://site.test:<port>` */
  origin: string;
  /** Paths asked for, in order. */
  requests: string[];
  /** Host and path of each request (`other.test:<port>/api/books.json`), in order. */
  visits: string[];
  /** The `x-token` header of each request that had one, by host and path (`site.test:<port>/listing`). */
  tokens: Record<string, string>;
  /** Every Accept header each path was sent with, repeats included. */
  accepts: Record<string, string[]>;
  /** The `user-agent` of the requests, by path. */
  userAgents: Record<string, string>;
  close(): Promise<void>;
}

const books = ['Dune', 'Emma', 'Ulysses', 'Walden'];
const items = (page: number) => Array.from({ length: 10 }, (_, index) => `Item ${page * 10 + index + 1}`);
/** Pages of items an infinite scroll or a "load more" button loads, the first included. */
export const itemPages = 3;

function html(title: string, body: string): string {
  return `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

// Appends the items of `/api/items?page=N` to #items, and says whether there are more.
const loadItems = `
  let next = 0;
  async function loadItems() {
    const answer = await (await fetch('/api/items?page=' + next)).json();
    for (const text of answer.items) {
      const li = document.createElement('li');
      li.textContent = text;
      li.style.height = '200px';
      document.getElementById('items').append(li);
    }
    next++;
    return answer.more;
  }`;

const pages: Record<string, (query: URLSearchParams) => string> = {
  '/listing': (query) =>
    html(
      'Listing',
      `<ul id="books"></ul><script>
        ${query.has('other') ? `fetch('http://other.test:' + location.port + '/api/books.json');` : ''}
        fetch('/api/books.json').then((r) => r.json()).then((list) => {
          for (const title of list) {
            const li = document.createElement('li');
            li.textContent = title;
            document.getElementById('books').append(li);
          }
        });
      </script>`,
    ),
  '/scroll': () =>
    html(
      'Scroll',
      `<ul id="items"></ul><script>${loadItems}
        let more = true, busy = false;
        loadItems().then((m) => { more = m; });
        addEventListener('scroll', async () => {
          if (!more || busy || innerHeight + scrollY < document.body.scrollHeight - 50) return;
          busy = true;
          more = await loadItems();
          busy = false;
        });
      </script>`,
    ),
  '/more': () =>
    html(
      'More',
      `<ul id="items"></ul><button class="more">More</button><script>${loadItems}
        loadItems();
        document.querySelector('button.more').addEventListener('click', async (event) => {
          if (!(await loadItems())) event.target.remove();
        });
      </script>`,
    ),
  '/search': () =>
    html(
      'Search',
      `<input id="q"><button id="go">Go</button><div id="results"></div><script>
        document.getElementById('go').addEventListener('click', async () => {
          const q = document.getElementById('q').value;
          const found = await (await fetch('/api/search?q=' + encodeURIComponent(q))).json();
          setTimeout(() => {
            for (const title of found) {
              const div = document.createElement('div');
              div.className = 'result';
              div.textContent = title;
              document.getElementById('results').append(div);
            }
          }, 200);
        });
      </script>`,
    ),
  '/form': () =>
    html(
      'Form',
      `<form action="/found" method="get"><input name="q" id="q"><button id="go">Go</button></form>`,
    ),
  '/post-form': () =>
    html(
      'Post',
      `<form action="/posted" method="post"><input name="q" id="q"><button id="go">Go</button></form>`,
    ),
  '/found': (query) => html('Found', `<p class="query">${query.get('q') ?? ''}</p>`),
  '/private': () =>
    html(
      'Private',
      `<p id="out">waiting</p><script>
        const port = location.port;
        const tries = [
          fetch('http://internal.test:' + port + '/secret').then(() => 'reached', () => 'refused'),
          fetch('http://metadata.test:' + port + '/latest/meta-data/').then(() => 'reached', () => 'refused'),
          fetch('https://internal.test:' + port + '/secret').then(() => 'reached', () => 'refused'),
          new Promise((done) => {
            const socket = new WebSocket('ws://internal.test:' + port + '/socket');
            socket.onopen = () => done('reached');
            socket.onerror = () => done('refused');
          }),
        ];
        Promise.all(tries).then((results) => { document.getElementById('out').textContent = results.join(' '); });
      </script>`,
    ),
  '/direct': (query) =>
    html(
      'Direct',
      `<p id="out">waiting</p><script>
        fetch('http://127.0.0.1:${query.get('port')}/hit').then(() => 'reached', () => 'refused')
          .then((result) => { document.getElementById('out').textContent = result; });
      </script>`,
    ),
  '/poll': () =>
    html(
      'Poll',
      `<p id="out">polled</p><script>
        setInterval(() => fetch('/api/poll').catch(() => undefined), 50);
        setTimeout(() => { location.href = '/found?q=late'; }, 1500);
      </script>`,
    ),
  '/slow': () =>
    html('Slow', `<p id="out">spinning</p><script>setTimeout(() => { for (;;) {} }, 50);</script>`),
  '/image': () =>
    html(
      'Image',
      `<img src="/cover.png"><p id="out">waiting</p><script>
        document.getElementById('out').textContent = 'rendered';
      </script>`,
    ),
  '/frames': () =>
    html(
      'Frames',
      `<iframe src="/listing"></iframe><a id="next" href="/found?q=next">next</a><script>
        fetch('/api/books.json');
      </script>`,
    ),
  '/cookie': (query) =>
    html(
      'Cookie',
      `<p id="out"></p><script>
        ${query.has('set') ? "document.cookie = 'task=first; max-age=3600'; localStorage.setItem('task', 'first');" : ''}
        document.getElementById('out').textContent = document.cookie + '|' + (localStorage.getItem('task') ?? '');
      </script>`,
    ),
  '/webrtc': (query) =>
    html(
      'WebRTC',
      `<p id="out">waiting</p><script>
        const peer = new RTCPeerConnection({ iceServers: [{ urls: 'stun:127.0.0.1:${query.get('port')}' }] });
        peer.createDataChannel('probe');
        peer.onicegatheringstatechange = () => {
          if (peer.iceGatheringState === 'complete') document.getElementById('out').textContent = 'gathered';
        };
        peer.createOffer().then((offer) => peer.setLocalDescription(offer));
      </script>`,
    ),
  '/schemes': () =>
    html(
      'Schemes',
      `<script>
        const image = new Image();
        image.src = 'filesystem:' + location.origin + '/temporary/x';
        document.body.append(image);
      </script>`,
    ),
  '/missing': () => html('Missing', '<script>document.title = "rendered"</script>'),
  '/large': () => html('Large', `<script>document.body.append('x'.repeat(30000));</script>`),
};

export async function startJsSite(address: string): Promise<JsSite> {
  const requests: string[] = [];
  const visits: string[] = [];
  const tokens: Record<string, string> = {};
  const accepts: Record<string, string[]> = {};
  const userAgents: Record<string, string> = {};
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push(request.url ?? '');
    const url = new URL(request.url ?? '/', 'http://site.test');
    visits.push(`${request.headers.host}${url.pathname}`);
    const token = request.headers['x-token'];
    if (typeof token === 'string') tokens[`${request.headers.host}${url.pathname}`] = token;
    userAgents[url.pathname] = request.headers['user-agent'] ?? '';
    accepts[url.pathname] = request.headersDistinct.accept ?? [];
    const json = (value: unknown) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(value));
    };
    if (url.pathname === '/api/books.json') return json(books);
    if (url.pathname === '/api/items') {
      const page = Number(url.searchParams.get('page'));
      return json({ items: items(page), more: page + 1 < itemPages });
    }
    if (url.pathname === '/api/poll') return json({});
    if (url.pathname === '/api/search') {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      return json(books.filter((title) => title.toLowerCase().includes(q)));
    }
    if (url.pathname === '/posted' && request.method === 'POST') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        response.setHeader('content-type', 'text/html; charset=utf-8');
        response.end(html('Posted', `<p class="body">${Buffer.concat(chunks).toString()}</p>`));
      });
      return;
    }
    if (url.pathname === '/robots.txt') {
      response.setHeader('content-type', 'text/plain');
      response.end(robotsTxt);
      return;
    }
    if (url.pathname === '/redirect') {
      response.writeHead(302, { location: '/listing' }).end();
      return;
    }
    const render = pages[url.pathname];
    response.statusCode = url.pathname === '/missing' ? 404 : render ? 200 : 404;
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(render ? render(url.searchParams) : 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://site.test:${port}`,
    requests,
    visits,
    tokens,
    accepts,
    userAgents,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const siteBooks = books;
export const robotsTxt = 'User-agent: *\nDisallow: /private\n';
export const siteItems = (pagesLoaded: number) =>
  Array.from({ length: pagesLoaded }, (_, page) => items(page)).flat();
