import { createSocket, type Socket } from 'node:dgram';
import type { LookupAddress } from 'node:dns';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressRefusal, type Resolver } from '#extraction/address-guard';
import { FetchError } from '#extraction/fetch-error';
import { createPageFetcher } from '#extraction/fetch-page';
import { browserActions } from '../../../functions/browser/actions.ts';
import {
  type ChromeFetchedPage,
  type ChromePageFetcherOptions,
  createChromePageFetcher,
} from '../../../functions/browser/chrome-fetcher.ts';
import type { ProxyFailure } from '../../../functions/browser/guard-proxy.ts';
import { type BrowserHost, createBrowserHost } from '../../../functions/browser/launch.ts';
import { interceptTraffic } from '../../../functions/browser/traffic.ts';
import { type FixtureServer, startServer } from '../extraction/server.ts';
import { type JsSite, robotsTxt, siteBooks, siteItems, startJsSite } from './js-site.ts';

// The site plays a public host: the guard lets exactly its loopback address through, as it would a
// public one, and refuses every other address as in a deployment (allowPrivateNetworks false).
const siteAddress = '127.0.0.2';
const names: Record<string, string> = {
  'site.test': siteAddress,
  'other.test': siteAddress,
  'internal.test': '10.0.0.5',
  'metadata.test': '169.254.169.254',
};
// Only the test's names resolve: nothing the browser asks for can lead off this machine.
const resolve: Resolver = async (hostname): Promise<LookupAddress[]> => {
  const address = names[hostname];
  if (address === undefined)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return [{ address, family: 4 }];
};
const addressPolicy = (address: string) => (address === siteAddress ? null : addressRefusal(address));

let site: JsSite;
let direct: FixtureServer;
let host: BrowserHost;
const proxyFailures: ProxyFailure[] = [];

beforeAll(async () => {
  [site, direct] = await Promise.all([
    startJsSite(siteAddress),
    startServer((_, response) => {
      response.end('hit');
    }),
  ]);
  host = createBrowserHost({
    allowPrivateNetworks: false,
    addressPolicy,
    resolve,
    onProxyFailure: (failure) => proxyFailures.push(failure),
  });
});

afterAll(async () => {
  await host?.close();
  await Promise.all([site?.close(), direct?.close()]);
});

async function render(path: string, options: Omit<ChromePageFetcherOptions, 'host'> = {}) {
  const fetcher = createChromePageFetcher({ host, ...options });
  try {
    return await fetcher(`${site.origin}${path}`);
  } finally {
    await fetcher.close();
  }
}

const texts = (page: ChromeFetchedPage | { body: string }, selector: string) =>
  load(page.body)(selector)
    .toArray()
    .map((element) => load(element).text());
const requestsFor = (prefix: string) => site.requests.filter((path) => path.startsWith(prefix));
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a FetchError');
    },
    (error: unknown) => {
      if (!(error instanceof FetchError)) throw error;
      return { code: error.code, message: error.message };
    },
  );

