import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashKey, newApiKey } from '#core/accounts';
import type { KeyRepository } from '#core/ports/key-repository';
import { issueApiKey } from '#infra/issue-key';

/** The account the printed local key belongs to. */
export const LOCAL_ACCOUNT_NAME = 'local';

const keyFileOf = (dataDir: string) => join(dataDir, 'local-key');

async function rememberedKey(dataDir: string): Promise<string | undefined> {
  try {
    return (await readFile(keyFileOf(dataDir), 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The key of the `local` account, stored in the table if it is not there yet: `apiKey` when
 * given, else the one remembered in `dataDir/local-key` unless revoked, else a new one
 * (remembered there unless ephemeral).
 */
export async function localApiKey(
  keys: KeyRepository,
  options: { apiKey?: string; dataDir: string; ephemeral: boolean; log(message: string): void },
): Promise<string> {
  let key = options.apiKey ?? (options.ephemeral ? undefined : await rememberedKey(options.dataDir));
  if (key && !options.apiKey && (await keys.findByHash(hashKey(key)))?.revoked) key = undefined;
  if (!key) {
    key = newApiKey();
    if (!options.ephemeral) await writeFile(keyFileOf(options.dataDir), `${key}\n`, { mode: 0o600 });
  }
  const stored = await keys.findByHash(hashKey(key));
  if (!stored) await issueApiKey(keys, LOCAL_ACCOUNT_NAME, key);
  else if (stored.revoked) options.log('Warning: DFK_API_KEY names a revoked key');
  return key;
}
