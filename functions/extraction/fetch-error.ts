import { errors } from 'undici';
import { AddressRefusedError } from './address-guard.ts';
import { siteOf, unreachableCause } from './unreachable.ts';

export type FetchErrorCode =
  | 'refused-address'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'bad-url'
  | 'network'
  /** No connection could be made: refused, DNS, a connect timeout, TLS. */
  | 'unreachable'
  | 'aborted';

const retryableCodes: ReadonlySet<FetchErrorCode> = new Set(['timeout', 'network', 'unreachable']);

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

/** What may end a fetch early: the caller's abort, and the fetch's own time budget. */
export interface Signals {
  signal: AbortSignal | undefined;
  timeout: AbortSignal;
}

const undiciTimeouts = [errors.ConnectTimeoutError, errors.HeadersTimeoutError, errors.BodyTimeoutError];

/** Any failure of a request or its body, as the FetchError a crawl can count and a user can read. */
export function toFetchError(error: unknown, url: string, { signal, timeout }: Signals): FetchError {
  if (error instanceof FetchError) return error;
  if (signal?.aborted)
    return new FetchError('aborted', url, `Fetching ${url} was cancelled`, { cause: error });
  if (timeout.aborted) return new FetchError('timeout', url, `Timed out fetching ${url}`, { cause: error });
  const refused = findInCauses(error, (inner) => inner instanceof AddressRefusedError);
  if (refused) return new FetchError('refused-address', url, refused.message, { cause: error });
  const coded = codedCause(error);
  const code = coded?.code ?? '';
  const unreachable = unreachableCause(code, coded?.message ?? '');
  if (unreachable !== null) {
    const message = `The site ${siteOf(url)} could not be reached: ${unreachable}`;
    return new FetchError('unreachable', url, message, { cause: error });
  }
  const timedOut = findInCauses(error, isUndiciTimeout);
  if (timedOut) {
    return new FetchError('timeout', url, `Timed out fetching ${url} (${timedOut.code})`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new FetchError('network', url, `Could not fetch ${url}: ${code ? `${code} ` : ''}${detail}`, {
    cause: error,
  });
}

const isUndiciTimeout = (error: unknown): error is errors.UndiciError =>
  undiciTimeouts.some((type) => error instanceof type);

function findInCauses<T>(error: unknown, test: (error: unknown) => error is T): T | undefined {
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    if (test(current)) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

// Node's socket, DNS and TLS errors (ECONNREFUSED, ENOTFOUND, …) have no classes: their code names them.
function codedCause(error: unknown): { code: string; message: string } | undefined {
  const hasCode = (inner: unknown): inner is { code: string } =>
    typeof (inner as { code?: unknown } | null)?.code === 'string';
  const coded = findInCauses(error, hasCode);
  return coded && { code: coded.code, message: coded instanceof Error ? coded.message : '' };
}
