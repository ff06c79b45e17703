// The API as the page calls it: same origin, the key in X-Api-Key (never in a URL), errors as the
// contract's envelope.
import type { ErrorEnvelope } from '#contract/error';

export interface FieldIssue {
  path: string;
  reason: string;
}

/** An answer of the API that is not a success, with the API's own message. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldIssue[];

  constructor(status: number, code: string, message: string, details: FieldIssue[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface ApiAnswer<T> {
  body: T;
  headers: Headers;
}

export interface Api {
  call<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options?: { query?: Query; body?: unknown },
  ): Promise<ApiAnswer<T>>;
}

/** The API with a key; `onRefused` hears of a 401 (the key revoked meanwhile). */
export function createApi(key: string, onRefused: (message: string) => void = () => {}): Api {
  const base = '/v1';
  return {
    async call<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}) {
      const url = new URL(`${base}${path}`, location.origin);
      for (const [name, value] of Object.entries(options.query ?? {}))
        if (value !== undefined) url.searchParams.set(name, String(value));
      const headers: Record<string, string> = { 'X-Api-Key': key, Accept: 'application/json' };
      if (options.body !== undefined) headers['Content-Type'] = 'application/json';
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers,
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
        });
      } catch (error) {
        throw new ApiFailure(0, 'unreachable', `The API could not be reached (${(error as Error).message})`);
      }
      const text = await response.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (!response.ok) {
        const error = (body as Partial<ErrorEnvelope> | undefined)?.error;
        if (response.status === 401) onRefused(error?.message ?? 'The key was refused');
        throw new ApiFailure(
          response.status,
          error?.code ?? 'http_error',
          error?.message ?? `The API answered ${response.status} ${response.statusText}`,
          error?.details ?? [],
        );
      }
      return { body: body as T, headers: response.headers };
    },
  };
}

/** The cursor of the next page a listing's `Link: <…>; rel="next"` announces. */
export function nextCursor(headers: Headers): string | undefined {
  const link = headers.get('link');
  const target = link ? /<([^>]+)>\s*;\s*rel="?next"?/.exec(link)?.[1] : undefined;
  if (!target) return undefined;
  return new URL(target, location.origin).searchParams.get('cursor') ?? undefined;
}

export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : 'Something went wrong';
