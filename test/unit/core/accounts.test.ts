import { describe, expect, it } from 'vitest';
import { createAuthenticator, hashKey, newApiKey } from '#core/accounts';
import type { ApiKeyRecord, KeyRepository } from '#core/ports/key-repository';

function keysWith(records: Record<string, ApiKeyRecord>) {
  const lookups: string[] = [];
  const repository: KeyRepository = {
    findByHash: async (hash) => {
      lookups.push(hash);
      return records[hash] ?? null;
    },
    create: async () => {},
    revoke: async () => null,
    list: async () => Object.values(records),
  };
  return { repository, lookups };
}

describe('createAuthenticator', () => {
  const key = newApiKey();
  const record: ApiKeyRecord = {
    keyId: 'k1',
    account: 'acme',
    createdAt: '2026-01-01T00:00:00Z',
    revoked: false,
  };

  it('resolves a key to its account by its SHA-256 hash', async () => {
    const { repository, lookups } = keysWith({ [hashKey(key)]: record });
    const authenticate = createAuthenticator(repository, 60_000);
    await expect(authenticate(key)).resolves.toBe('acme');
    expect(lookups).toEqual([hashKey(key)]);
    expect(lookups[0]).not.toContain(key);
  });

  it('says "No API Key provided" without a key', async () => {
    const authenticate = createAuthenticator(keysWith({}).repository, 60_000);
    await expect(authenticate(undefined)).rejects.toMatchObject({
      statusCode: 401,
      message: 'No API Key provided',
    });
  });

  it('says "Invalid API key" for an unknown or revoked key', async () => {
    const { repository } = keysWith({ [hashKey(key)]: { ...record, revoked: true } });
    const authenticate = createAuthenticator(repository, 60_000);
    await expect(authenticate(key)).rejects.toMatchObject({ statusCode: 401, message: 'Invalid API key' });
    await expect(authenticate('dfk_unknown')).rejects.toMatchObject({ message: 'Invalid API key' });
  });

  it('reads the table once per key per minute, then again', async () => {
    let now = 0;
    const records = { [hashKey(key)]: record };
    const { repository, lookups } = keysWith(records);
    const authenticate = createAuthenticator(repository, 60_000, () => now);
    await authenticate(key);
    await authenticate(key);
    expect(lookups).toHaveLength(1);
    records[hashKey(key)] = { ...record, revoked: true };
    now = 59_999;
    await expect(authenticate(key)).resolves.toBe('acme');
    now = 60_000;
    await expect(authenticate(key)).rejects.toMatchObject({ message: 'Invalid API key' });
    expect(lookups).toHaveLength(2);
  });
});
