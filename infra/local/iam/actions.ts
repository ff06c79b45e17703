/**
 * What IAM evaluates for a request: the action(s) and resource ARN(s), one check each, as AWS
 * authorizes the call. The per-service mappings are in dynamodb-actions.ts, s3-actions.ts,
 * sfn-actions.ts and lambda-actions.ts; this module holds what they share.
 */
import { type AwsError, invalidParameter, type JsonService, malformedBody } from './errors.ts';

/** One authorization: `action` on `resource`, with the request's condition keys for it. */
export interface Check {
  action: string;
  resource: string;
  /** Service condition keys the request carries (`s3:prefix`, …); global keys are added by authorize. */
  context?: Record<string, string | string[]>;
}

export type Mapping = { ok: true; checks: Check[] } | { ok: false; error: AwsError };

/** The region and account ARNs are built in. */
export interface Scope {
  region: string;
  account: string;
}

export const mapped = (checks: Check[]): Mapping => ({ ok: true, checks });
export const refused = (error: AwsError): Mapping => ({ ok: false, error });

/** The body of a JSON 1.0 call as an object, or the error the service answers a malformed one with. */
export function parseJsonBody(
  service: JsonService,
  body: Uint8Array,
): { ok: true; value: Record<string, unknown> } | { ok: false; error: AwsError } {
  if (body.byteLength === 0) return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return { ok: true, value: value as Record<string, unknown> };
  } catch {
    // Answered below, as for a body that is JSON but not an object.
  }
  return { ok: false, error: malformedBody(service, 'Start of structure or map found where not expected.') };
}

/** A required string parameter of a JSON call, or the ValidationException AWS answers without it. */
export function requiredString(
  service: JsonService,
  body: Record<string, unknown>,
  name: string,
): { ok: true; value: string } | { ok: false; error: AwsError } {
  const value = body[name];
  if (typeof value === 'string' && value !== '') return { ok: true, value };
  return {
    ok: false,
    error: invalidParameter(
      service,
      `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
    ),
  };
}
