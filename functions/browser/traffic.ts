import type { CDPSession, HTTPRequest, HTTPResponse, Page, Protocol } from 'puppeteer-core';
import type { GuardProxy } from './guard-proxy.ts';
import type { BlockableResource } from './request-fields.ts';

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
  blockResources: ReadonlySet<BlockableResource>;
  /** Added to the requests of `headersOrigin` only, as the HTTP client drops them on a cross-origin redirect. */
  headers: Record<string, string>;
  headersOrigin: string;
}

export const maxRefusedListed = 100;
const loadableSchemes = new Set(['http:', 'https:', 'data:', 'blob:']);
// Chromium's schemes that load without the network (url/url_constants.h), paused to be refused: every
// other scheme Chromium can load is http(s), data, blob or ws(s), which the guard proxy carries.
const localSchemes = [
  'file',
  'filesystem',
  'ftp',
  'chrome',
  'chrome-untrusted',
  'chrome-extension',
  'chrome-search',
  'devtools',
  'isolated-app',
  'view-source',
  'uuid-in-package',
];
const cdpResourceType: Record<BlockableResource, Protocol.Network.ResourceType> = {
  stylesheet: 'Stylesheet',
  image: 'Image',
  media: 'Media',
  font: 'Font',
  script: 'Script',
  texttrack: 'TextTrack',
  xhr: 'XHR',
  fetch: 'Fetch',
  eventsource: 'EventSource',
  manifest: 'Manifest',
  prefetch: 'Prefetch',
  ping: 'Ping',
  other: 'Other',
};

/** A tab's request interception, set up once for every page it loads: each page is watched in turn. */
export interface TabTraffic {
  /** Counts and decides the tab's requests for the page about to load, until `stop`; awaited before navigating. */
  watch(options: TrafficOptions): Promise<PageTraffic>;
  /** Ends the page's watch: until the next one, the requests it would decide are aborted. */
  stop(): void;
}

/**
 * Intercepts the tab's requests through its own DevTools session (the Fetch domain), pausing only those
 * it has to decide: local schemes (refused), the blocked resource types, and, when the task sends
 * headers, its origin's requests (given them). Everything else goes straight out, through the guard
 * proxy: a request paused in Node costs a round trip on the page's critical path (12 ms a book page in
 * bench:chrome, where puppeteer's interception pauses every one). Counts documents and collects the
 * requests the guard proxy refused.
 */
export function interceptTraffic(page: Page, devtools: CDPSession): TabTraffic {
  let watched:
    | {
        traffic: PageTraffic;
        options: TrafficOptions;
        blocked: Set<Protocol.Network.ResourceType>;
        addsHeaders: boolean;
      }
    | undefined;
  let enabledPatterns = '';
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

  devtools.on('Fetch.requestPaused', (event: Protocol.Fetch.RequestPausedEvent) => {
    const { requestId, request } = event;
    // A page closed meanwhile (abandoned at a deadline) leaves nothing to decide.
    const decided = (decision: Promise<unknown>) => void decision.catch(() => undefined);
    const fail = (errorReason: Protocol.Network.ErrorReason) =>
      decided(devtools.send('Fetch.failRequest', { requestId, errorReason }));
    if (watched === undefined) return fail('Aborted');
    const { traffic, options, blocked, addsHeaders } = watched;
    const url = URL.parse(request.url);
    const scheme = url?.protocol ?? '';
    if (!loadableSchemes.has(scheme)) {
      refuse(traffic, request.url, `The browser may not load ${scheme || 'this'} URLs`);
      return fail('BlockedByClient');
    }
    if (blocked.has(event.resourceType)) {
      traffic.blocked++;
      return fail('BlockedByClient');
    }
    if (addsHeaders && url?.origin === options.headersOrigin) {
      // Lowercased as the task's are, so a header the task sets replaces Chromium's rather than doubling it.
      const merged = new Map<string, string>();
      for (const [name, value] of Object.entries(request.headers)) merged.set(name.toLowerCase(), `${value}`);
      for (const [name, value] of Object.entries(options.headers)) merged.set(name, value);
      const headers = [...merged].map(([name, value]) => ({ name, value }));
      return decided(devtools.send('Fetch.continueRequest', { requestId, headers }));
    }
    decided(devtools.send('Fetch.continueRequest', { requestId }));
  });
  page.on('request', (request: HTTPRequest) => {
    if (watched !== undefined && isMainDocument(request)) watched.traffic.lastNavigation = request.url();
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
    async watch(options) {
      const blocked = new Set([...options.blockResources].map((type) => cdpResourceType[type]));
      const addsHeaders = Object.keys(options.headers).length > 0;
      const patterns: Protocol.Fetch.RequestPattern[] = [
        ...localSchemes.map((scheme) => ({ urlPattern: `${scheme}:*` })),
        ...[...blocked].map((resourceType) => ({ urlPattern: '*', resourceType })),
        ...(addsHeaders ? [{ urlPattern: `${options.headersOrigin}/*` }] : []),
      ];
      const key = JSON.stringify(patterns);
      if (key !== enabledPatterns) {
        await devtools.send('Fetch.enable', { patterns });
        enabledPatterns = key;
      }
      const traffic: PageTraffic = {
        documents: 0,
        blocked: 0,
        refused: [],
        refusedCount: 0,
        lastNavigation: '',
      };
      watched = { traffic, options, blocked, addsHeaders };
      return traffic;
    },
    stop() {
      watched = undefined;
    },
  };
}

const isRedirect = (response: HTTPResponse) =>
  response.status() >= 300 && response.status() < 400 && response.headers().location !== undefined;
