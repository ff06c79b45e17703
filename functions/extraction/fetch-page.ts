import { bodyHead, limitedBody, skipBody } from './body.ts';
import { decodeHtml } from './decode.ts';
import type { Download } from './download.ts';
import { createHttpClient, type HttpClientOptions } from './http-client.ts';

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
  /** Read only the body's first bytes, ignoring the rest (no `too-large` failure): a robots.txt's 500 KiB. */
  firstBytes?: number | undefined;
  /** A details page: a browser renders it but runs no actions, which are the listing pages'. */
  details?: boolean | undefined;
}

export type FetchPage = (url: string, options?: FetchPageOptions) => Promise<FetchedPage>;

export type PageFetcher = FetchPage & { close(): Promise<void>; download: Download };

export type PageFetcherOptions = HttpClientOptions;

/** Pages (decoded as browsers do) and downloads through one guarded client. */
export function createPageFetcher(options: PageFetcherOptions = {}): PageFetcher {
  const client = createHttpClient(options);

  const fetchPage: FetchPage = async (url, { headers = {}, signal, firstBytes } = {}) => {
    const signals = { signal, timeout: AbortSignal.timeout(client.settings.totalTimeoutMs) };
    const answer = await client.follow(url, headers, signals);
    const contentType = answer.headers['content-type'] ?? '';
    const page = { url: answer.url, status: answer.status, contentType, headers: answer.headers };
    if (answer.status < 200 || answer.status > 299) {
      await skipBody(answer.body);
      return { ...page, body: '' };
    }
    const body =
      firstBytes === undefined
        ? limitedBody(answer, client.settings.maxBodyBytes, 'page', signals)
        : bodyHead(answer, Math.min(firstBytes, client.settings.maxBodyBytes), signals);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk);
    return { ...page, body: decodeHtml(Buffer.concat(chunks), contentType) };
  };

  return Object.assign(fetchPage, { close: client.close, download: client.download });
}
