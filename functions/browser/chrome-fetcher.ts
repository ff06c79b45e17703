import { setTimeout as sleep } from 'node:timers/promises';
import type { BrowserContext, CDPSession, HTTPResponse, Page } from 'puppeteer-core';
import { FetchError } from '#extraction/fetch-error';
import { createPageFetcher, type FetchedPage, type FetchPageOptions } from '#extraction/fetch-page';
import { fetchTimeouts } from '#extraction/timeouts';
import type { BrowserAction } from './actions.ts';
import type { BrowserHost } from './launch.ts';
import { navigationError } from './navigation-errors.ts';
import { type BlockableResource, defaultBlockResources, type WaitUntil } from './request-fields.ts';
import { runActions } from './run-actions.ts';
import { idleTimeMs, settle } from './settle.ts';
import { interceptTraffic, type PageTraffic, type TabTraffic } from './traffic.ts';

export interface ChromePageFetcherOptions {
  host: BrowserHost;
  /** Default `networkidle`: the load event, then no request in flight for 500 ms (at most `networkIdleTimeoutMs`). */
  waitUntil?: WaitUntil | undefined;
  /** Seconds to wait after the page loaded, before the actions. */
  waitDelay?: number | undefined;
  actions?: readonly BrowserAction[] | undefined;
  /** Resource types not loaded; default image, font, media. */
  blockResources?: readonly BlockableResource[] | undefined;
  /** Default: the browser's own user agent followed by `DataflowTasks/0.1`; a `User-Agent` header wins. */
  userAgent?: string | undefined;
  /** Largest rendered page (its HTML, UTF-8 bytes) and robots.txt; default 10 MiB. */
  maxBodyBytes?: number | undefined;
  /** One attempt: navigation, wait, actions and the page's HTML; default the HTTP client's 60 s. */
  timeoutMs?: number | undefined;
  /** One action's bound inside that budget; default 10 s. */
  actionTimeoutMs?: number | undefined;
  /** How long `networkidle` waits for quiet after the load event; default 10 s. */
  networkIdleTimeoutMs?: number | undefined;
}

export interface ChromeFetchedPage extends FetchedPage {
  /** Main-frame documents loaded: 1, plus one per navigation an action caused. */
  documents: number;
  /** Requests not made because of `blockResources`. */
  blocked: number;
  /** Requests refused (guarded address, scheme), the first 100 of `refusedCount`. */
  refused: { url: string; reason: string }[];
  refusedCount: number;
}

export type ChromePageFetcher = ((url: string, options?: FetchPageOptions) => Promise<ChromeFetchedPage>) & {
  /** Closes the task's browser context (its pages with it); the browser stays for the next task. */
  close(): Promise<void>;
};

const defaults = {
  waitUntil: 'networkidle' as WaitUntil,
  maxBodyBytes: 10 * 1024 * 1024,
  actionTimeoutMs: 10_000,
  networkIdleTimeoutMs: 10_000,
};
const productToken = 'DataflowTasks/0.1';
// How long closing a page may take before it is given up.
const abandonMs = 2_000;

/** A tab of the task's context, kept for its next page once one is done. */
interface Tab {
  page: Page;
  traffic: TabTraffic;
  /** A DevTools session of its own, for what puppeteer does not offer (a garbage collection). */
  devtools: CDPSession;
  /** The user agent last set on it. */
  userAgent?: string;
  /** It rendered a page before: that page's document is garbage once the next one has loaded. */
  used: boolean;
}

/**
 * Pages rendered by the host's browser, in one incognito context (created on first use). A tab renders
 * one page at a time; a page done with leaves its tab for the next one (its renderer process stays, so
 * a page costs no new process), and a page that failed, timed out or was cancelled closes its tab.
 * robots.txt (`firstBytes`) is fetched over plain HTTP, through the same guard.
 */
