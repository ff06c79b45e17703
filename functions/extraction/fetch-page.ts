import { decodeHtml } from './decode.ts';
import {
  createHttpClient,
  type Download,
  discard,
  FetchError,
  flatHeaders,
  type HttpClientOptions,
  type ResponseData,
  type Signals,
  toFetchError,
} from './http-client.ts';

export {
  type Download,
  type DownloadedFile,
  type DownloadOptions,
  FetchError,
  type FetchErrorCode,
} from './http-client.ts';

export interface FetchedPage {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** The decoded body of a 2xx answer; "" for any other status. */
  body: string;
  contentType: string;
  /** Response headers, lowercase names, repeated ones joined with ", ". */
  headers: Record<string, string>;
}

export interface FetchPageOptions {
  headers?: Record<string, string> | undefined;
  signal?: AbortSignal | undefined;
}

export type FetchPage = (url: string, options?: FetchPageOptions) => Promise<FetchedPage>;

export type PageFetcher = FetchPage & { close(): Promise<void>; download: Download };

export type PageFetcherOptions = HttpClientOptions;

/** Pages (decoded as browsers do) and downloads through one guarded client. */
export function createPageFetcher(options: PageFetcherOptions = {}): PageFetcher {
  const client = createHttpClient(options);

  const fetchPage: FetchPage = async (url, { headers = {}, signal } = {}) => {
    const signals = { signal, timeout: AbortSignal.timeout(client.settings.totalTimeoutMs) };
    const { response, url: final } = await client.follow(url, headers, signals);
    return await readPage(response, final, client.settings.maxBodyBytes, signals);
  };

  return Object.assign(fetchPage, { close: client.close, download: client.download });
}

async function readPage(response: ResponseData, url: string, maxBytes: number, signals: Signals) {
  const headers = flatHeaders(response.headers);
  const contentType = headers['content-type'] ?? '';
  const page = { url, status: response.statusCode, contentType, headers };
  if (response.statusCode < 200 || response.statusCode > 299) {
    await response.body.dump().catch(() => undefined);
    return { ...page, body: '' };
  }
  const tooLarge = () => new FetchError('too-large', url, `The page ${url} is larger than ${maxBytes} bytes`);
  if (Number(headers['content-length'] ?? 0) > maxBytes && !headers['content-encoding']) {
    discard(response.body);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      // Leaving the loop by throwing destroys the body.
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw toFetchError(error, url, signals);
  }
  return { ...page, body: decodeHtml(Buffer.concat(chunks), contentType) };
}
