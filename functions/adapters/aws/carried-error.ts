import { ApiError } from '#core/errors';

/**
 * How a typed error crosses the invocation. The Lambda runtime reports a thrown error as
 * `{errorType, errorMessage, trace}` only (its own fields are lost), so an `ApiError` is thrown
 * by the export function as an error named `ApiError` whose message is this JSON, and the caller
 * turns a 4xx one back into the same `ApiError`. Anything else stays an internal error.
 */
interface CarriedApiError {
  statusCode: number;
  code: string;
  message: string;
  extra: Record<string, unknown>;
  headers: Record<string, string>;
}

const CARRIED_NAME = 'ApiError';

/** The error the export function throws for `error`: an `ApiError` carried whole, anything else as it is. */
export function carryApiError(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  const carried: CarriedApiError = {
    statusCode: error.statusCode,
    code: error.code,
    message: error.message,
    extra: error.extra,
    headers: error.headers,
  };
  const wire = new Error(JSON.stringify(carried), { cause: error });
  wire.name = CARRIED_NAME;
  return wire;
}

/** The 4xx `ApiError` a function error carries (see `carryApiError`), or undefined. */
export function carriedApiError(errorType: unknown, errorMessage: unknown): ApiError | undefined {
  if (errorType !== CARRIED_NAME || typeof errorMessage !== 'string') return undefined;
  let carried: Partial<CarriedApiError>;
  try {
    carried = JSON.parse(errorMessage) as Partial<CarriedApiError>;
  } catch {
    return undefined;
  }
  const { statusCode, code, message } = carried;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode > 499) return undefined;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return new ApiError(statusCode, code, message, {
    extra: isRecord(carried.extra) ? carried.extra : {},
    headers: isRecord(carried.headers) ? (carried.headers as Record<string, string>) : {},
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The export function failed otherwise (a crash, a timeout, a 5xx): the API answers 500. */
export class ExportFailedError extends Error {
  override readonly name = 'ExportFailedError';
  readonly errorType: string;

  constructor(functionName: string, errorType: string, errorMessage: string) {
    super(`${functionName} failed: ${errorType}: ${errorMessage}`);
    this.errorType = errorType;
  }
}
