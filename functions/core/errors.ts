import type { TaskStatus } from './task.ts';

export interface FieldIssue {
  path: string;
  reason: string;
}

/** An error the client caused or may act on; `onError` turns it into the contract's envelope. */
export class ApiError extends Error {
  override readonly name: string = 'ApiError';
  readonly statusCode: number;
  readonly code: string;
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    options: { headers?: Record<string, string>; extra?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.statusCode = statusCode;
    this.code = code;
    this.headers = options.headers ?? {};
    this.extra = options.extra ?? {};
  }
}

export const badRequest = (message: string, details: FieldIssue[] = []) =>
  new ApiError(400, 'bad_request', message, { extra: { details } });

export const unauthorized = (message: 'No API Key provided' | 'Invalid API key') =>
  new ApiError(401, 'unauthorized', message);

export const notFound = (what = 'Task') => new ApiError(404, 'not_found', `${what} not found`);

export const conflict = (message: string, status: TaskStatus) =>
  new ApiError(409, 'conflict', message, { extra: { status } });

export const resultsNotReady = (message: string, status: TaskStatus, retryAfterSeconds?: number) =>
  new ApiError(409, 'results_not_ready', message, {
    extra: { status },
    headers: retryAfterSeconds ? { 'retry-after': String(retryAfterSeconds) } : {},
  });

export const payloadTooLarge = (limit: number) =>
  new ApiError(413, 'payload_too_large', `The request body is larger than ${limit} bytes`);

export const unsupportedMediaType = (type: string) =>
  new ApiError(415, 'unsupported_media_type', `Content-Type ${type} is not supported; send application/json`);

export const methodNotAllowed = () => new ApiError(405, 'method_not_allowed', 'Method not allowed');

/** A failure whose message is meant for the user: it becomes the task's `error`. */
export class TaskFailedError extends Error {
  override readonly name = 'TaskFailed';
}
