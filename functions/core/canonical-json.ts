import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth and no whitespace. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a `__proto__` key stays a key instead of a prototype
    const entries = Object.keys(value).sort();
    return Object.fromEntries(entries.map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

/** The contract's `payloadID`: lowercase hex MD5 of the canonical scheme JSON. */
export function payloadId(scheme: unknown): string {
  return createHash('md5').update(canonicalJson(scheme)).digest('hex');
}
