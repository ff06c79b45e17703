import { type Dispatcher, interceptors, request } from 'undici';
import {
  type AddressPolicy,
  addressPolicyFor,
  addressRefusal,
  literalHostRefusal,
  type Resolver,
} from './address-guard.ts';
import { skipBody, type UnreadAnswer } from './body.ts';
import { createDownload, type Download } from './download.ts';
import { FetchError, type Signals, toFetchError } from './fetch-error.ts';
import { guardedAgent } from './guarded-agent.ts';
import { fetchTimeouts } from './timeouts.ts';

// The guarded HTTP client under page fetches and downloads; decoding pages is fetch-page.ts's, so a
// function that only downloads (a conversion's source) bundles no charset sniffing.

// Core's conversions import both from here, beside the client they come with.
export type { Download } from './download.ts';
export { FetchError } from './fetch-error.ts';

export interface HttpClientOptions {
  /** Lets the crawler reach loopback and private networks (local runs only). */
  allowPrivateNetworks?: boolean | undefined;
  userAgent?: string | undefined;
  /** Largest body accepted, after decompression. */
  maxBodyBytes?: number | undefined;
  maxRedirects?: number | undefined;
  connectTimeoutMs?: number | undefined;
  headersTimeoutMs?: number | undefined;
  bodyTimeoutMs?: number | undefined;
  /** Budget of one fetchPage call, redirects and body included: a body that trickles ends here. */
  totalTimeoutMs?: number | undefined;
  /** Budget of one download (a large file streams for minutes), redirects and body included. */
  downloadTimeoutMs?: number | undefined;
  /** Name resolution; tests stub it. */
  resolve?: Resolver | undefined;
  /** Which addresses may be connected to; defaults to public unicast only. */
  addressPolicy?: AddressPolicy | undefined;
}

const defaults = {
  userAgent: 'DataflowTasks/0.1',
  maxBodyBytes: 10 * 1024 * 1024,
  maxRedirects: 10,
  ...fetchTimeouts,
};

export type HttpClientSettings = typeof defaults;

/** Sends GET and follows redirects, checking each hop; the answer that is not a redirect. */
export type Follow = (
  url: string,
  headers: Record<string, string>,
  signals: Signals,
) => Promise<UnreadAnswer>;

/** The guarded client: GETs that follow redirects checking each hop, downloads, its settings. */
export interface HttpClient {
  follow: Follow;
  download: Download;
  close(): Promise<void>;
  /** The options with their defaults. */
  settings: HttpClientSettings;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
// Credentials meant for one origin are not handed to another one on a redirect.
const originBoundHeaders = ['authorization', 'cookie', 'proxy-authorization'];

/** One keep-alive agent, SSRF-guarded at connect time, with timeouts and manual redirects. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const settings = { ...defaults, ...withoutUndefined(options) };
  const policy = options.allowPrivateNetworks
    ? addressPolicyFor(true)
    : (options.addressPolicy ?? addressRefusal);
  const agent = guardedAgent({ ...settings, policy, resolve: options.resolve, keepAliveTimeoutMs: 10_000 });
  const dispatcher = agent.compose(interceptors.decompress());

  const follow: Follow = async (url, headers, signals) => {
    const combined = signals.signal ? AbortSignal.any([signals.signal, signals.timeout]) : signals.timeout;
    let current = parseHttpUrl(url, url);
    let hopHeaders = requestHeaders(settings.userAgent, headers);
    for (let hop = 0; ; hop++) {
      const refusal = literalHostRefusal(current, policy);
      if (refusal !== null)
        throw new FetchError('refused-address', current.href, `Refused to connect: ${refusal}`);
      const response = await send(dispatcher, current, hopHeaders, combined, signals);
      const location = header(response.headers, 'location');
      if (redirectStatuses.has(response.statusCode) && location !== '') {
        await skipBody(response.body);
        if (hop >= settings.maxRedirects) {
          throw new FetchError(
            'too-many-redirects',
            url,
            `More than ${settings.maxRedirects} redirects from ${url}`,
          );
        }
        const next = parseHttpUrl(location, current.href, current);
        if (next.origin !== current.origin) hopHeaders = withoutKeys(hopHeaders, originBoundHeaders);
        current = next;
        continue;
      }
      return {
        url: current.href,
        status: response.statusCode,
        headers: flatHeaders(response.headers),
        body: response.body,
      };
    }
  };

  return { follow, download: createDownload(follow, settings), close: () => agent.close(), settings };
}

type ResponseData = Dispatcher.ResponseData;

async function send(
  dispatcher: Dispatcher,
  url: URL,
  headers: Record<string, string>,
  signal: AbortSignal,
  signals: Signals,
): Promise<ResponseData> {
  try {
    return await request(url, { dispatcher, method: 'GET', headers, signal });
  } catch (error) {
    throw toFetchError(error, url.href, signals);
  }
}

function parseHttpUrl(value: string, reported: string, base?: URL): URL {
  const url = URL.parse(value, base?.href);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new FetchError('bad-url', reported, `Not an http(s) URL: ${value}`);
  }
  url.hash = '';
  return url;
}

function requestHeaders(userAgent: string, given: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': userAgent,
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'accept-language': 'en',
  };
  for (const [name, value] of Object.entries(given)) headers[name.toLowerCase()] = value;
  headers['accept-encoding'] = 'gzip, deflate, br';
  return headers;
}

function flatHeaders(headers: ResponseData['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function header(headers: ResponseData['headers'], name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function withoutKeys(headers: Record<string, string>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !keys.includes(name)));
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
