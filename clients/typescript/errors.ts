import type { components } from './api-types.ts';

type ErrorEnvelope = components['schemas']['Error'];
export type ErrorDetail = NonNullable<ErrorEnvelope['error']['details']>[number];
export type TaskStatus = components['schemas']['Task']['status'];

function isEnvelope(body: unknown): body is ErrorEnvelope {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), or null. */
function retryAfterSeconds(value: string | null): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

/** An answer of the API other than 2xx, read from its `{error: {code, message, details?}}` envelope. */
export class DfkApiError extends Error {
  override readonly name = 'DfkApiError';
  readonly status: number;
  /** The envelope's snake_case code (`bad_request`, `unauthorized`, …); `http_<status>` when the body was not one. */
  readonly code: string;
  /** On a 400, the path and reason of each invalid field. */
  readonly details: ErrorDetail[];
  /** On a 409, the task's current status. */
  readonly taskStatus: TaskStatus | undefined;
  /** `Retry-After` in seconds, when the answer had one (a cancelled task still writing its results). */
  readonly retryAfter: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { details?: ErrorDetail[]; taskStatus?: TaskStatus; retryAfter?: number | null } = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = extra.details ?? [];
    this.taskStatus = extra.taskStatus;
    this.retryAfter = extra.retryAfter ?? null;
  }

  /** The error of a response and its body (parsed JSON, or the text when it was not JSON). */
  static from(response: Response, body: unknown): DfkApiError {
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
    if (isEnvelope(body)) {
      const { code, message, details, status } = body.error;
      return new DfkApiError(response.status, code, message, { details, taskStatus: status, retryAfter });
    }
    const text = typeof body === 'string' && body.trim() !== '' ? body.trim() : response.statusText;
    return new DfkApiError(response.status, `http_${response.status}`, text || `HTTP ${response.status}`, {
      retryAfter,
    });
  }
}

/** A task that ended otherwise than `completed` where its results were needed. */
export class DfkTaskError extends Error {
  override readonly name = 'DfkTaskError';
  readonly task: components['schemas']['Task'];

  constructor(task: components['schemas']['Task']) {
    super(`Task ${task.id} ended ${task.status}${task.error ? `: ${task.error}` : ''}`);
    this.task = task;
  }
}
