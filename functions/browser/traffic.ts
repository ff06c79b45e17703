import type { HTTPRequest, HTTPResponse, Page } from 'puppeteer-core';
import type { GuardProxy } from './guard-proxy.ts';

/** A request the page made that was not let through: a scheme the browser may not load, or a guarded address. */
export interface RefusedRequest {
  url: string;
  reason: string;
}

/** What one page's requests came to, counted as they happen. */
export interface PageTraffic {
  /** Main-frame documents that arrived (redirects not counted): the start page and each navigation after it. */
  documents: number;
  /** Requests not made because their resource type is blocked. */
  blocked: number;
  /** The first `maxRefusedListed` refused requests. */
  refused: RefusedRequest[];
  refusedCount: number;
  /** The last main-frame navigation requested (a redirect's target included): what a failed navigation failed on. */
  lastNavigation: string;
}

export interface TrafficOptions {
  proxy: GuardProxy;
  /** Epoch ms the page started: the proxy's failures from before are another page's. */
  since: number;
  blockResources: ReadonlySet<string>;
  /** Added to the requests of `headersOrigin` only, as the HTTP client drops them on a cross-origin redirect. */
  headers: Record<string, string>;
  headersOrigin: string;
}

export const maxRefusedListed = 100;
const loadableSchemes = new Set(['http:', 'https:', 'data:', 'blob:']);

/** A tab's request interception, set up once for every page it loads: each page is watched in turn. */
export interface TabTraffic {
  /** Counts and decides the tab's requests for the page about to load, until `stop`. */
  watch(options: TrafficOptions): PageTraffic;
  /** Ends the page's watch: until the next one, the tab's requests are aborted (its page is done with). */
  stop(): void;
}

/**
 * Intercepts the tab's requests (puppeteer's request interception): refuses schemes other than
 * http(s), data and blob, blocks the listed resource types, counts documents, and collects the
 * requests the guard proxy refused. Call before the tab's first navigation.
 */
export async function interceptTraffic(page: Page): Promise<TabTraffic> {
  let watched: { traffic: PageTraffic; options: TrafficOptions } | undefined;
  const refuse = (traffic: PageTraffic, url: string, reason: string) => {
    traffic.refusedCount++;
    if (traffic.refused.length < maxRefusedListed) traffic.refused.push({ url, reason });
  };
  const isMainDocument = (request: HTTPRequest) =>
    request.isNavigationRequest() && request.frame() === page.mainFrame();
  const proxyRefusal = (options: TrafficOptions, url: string) => {
    const failure = options.proxy.failureFor(url, options.since);
    return failure?.code === 'refused-address' ? failure : undefined;
  };

  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    if (request.isInterceptResolutionHandled()) return;
    // A page closed meanwhile (abandoned at a deadline) leaves nothing to decide.
    const decided = (decision: Promise<void>) => void decision.catch(() => undefined);
    if (watched === undefined) return decided(request.abort('aborted'));
    const { traffic, options } = watched;
    const url = request.url();
    const main = isMainDocument(request);
    if (main) traffic.lastNavigation = url;
    const scheme = URL.parse(url)?.protocol ?? '';
    if (!loadableSchemes.has(scheme)) {
      refuse(traffic, url, `The browser may not load ${scheme || 'this'} URLs`);
      decided(request.abort('blockedbyclient'));
    } else if (!main && options.blockResources.has(request.resourceType())) {
      traffic.blocked++;
      decided(request.abort('blockedbyclient'));
    } else if (Object.keys(options.headers).length > 0 && URL.parse(url)?.origin === options.headersOrigin) {
      decided(request.continue({ headers: { ...request.headers(), ...options.headers } }));
    } else decided(request.continue());
  });
  page.on('requestfailed', (request: HTTPRequest) => {
    if (watched === undefined) return;
    const refusal = proxyRefusal(watched.options, request.url());
    if (refusal) refuse(watched.traffic, request.url(), refusal.message);
  });
  page.on('response', (response: HTTPResponse) => {
    if (watched === undefined) return;
    const refusal = response.status() === 502 ? proxyRefusal(watched.options, response.url()) : undefined;
    if (refusal) refuse(watched.traffic, response.url(), refusal.message);
    else if (isMainDocument(response.request()) && !isRedirect(response)) watched.traffic.documents++;
  });
  return {
    watch(options) {
      const traffic: PageTraffic = {
        documents: 0,
        blocked: 0,
        refused: [],
        refusedCount: 0,
        lastNavigation: '',
      };
      watched = { traffic, options };
      return traffic;
    },
    stop() {
      watched = undefined;
    },
  };
}

const isRedirect = (response: HTTPResponse) =>
  response.status() >= 300 && response.status() < 400 && response.headers().location !== undefined;
