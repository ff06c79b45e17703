/**
 * The functions' key pairs, kept in the data directory: a presigned link a function signed stays
 * valid across a restart until it expires, as a link signed by a role's session does in AWS.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Credentials, Principal } from './iam/principals.ts';

const fileOf = (dataDir: string) => join(dataDir, 'function-credentials.json');

export async function rememberedCredentials(principals: Principal[], dataDir: string): Promise<Principal[]> {
  let known: Record<string, Credentials> = {};
  try {
    known = JSON.parse(await readFile(fileOf(dataDir), 'utf8')) as Record<string, Credentials>;
  } catch {
    // none yet: the generated ones are kept below
  }
  const kept = principals.map((principal) => ({
    ...principal,
    credentials: known[principal.functionLogicalId] ?? principal.credentials,
  }));
  const all = Object.fromEntries(
    kept.map((principal) => [principal.functionLogicalId, principal.credentials]),
  );
  await writeFile(fileOf(dataDir), `${JSON.stringify({ ...known, ...all }, null, 2)}\n`, { mode: 0o600 });
  return kept;
}