describe('pages rendered by the browser', () => {
  it('renders a listing from its JSON call; plain HTTP gets only the server-rendered part', async () => {
    const page = await render('/listing');
    expect(texts(page, '#books li')).toEqual(siteBooks);
    expect(texts(page, 'h1')).toEqual(['Listing']);
    expect({
      url: page.url,
      status: page.status,
      contentType: page.contentType,
      documents: page.documents,
    }).toEqual({
      url: `${site.origin}/listing`,
      status: 200,
      contentType: 'text/html; charset=utf-8',
      documents: 1,
    });
    const http = createPageFetcher({ addressPolicy, resolve });
    const plain = await http(`${site.origin}/listing`).finally(() => http.close());
    expect(texts(plain, '#books li')).toEqual([]);
    expect(texts(plain, 'h1')).toEqual(['Listing']);
  });

  it('scrolls an infinite list until it stops growing', async () => {
    site.requests.length = 0;
    const page = await render('/scroll', { actions: browserActions([{ scroll: { paginate: '10' } }]) });
    expect(texts(page, '#items li')).toEqual(siteItems(3));
    // Three pages of items, then a scroll that loaded nothing ended it, well before ten.
    expect(requestsFor('/api/items')).toEqual([
      '/api/items?page=0',
      '/api/items?page=1',
      '/api/items?page=2',
    ]);
    const unscrolled = await render('/scroll');
    expect(texts(unscrolled, '#items li')).toEqual(siteItems(1));
  });

  it('clicks a "load more" button until it is gone, or as many times as asked', async () => {
    const all = await render('/more', {
      actions: browserActions([{ paginate: { maxpage: 10, element: 'button.more' } }]),
    });
    expect(texts(all, '#items li')).toEqual(siteItems(3));
    expect(texts(all, 'button.more')).toEqual([]);
    const once = await render('/more', {
      actions: browserActions('[{"paginate": {"maxpage": "1", "element": "button.more"}}]'),
    });
    expect(texts(once, '#items li')).toEqual(siteItems(2));
    expect(texts(once, 'button.more')).toEqual(['More']);
  });

  it('fills a search form, clicks, and waits for the results', async () => {
    const actions = browserActions([
      { input: { inputSelector: '#q', inputText: 'u' } },
      { click: { clickSelector: '#go' } },
      { waitFor: { waitForSelector: '.result' } },
    ]);
    const page = await render('/search', { actions });
    expect(texts(page, '.result')).toEqual(['Dune', 'Ulysses']);
    expect(page.documents).toBe(1);
  });

  it('fails the page when a waitFor never matches, saying which action', async () => {
    const actions = browserActions([
      { click: { element: '#go' } },
      { waitFor: { waitForSelector: '.never' } },
    ]);
    const url = `${site.origin}/search`;
    expect(await rejection(render('/search', { actions, actionTimeoutMs: 1000 }))).toEqual({
      code: 'timeout',
      message: `Action 2 (waitFor) on ${url}: nothing matched .never within 1 s`,
    });
  });

  it('counts main-frame documents: not iframes or subresources, and each navigation an action caused', async () => {
    const still = await render('/frames');
    expect(still.documents).toBe(1);
    const followed = await render('/frames', {
      actions: browserActions([{ click: { clickSelector: '#next' } }]),
    });
    expect({ documents: followed.documents, url: followed.url, query: texts(followed, '.query') }).toEqual({
      documents: 2,
      url: `${site.origin}/found?q=next`,
      query: ['next'],
    });
    const submitted = await render('/form', {
      actions: browserActions([
        { input: { inputSelector: '#q', inputText: 'dune' } },
        { click: { clickSelector: '#go' } },
      ]),
    });
    expect({ documents: submitted.documents, query: texts(submitted, '.query') }).toEqual({
      documents: 2,
      query: ['dune'],
    });
    const redirected = await render('/redirect');
    expect({
      documents: redirected.documents,
      url: redirected.url,
      books: texts(redirected, '#books li'),
    }).toEqual({
      documents: 1,
      url: `${site.origin}/listing`,
      books: siteBooks,
    });
  });

  it('submits a POST form through the proxy, its body with it', async () => {
    const actions = browserActions([
      { input: { inputSelector: '#q', inputText: 'war & peace' } },
      { click: { clickSelector: '#go' } },
    ]);
    const page = await render('/post-form', { actions });
    expect({ url: page.url, body: texts(page, '.body'), documents: page.documents }).toEqual({
      url: `${site.origin}/posted`,
      body: ['q=war+%26+peace'],
      documents: 2,
    });
  });

  it('answers a non-2xx page with its status and no body', async () => {
    const page = await render('/missing');
    expect({ status: page.status, body: page.body }).toEqual({ status: 404, body: '' });
  });

  it('refuses a rendered page over the size limit', async () => {
    const url = `${site.origin}/large`;
    expect(await rejection(render('/large', { maxBodyBytes: 20_000 }))).toEqual({
      code: 'too-large',
      message: `The page ${url} is larger than 20000 bytes once rendered`,
    });
  });

  it('fetches robots.txt over plain HTTP, not rendered', async () => {
    const fetcher = createChromePageFetcher({ host });
    const robots = await fetcher(`${site.origin}/robots.txt`, { firstBytes: 500 * 1024 }).finally(() =>
      fetcher.close(),
    );
    expect({ status: robots.status, body: robots.body }).toEqual({ status: 200, body: robotsTxt });
  });

  it("sends the scheme's headers to the page's own origin, and identifies itself", async () => {
    const fetcher = createChromePageFetcher({ host });
    const page = fetcher(`${site.origin}/listing?other`, { headers: { 'X-Token': 'secret' } });
    await page.finally(() => fetcher.close());
    const port = site.port;
    expect(site.tokens).toEqual({
      [`site.test:${port}/listing`]: 'secret',
      [`site.test:${port}/api/books.json`]: 'secret',
    });
    expect(site.visits).toContain(`other.test:${port}/api/books.json`);
    expect(site.userAgents['/api/books.json']).toMatch(
      /HeadlessChrome\/153\.0\.\d+\.\d+ .* DataflowTasks\/0\.1$/u,
    );
  });

  it("replaces a header Chromium sends with the scheme's, in whatever case it is given", async () => {
    const fetcher = createChromePageFetcher({ host });
    await fetcher(`${site.origin}/listing`, { headers: { ACCEPT: 'text/x-task' } }).finally(() =>
      fetcher.close(),
    );
    expect({ page: site.accepts['/listing'], call: site.accepts['/api/books.json'] }).toEqual({
      page: ['text/x-task'],
      call: ['text/x-task'],
    });
  });
});