export function createChromePageFetcher(options: ChromePageFetcherOptions): ChromePageFetcher {
  const settings = { ...defaults, ...withoutUndefined(options) };
  const timeoutMs = options.timeoutMs ?? fetchTimeouts.totalTimeoutMs;
  const blockResources = new Set(options.blockResources ?? defaultBlockResources);
  const http = createPageFetcher({ ...options.host.network, maxBodyBytes: settings.maxBodyBytes });
  let context: Promise<BrowserContext> | undefined;
  let userAgent: Promise<string> | undefined;
  // Tabs done with, their last page still loaded: the next page's navigation unloads it.
  let idle: Tab[] = [];

  // Each call chains on the previous one, so the first pages of a task share one context.
  const openContext = (): Promise<BrowserContext> => {
    const previous = context;
    context = (async () => {
      const known = await previous?.catch(() => undefined);
      if (known && !known.closed && known.browser().connected) return known;
      userAgent = undefined;
      idle = [];
      return options.host.newContext();
    })();
    return context;
  };

  const openTab = async (browserContext: BrowserContext): Promise<Tab> => {
    for (let tab = idle.pop(); tab !== undefined; tab = idle.pop()) {
      if (!tab.page.isClosed() && tab.page.browserContext() === browserContext) return tab;
    }
    const page = await browserContext.newPage();
    page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));
    page.on('popup', (popup) => void popup?.close().catch(() => undefined));
    const devtools = await page.createCDPSession();
    const traffic = interceptTraffic(page, devtools);
    return { page, traffic, devtools, used: false };
  };

  // The page done with is frozen (its timers and scripts stop, so it makes no request: a third of the
  // CPU in bench:chrome) until the tab's next page, whose navigation unloads it: no about:blank in
  // between, a round trip of 15 ms a page. Not thawed before that: its overdue timers would run first,
  // and a timed navigation of its own would abort the next page's.
  const release = (tab: Tab) => {
    tab.traffic.stop();
    tab.used = true;
    void tab.devtools.send('Page.setWebLifecycleState', { state: 'frozen' }).catch(() => undefined);
    idle.push(tab);
  };

  // Frees the documents a kept tab leaves behind, which its renderer would otherwise pile up until V8
  // got round to it (bench:chrome's book pages: a renderer at 150 MB after 40, against 60). Sent once
  // the next page has loaded, not waited for: the renderer collects during the wait for quiet.
  const collectPrevious = (tab: Tab) => {
    if (tab.used) void tab.devtools.send('HeapProfiler.collectGarbage').catch(() => undefined);
  };

  const fetchPage = async (
    url: string,
    { headers = {}, signal, firstBytes, details }: FetchPageOptions = {},
  ) => {
    if (firstBytes !== undefined) return withoutTraffic(await http(url, { headers, signal, firstBytes }));
    const parsed = URL.parse(url);
    if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new FetchError('bad-url', url, `Not an http(s) URL: ${url}`);
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    const stop = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const deadline = Date.now() + timeoutMs;
    const stopped = () =>
      signal?.aborted
        ? new FetchError('aborted', url, `Fetching ${url} was cancelled`)
        : new FetchError(
            'timeout',
            url,
            `Timed out rendering ${url}: its ${timeoutMs / 1000} s budget ran out`,
          );

    if (stop.aborted) throw stopped();
    let tab: Tab | undefined;
    let done = false;
    const load = async (): Promise<ChromeFetchedPage> => {
      const since = Date.now();
      const browserContext = await openContext();
      const [proxy, agent] = await Promise.all([options.host.proxy(), agentOf(browserContext)]);
      const opened = await openTab(browserContext);
      // Cut short while the tab opened: `finally` has run without it.
      if (stop.aborted) {
        await abandon(opened.page);
        throw stopped();
      }
      tab = opened;
      const { page } = opened;
      const extra = lowercased(headers);
      const pageAgent = extra['user-agent'] ?? agent;
      if (opened.userAgent !== pageAgent) await page.setUserAgent(pageAgent);
      opened.userAgent = pageAgent;
      delete extra['user-agent'];
      const traffic = await opened.traffic.watch({
        proxy,
        since,
        blockResources,
        headers: extra,
        headersOrigin: parsed.origin,
      });
      const navigation = { url, proxy, traffic, since };
      let response: HTTPResponse | null;
      try {
        const waitUntil = settings.waitUntil === 'networkidle' ? 'load' : settings.waitUntil;
        response = await page.goto(url, { waitUntil, timeout: deadline - Date.now(), signal: stop });
      } catch (error) {
        throw stop.aborted ? stopped() : navigationError(error, navigation);
      }
      collectPrevious(opened);
      if (response === null) throw new FetchError('network', url, `The browser loaded nothing for ${url}`);
      const status = response.status();
      const failure = status === 502 ? proxy.failureFor(response.url(), since) : undefined;
      if (failure) throw new FetchError(failure.code, url, failure.message, { cause: failure });
      const answer = answerOf(response);
      if (status < 200 || status > 299) return { ...answer, body: '', ...counts(traffic) };
      if (settings.waitUntil === 'networkidle') {
        const idleFor = Math.min(settings.networkIdleTimeoutMs, deadline - Date.now());
        await settle(page, idleTimeMs.load, Math.max(0, idleFor), stop);
      }
      if (settings.waitDelay) await sleep(settings.waitDelay * 1000, undefined, { signal: stop });
      await runActions(page, url, details ? [] : (settings.actions ?? []), {
        actionTimeoutMs: settings.actionTimeoutMs,
        deadline,
        signal: stop,
      });
      const body = await page.content();
      if (Buffer.byteLength(body) > settings.maxBodyBytes) {
        const limit = settings.maxBodyBytes;
        throw new FetchError('too-large', url, `The page ${url} is larger than ${limit} bytes once rendered`);
      }
      return { ...answer, url: page.url(), body, ...counts(traffic) };
    };

    const agentOf = (browserContext: BrowserContext) => {
      userAgent ??= browserContext
        .browser()
        .userAgent()
        .then((own) => settings.userAgent ?? `${own} ${productToken}`);
      return userAgent;
    };

    let abort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      abort = () => reject(stopped());
      stop.addEventListener('abort', abort, { once: true });
    });
    try {
      const answer = await Promise.race([load(), aborted]);
      done = true;
      return answer;
    } catch (error) {
      if (stop.aborted) throw stopped();
      if (error instanceof FetchError) throw error;
      throw browserError(error, url);
    } finally {
      if (abort) stop.removeEventListener('abort', abort);
      if (tab && done) release(tab);
      else if (tab) await abandon(tab.page);
    }
  };

  return Object.assign(fetchPage, {
    async close() {
      const last = await context?.catch(() => undefined);
      context = undefined;
      idle = [];
      await last?.close().catch(() => undefined);
      await http.close();
    },
  });
}

