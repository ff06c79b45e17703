import { Agent, type Dispatcher, interceptors, request } from 'undici';
import {
  type AddressPolicy,
  addressRefusal,
  guardedLookup,
  literalHostRefusal,
  type Resolver,
  systemResolver,
} from './address-guard.ts';

// The guarded HTTP client under page fetches and downloads; decoding pages is fetch-page.ts's, so a
// function that only downloads (a conversion's source) bundles no charset sniffing.

/** A file fetched as a stream (a conversion's source), with the page fetcher's guard and limits. */
export interface DownloadedFile {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  contentType: string;
  headers: Record<string, string>;
  /** The body of a 2xx answer (empty for any other status); fails past `maxBytes`. */
  body: AsyncIterable<Buffer>;
}

export interface DownloadOptions {
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
  /** Largest body accepted (default: the fetcher's `maxBodyBytes`). */
  maxBytes?: number | undefined;
  /** Budget of the whole download, body included (default: the fetcher's `downloadTimeoutMs`). */
  totalTimeoutMs?: number | undefined;
}

export type Download = (url: string, options?: DownloadOptions) => Promise<DownloadedFile>;

export type FetchErrorCode =
  | 'refused-address'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'bad-url'
  | 'network'
  | 'aborted';

const retryableCodes: ReadonlySet<FetchErrorCode> = new Set(['timeout', 'network']);

/** A page that could not be fetched; `message` is the reason a user may read. */
export class FetchError extends Error {
  override readonly name = 'FetchError';
  readonly code: FetchErrorCode;
  readonly url: string;
  constructor(code: FetchErrorCode, url: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.code = code;
    this.url = url;
  }
  get retryable(): boolean {
    return retryableCodes.has(this.code);
  }
}

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
  /** Budget of one fetchPage call, redirects included. */
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
  connectTimeoutMs: 10_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  totalTimeoutMs: 60_000,
  downloadTimeoutMs: 10 * 60_000,
};

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
// Credentials meant for one origin are not handed to another one on a redirect.
const originBoundHeaders = ['authorization', 'cookie', 'proxy-authorization'];

/** The guarded client: GETs that follow redirects checking each hop, downloads, its settings. */
export interface HttpClient {
  /** Sends GET and follows redirects, checking each hop; the answer that is not a redirect. */
  follow(
    url: string,
    headers: Record<string, string>,
    signals: Signals,
  ): Promise<{ response: ResponseData; url: string }>;
  download: Download;
  close(): Promise<void>;
  /** The options with their defaults. */
  settings: typeof defaults;
}

/** One keep-alive agent, SSRF-guarded at connect time, with timeouts, size limit and manual redirects. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const settings = { ...defaults, ...withoutUndefined(options) };
  const allowAll: AddressPolicy = () => null;
  const policy = options.allowPrivateNetworks ? allowAll : (options.addressPolicy ?? addressRefusal);
  const agent = new Agent({
    keepAliveTimeout: 10_000,
    headersTimeout: settings.headersTimeoutMs,
    bodyTimeout: settings.bodyTimeoutMs,
    connect: {
      timeout: settings.connectTimeoutMs,
      lookup: guardedLookup(options.resolve ?? systemResolver, policy),
    },
  });
  const dispatcher = agent.compose(interceptors.decompress());

  const follow = async (url: string, headers: Record<string, string>, signals: Signals) => {
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
        await response.body.dump().catch(() => undefined);
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
      return { response, url: current.href };
    }
  };

  const download: Download = async (url, options = {}) => {
    const signals = {
      signal: options.signal,
      timeout: AbortSignal.timeout(options.totalTimeoutMs ?? settings.downloadTimeoutMs),
    };
    const { response, url: final } = await follow(url, { accept: '*/*', ...options.headers }, signals);
    const headers = flatHeaders(response.headers);
    const file = {
      url: final,
      status: response.statusCode,
      contentType: headers['content-type'] ?? '',
      headers,
    };
    if (response.statusCode < 200 || response.statusCode > 299) {
      await response.body.dump().catch(() => undefined);
      return { ...file, body: (async function* () {})() };
    }
    const maxBytes = options.maxBytes ?? settings.maxBodyBytes;
    const tooLarge = () =>
      new FetchError('too-large', final, `The file ${final} is larger than ${maxBytes} bytes`);
    if (Number(headers['content-length'] ?? 0) > maxBytes && !headers['content-encoding']) {
      discard(response.body);
      throw tooLarge();
    }
    return { ...file, body: limitedBody(response.body, maxBytes, tooLarge, final, signals) };
  };
  return { follow, download, close: () => agent.close(), settings };
}

/** A body read chunk by chunk, failing once it passes `maxBytes`; network errors as FetchError. */
async function* limitedBody(
  body: ResponseData['body'],
  maxBytes: number,
  tooLarge: () => FetchError,
  url: string,
  signals: Signals,
): AsyncIterable<Buffer> {
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      // Leaving the loop by throwing destroys the body.
      if (size > maxBytes) throw tooLarge();
      yield chunk as Buffer;
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw toFetchError(error, url, signals);
  } finally {
    if (!body.destroyed) discard(body);
  }
}

export type ResponseData = Dispatcher.ResponseData;

export interface Signals {
  signal: AbortSignal | undefined;
  timeout: AbortSignal;
}

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

export function discard(body: ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

export function toFetchError(error: unknown, url: string, { signal, timeout }: Signals): FetchError {
  if (signal?.aborted)
    return new FetchError('aborted', url, `Fetching ${url} was cancelled`, { cause: error });
  if (timeout.aborted) return new FetchError('timeout', url, `Timed out fetching ${url}`, { cause: error });
  const refused = findInCauses(
    error,
    (inner) => inner instanceof Error && inner.name === 'AddressRefusedError',
  );
  if (refused instanceof Error)
    return new FetchError('refused-address', url, refused.message, { cause: error });
  const code = errorCode(error);
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return new FetchError('timeout', url, `Timed out fetching ${url} (${code})`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new FetchError('network', url, `Could not fetch ${url}: ${code ? `${code} ` : ''}${detail}`, {
    cause: error,
  });
}

function findInCauses(error: unknown, test: (error: unknown) => boolean): unknown {
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    if (test(current)) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

function errorCode(error: unknown): string {
  const found = findInCauses(error, (inner) => typeof (inner as { code?: unknown })?.code === 'string');
  return found ? String((found as { code: string }).code) : '';
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

export function flatHeaders(headers: ResponseData['headers']): Record<string, string> {
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