describe('resources', () => {
  it('does not load blocked resource types: the image never reaches the server', async () => {
    site.requests.length = 0;
    const page = await render('/image');
    expect({ out: texts(page, '#out'), blocked: page.blocked }).toEqual({ out: ['rendered'], blocked: 1 });
    expect(requestsFor('/cover.png')).toEqual([]);
    const unblocked = await render('/image', { blockResources: [] });
    expect(unblocked.blocked).toBe(0);
    expect(requestsFor('/cover.png')).toEqual(['/cover.png']);
  });

  it("pauses only the requests it decides: the blocked image and, with headers, its origin's", async () => {
    const context = await host.newContext();
    try {
      const page = await context.newPage();
      const devtools = await page.createCDPSession();
      const traffic = interceptTraffic(page, devtools);
      const paused: string[] = [];
      devtools.on('Fetch.requestPaused', (event) => {
        const url = new URL(event.request.url);
        paused.push(`${url.host}${url.pathname}`);
      });
      const watch = async (path: string, headers: Record<string, string>) => {
        paused.length = 0;
        const options = { proxy: await host.proxy(), since: Date.now(), headers, headersOrigin: site.origin };
        const watched = await traffic.watch({ ...options, blockResources: new Set(['image'] as const) });
        await page.goto(`${site.origin}${path}`, { waitUntil: 'load' });
        await page.waitForNetworkIdle({ idleTime: 200 });
        return { paused: paused.toSorted(), blocked: watched.blocked, documents: watched.documents };
      };
      const siteHost = `site.test:${site.port}`;
      // A frame, its document and script and two calls go straight out; only the image is decided.
      expect(await watch('/frames', {})).toEqual({ paused: [], blocked: 0, documents: 1 });
      expect(await watch('/image', {})).toEqual({
        paused: [`${siteHost}/cover.png`],
        blocked: 1,
        documents: 1,
      });
      // Headers are added in Node, to the page's own origin only: other.test's call is not paused.
      expect(await watch('/listing?other', { 'x-task': 'on' })).toEqual({
        paused: [`${siteHost}/api/books.json`, `${siteHost}/listing`],
        blocked: 0,
        documents: 1,
      });
    } finally {
      await context.close();
    }
  });
});

