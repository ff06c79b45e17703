/**
 * A request as the gateway reads it: the raw target split into path and decoded query, headers
 * with lowercase names and one value each. Shared by signature verification and action mapping.
 */
import type { IncomingHttpHeaders } from 'node:http';

export type Query = Record<string, string | string[]>;

export interface GatewayRequest {
  method: string;
  /** As received, still percent-encoded: what the client signed (S3 signs it as sent). */
  path: string;
  /** The query string as received, without the `?`. */
  rawQuery: string;
  /** Decoded names and values; a repeated name has a list. */
  query: Query;
  /** Lowercase names; repeated headers joined with `,`, as SigV4 canonicalizes them. */
  headers: Record<string, string>;
}

/** Thrown for a target whose percent-encoding does not decode. */
export class MalformedRequestError extends Error {
  override readonly name = 'MalformedRequestError';
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new MalformedRequestError(`Malformed percent-encoding in ${JSON.stringify(text)}`);
  }
}

/** `a=1&b&a=2` → `{ a: ['1', '2'], b: '' }`; `+` stays a plus sign, as the SDK never sends it for a space. */
export function parseQuery(rawQuery: string): Query {
  const query: Query = {};
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const name = decode(equals < 0 ? part : part.slice(0, equals));
    const value = equals < 0 ? '' : decode(part.slice(equals + 1));
    const existing = query[name];
    if (existing === undefined) query[name] = value;
    else query[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return query;
}

/** The first value of a query parameter, if present. */
export const queryValue = (query: Query, name: string): string | undefined => {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
};

export function normalizeHeaders(
  headers: IncomingHttpHeaders | NodeJS.Dict<string[]>,
): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    normalized[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return normalized;
}

export function readRequest(
  method: string,
  url: string,
  headers: IncomingHttpHeaders | NodeJS.Dict<string[]>,
): GatewayRequest {
  const question = url.indexOf('?');
  const path = question < 0 ? url : url.slice(0, question);
  const rawQuery = question < 0 ? '' : url.slice(question + 1);
  return {
    method: method.toUpperCase(),
    path,
    rawQuery,
    query: parseQuery(rawQuery),
    headers: normalizeHeaders(headers),
  };
}