/** Closes the page (Chromium ends the renderer of a script that never returns); one that hangs is left to the context's close. */
async function abandon(page: Page): Promise<void> {
  await Promise.race([
    page.close({ runBeforeUnload: false }).catch(() => undefined),
    sleep(abandonMs, undefined, { ref: false }),
  ]);
}

function answerOf(response: HTTPResponse): Omit<FetchedPage, 'body'> {
  const headers: Record<string, string> = {};
  // puppeteer joins a repeated header's values with line breaks.
  for (const [name, value] of Object.entries(response.headers()))
    headers[name] = value.split('\n').join(', ');
  return {
    url: response.url(),
    status: response.status(),
    contentType: headers['content-type'] ?? '',
    headers,
  };
}

const counts = (traffic: PageTraffic) => ({
  documents: traffic.documents,
  blocked: traffic.blocked,
  refused: [...traffic.refused],
  refusedCount: traffic.refusedCount,
});

const withoutTraffic = (page: FetchedPage): ChromeFetchedPage => ({
  ...page,
  documents: 0,
  blocked: 0,
  refused: [],
  refusedCount: 0,
});

/** The browser or its connection failed under the page: worth another try, on a relaunched browser. */
function browserError(error: unknown, url: string): FetchError {
  const detail = error instanceof Error ? error.message : String(error);
  return new FetchError('network', url, `The browser failed while loading ${url}: ${detail}`, {
    cause: error,
  });
}

function lowercased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