describe('the SSRF guard on what scripts request', () => {
  it('refuses private and link-local addresses a name resolves to, over http, https and websockets', async () => {
    proxyFailures.length = 0;
    const page = await render('/private');
    expect(texts(page, '#out')).toEqual(['refused refused refused refused']);
    const port = site.port;
    const internal = 'Refused to connect to internal.test: 10.0.0.5 is a private address';
    const metadata = 'Refused to connect to metadata.test: 169.254.169.254 is a linkLocal address';
    expect(page.refused.toSorted((a, b) => a.url.localeCompare(b.url))).toEqual([
      { url: `http://internal.test:${port}/secret`, reason: internal },
      { url: `http://metadata.test:${port}/latest/meta-data/`, reason: metadata },
      { url: `https://internal.test:${port}/secret`, reason: internal },
    ]);
    expect(page.refusedCount).toBe(3);
    // The websocket is not a request puppeteer sees; the proxy logs it as it does the others.
    expect(proxyFailures.map(({ target, error }) => [target, error.code, error.message]).toSorted()).toEqual(
      [
        [`http://internal.test:${port}/secret`, 'refused-address', internal],
        [`http://metadata.test:${port}/latest/meta-data/`, 'refused-address', metadata],
        [`internal.test:${port}`, 'refused-address', internal],
        [`internal.test:${port}`, 'refused-address', internal],
      ].toSorted(),
    );
  });

  it('refuses 127.0.0.1 asked for directly: its listener never sees the request', async () => {
    const page = await render(`/direct?port=${direct.port}`);
    expect(texts(page, '#out')).toEqual(['refused']);
    expect(page.refused).toEqual([
      {
        url: `http://127.0.0.1:${direct.port}/hit`,
        reason: 'Refused to connect: 127.0.0.1 is a loopback address',
      },
    ]);
    expect(direct.requests).toEqual([]);
  });

  it("fails a start page whose name resolves to a private address, with the guard's reason", async () => {
    const fetcher = createChromePageFetcher({ host });
    const url = 'https://internal.test/';
    expect(await rejection(fetcher(url).finally(() => fetcher.close()))).toEqual({
      code: 'refused-address',
      message: 'Refused to connect to internal.test: 10.0.0.5 is a private address',
    });
  });

  it('refuses schemes other than http(s), data and blob', async () => {
    const page = await render('/schemes');
    expect(page.refused).toEqual([
      { url: `filesystem:${site.origin}/temporary/x`, reason: 'The browser may not load filesystem: URLs' },
    ]);
  });

  it('sends no WebRTC traffic outside the proxy', async () => {
    const udp: Socket = createSocket('udp4');
    const datagrams: number[] = [];
    udp.on('message', (message) => datagrams.push(message.length));
    await new Promise<void>((done) => udp.bind(0, '127.0.0.1', done));
    try {
      const page = await render(`/webrtc?port=${udp.address().port}`, { waitDelay: 0.5 });
      expect(datagrams).toEqual([]);
      expect(texts(page, '#out')).toEqual(['gathered']);
    } finally {
      udp.close();
    }
  });
});

describe('tabs', () => {
  it("renders a task's next page in the tab of its last one, frozen meanwhile: the last page's scripts stop with it", async () => {
    // It polls while it lives: for the 300 ms of waitDelay here.
    const fetcher = createChromePageFetcher({ host, waitUntil: 'load', waitDelay: 0.3 });
    const browser = await host.browser();
    const tabs = async () => (await browser.pages()).length;
    const before = await tabs();
    try {
      await fetcher(`${site.origin}/poll`);
      const open = await tabs();
      expect(open).toBe(before + 1);
      // Frozen: its polling stops, so the tab makes no request at all, and its timed navigation never comes.
      const tab = (await browser.pages()).find((page) => page.url().endsWith('/poll'));
      let made = 0;
      tab?.on('request', () => made++);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const polls = requestsFor('/api/poll').length;
      site.requests.length = 0;
      await new Promise((resolve) => setTimeout(resolve, 1600));
      expect({ polls: requestsFor('/api/poll').length, late: requestsFor('/found').length }).toEqual({
        polls: 0,
        late: 0,
      });
      expect({ tab: tab !== undefined, made }).toEqual({ tab: true, made: 0 });
      expect(polls).toBeGreaterThan(0);
      const next = await fetcher(`${site.origin}/listing`);
      expect({ books: texts(next, '#books li'), documents: next.documents, tabs: await tabs() }).toEqual({
        books: siteBooks,
        documents: 1,
        tabs: open,
      });
    } finally {
      await fetcher.close();
    }
    expect(await tabs()).toBe(before);
  });

  it("frees the documents a kept tab's pages leave behind", async () => {
    const fetcher = createChromePageFetcher({ host, waitUntil: 'load' });
    try {
      for (let page = 0; page < 8; page++) await fetcher(`${site.origin}/listing`);
      const browser = await host.browser();
      const tabs = (await browser.pages()).filter(
        (page) => page.browserContext() !== browser.defaultBrowserContext(),
      );
      expect(tabs.length).toBe(1);
      // Its renderer holds the last page (or the blank after it), not the seven before: uncollected, 34.
      expect((await tabs[0]?.metrics())?.Documents).toBeLessThanOrEqual(8);
    } finally {
      await fetcher.close();
    }
  });
});

