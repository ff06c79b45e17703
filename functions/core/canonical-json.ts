import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth and no whitespace. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}

/** The contract's `payloadID`: lowercase hex MD5 of the canonical scheme JSON. */
export function payloadId(scheme: unknown): string {
  return createHash('md5').update(canonicalJson(scheme)).digest('hex');
}
