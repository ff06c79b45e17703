import { hashKey, keyIdOf, newApiKey } from '#core/accounts';
import type { KeyRepository } from '#core/ports/key-repository';

/** Stores a key of an account, only its hash (a new key unless one is given); returns the key and its keyId. */
export async function issueApiKey(
  keys: KeyRepository,
  account: string,
  key: string = newApiKey(),
): Promise<{ key: string; keyId: string }> {
  const hash = hashKey(key);
  const keyId = keyIdOf(hash);
  await keys.create(hash, { keyId, account, createdAt: new Date().toISOString(), revoked: false });
  return { key, keyId };
}