describe('deadlines, cancels and the browser after them', () => {
  it('times out a page whose script never ends, and the browser serves the next page', async () => {
    const fetcher = createChromePageFetcher({ host, timeoutMs: 1500 });
    try {
      const started = Date.now();
      expect(await rejection(fetcher(`${site.origin}/slow`))).toEqual({
        code: 'timeout',
        message: `Timed out rendering ${site.origin}/slow: its 1.5 s budget ran out`,
      });
      expect(Date.now() - started).toBeLessThan(4000);
      const next = await fetcher(`${site.origin}/listing`);
      expect(texts(next, '#books li')).toEqual(siteBooks);
    } finally {
      await fetcher.close();
    }
  });

  it('abandons a page in flight when the signal aborts, leaving no tab behind', async () => {
    const fetcher = createChromePageFetcher({ host });
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 500);
    expect(await rejection(fetcher(`${site.origin}/slow`, { signal: cancel.signal }))).toEqual({
      code: 'aborted',
      message: `Fetching ${site.origin}/slow was cancelled`,
    });
    const browser = await host.browser();
    const open = async () => (await browser.pages()).filter((page) => page.url().startsWith(site.origin));
    expect(await open()).toEqual([]);
    await fetcher.close();
    const next = await render('/listing');
    expect(texts(next, '#books li')).toEqual(siteBooks);
  });

  it("gives each task a clean context: one task's cookies and storage are not the next one's", async () => {
    const first = await render('/cookie?set');
    expect(texts(first, '#out')).toEqual(['task=first|first']);
    const fetcher = createChromePageFetcher({ host });
    try {
      const sameTask = await fetcher(`${site.origin}/cookie?set`);
      expect(texts(sameTask, '#out')).toEqual(['task=first|first']);
      expect(texts(await fetcher(`${site.origin}/cookie`), '#out')).toEqual(['task=first|first']);
    } finally {
      await fetcher.close();
    }
    const next = await render('/cookie');
    expect(texts(next, '#out')).toEqual(['|']);
  });

  it('launches Chromium for a closed network, every request through the guard proxy', async () => {
    const spawned = (await host.browser()).process()?.spawnargs ?? [];
    const proxy = await host.proxy();
    const wanted = [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      `--proxy-server=${proxy.url}`,
      '--proxy-bypass-list=<-loopback>',
    ];
    expect(wanted.filter((flag) => !spawned.includes(flag))).toEqual([]);
    expect(spawned.filter((flag) => ['--single-process', '--disable-web-security'].includes(flag))).toEqual(
      [],
    );
  });

  it('relaunches the browser after it crashed', async () => {
    const browser = await host.browser();
    const launches = host.launches();
    const gone = new Promise((done) => browser.once('disconnected', done));
    browser.process()?.kill('SIGKILL');
    await gone;
    const page = await render('/listing');
    expect(texts(page, '#books li')).toEqual(siteBooks);
    expect(host.launches()).toBe(launches + 1);
  });
});
