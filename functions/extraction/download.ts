import { limitedBody, skipBody } from './body.ts';
import type { Follow, HttpClientSettings } from './http-client.ts';

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
  /** Largest body accepted (default: the client's `maxBodyBytes`). */
  maxBytes?: number | undefined;
  /** Budget of the whole download, body included (default: the client's `downloadTimeoutMs`). */
  totalTimeoutMs?: number | undefined;
}

export type Download = (url: string, options?: DownloadOptions) => Promise<DownloadedFile>;

/** Downloads through the client's `follow`: any content type, the body streamed, not decoded. */
export function createDownload(
  follow: Follow,
  settings: Pick<HttpClientSettings, 'maxBodyBytes' | 'downloadTimeoutMs'>,
): Download {
  return async (url, options = {}) => {
    const signals = {
      signal: options.signal,
      timeout: AbortSignal.timeout(options.totalTimeoutMs ?? settings.downloadTimeoutMs),
    };
    const answer = await follow(url, { accept: '*/*', ...options.headers }, signals);
    const file = {
      url: answer.url,
      status: answer.status,
      contentType: answer.headers['content-type'] ?? '',
      headers: answer.headers,
    };
    if (answer.status < 200 || answer.status > 299) {
      await skipBody(answer.body);
      return { ...file, body: (async function* () {})() };
    }
    const maxBytes = options.maxBytes ?? settings.maxBodyBytes;
    return { ...file, body: limitedBody(answer, maxBytes, 'file', signals) };
  };
}
