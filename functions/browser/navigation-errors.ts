import { TimeoutError } from 'puppeteer-core';
import { FetchError } from '#extraction/fetch-error';
import type { GuardProxy } from './guard-proxy.ts';
import type { PageTraffic } from './traffic.ts';

// Chromium's net error names for a navigation (puppeteer's message: `net::ERR_… at <url>`).
const netError = /net::(ERR_[A-Z_]+)/u;
// Behind a proxy, Chromium only knows that the proxy did not connect; the proxy knows why.
const proxyErrors = new Set([
  'ERR_TUNNEL_CONNECTION_FAILED',
  'ERR_PROXY_CONNECTION_FAILED',
  'ERR_EMPTY_RESPONSE',
]);

export interface NavigationContext {
  url: string;
  proxy: GuardProxy;
  traffic: PageTraffic;
  since: number;
}

/** A failed navigation as the FetchError a crawl counts and a user reads. */
export function navigationError(
  error: unknown,
  { url, proxy, traffic, since }: NavigationContext,
): FetchError {
  if (error instanceof FetchError) return error;
  const failedUrl = traffic.lastNavigation || url;
  if (error instanceof TimeoutError)
    return new FetchError('timeout', url, `Timed out loading ${url}`, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  const name = netError.exec(message)?.[1];
  if (name !== undefined && proxyErrors.has(name)) {
    const known = proxy.failureFor(failedUrl, since);
    if (known) return new FetchError(known.code, url, known.message, { cause: error });
  }
  switch (name) {
    case 'ERR_BLOCKED_BY_CLIENT': {
      const refused = traffic.refused.find((entry) => entry.url === failedUrl);
      return new FetchError('bad-url', url, refused?.reason ?? `The browser may not load ${failedUrl}`, {
        cause: error,
      });
    }
    case 'ERR_TOO_MANY_REDIRECTS':
      return new FetchError('too-many-redirects', url, `Too many redirects from ${url}`, { cause: error });
    case 'ERR_INVALID_URL':
    case 'ERR_UNSAFE_PORT':
    case 'ERR_UNSAFE_REDIRECT':
      return new FetchError('bad-url', url, `The browser refused the URL ${failedUrl} (${name})`, {
        cause: error,
      });
    case 'ERR_TIMED_OUT':
    case 'ERR_CONNECTION_TIMED_OUT':
      return new FetchError('timeout', url, `Timed out loading ${url} (${name})`, { cause: error });
    case 'ERR_ABORTED':
      // Chromium gives up a navigation whose answer it does not render (a download) this way.
      return new FetchError('network', url, `The browser did not render ${failedUrl}: it is not a page`, {
        cause: error,
      });
    default:
      return new FetchError('network', url, `Could not load ${url}: ${name ?? message}`, { cause: error });
  }
}
