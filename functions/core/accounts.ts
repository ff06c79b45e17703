import { createHash, randomBytes } from 'node:crypto';
import { unauthorized } from './errors.ts';
import type { KeyRepository } from './ports/key-repository.ts';

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/** A new key: `dfk_` and 43 base64url characters (256 random bits). */
export function newApiKey(): string {
  return `dfk_${randomBytes(32).toString('base64url')}`;
}

/** The short, non-secret handle of a key, for listing and revoking. */
export const keyIdOf = (hash: string) => hash.slice(0, 12);

/**
 * Resolves a key to its account, caching each answer (found or not) for `ttlMs` in this
 * container, so a revoke takes effect within that time and a flood of bad keys costs one read each.
 */
export function createAuthenticator(keys: KeyRepository, ttlMs: number, now = () => Date.now()) {
  const cache = new Map<string, { account: string | null; expires: number }>();
  return async function authenticate(key: string | undefined): Promise<string> {
    if (!key) throw unauthorized('No API Key provided');
    const hash = hashKey(key);
    let entry = cache.get(hash);
    if (!entry || entry.expires <= now()) {
      const record = await keys.findByHash(hash);
      entry = { account: record && !record.revoked ? record.account : null, expires: now() + ttlMs };
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, entry);
    }
    if (entry.account === null) throw unauthorized('Invalid API key');
    return entry.account;
  };
}
