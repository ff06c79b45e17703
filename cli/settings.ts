import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRunningRuntime } from '#local/runtime-file';
import { UsageError } from './failure.ts';

export interface ConnectionFlags {
  apiUrl?: string;
  apiKey?: string;
}

export interface Connection {
  baseUrl: string;
  apiKey: string;
}

/** Where `npm start` keeps its data: DFK_DATA_DIR as it does, else `.dfk` at the checkout's root (from any folder in it). */
const dataDirOf = (env: NodeJS.ProcessEnv) =>
  env.DFK_DATA_DIR || join(fileURLToPath(new URL('..', import.meta.url)), '.dfk');

async function localKey(dataDir: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dataDir, 'local-key'), 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The API and key to use: `--api-url`/`--api-key`, else DFK_API_URL/DFK_API_KEY, else the running
 * local stack (`.dfk/runtime.json`) and its key (`.dfk/local-key`). The local key goes to the local
 * stack only.
 */
export async function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Connection> {
  const given = flags.apiUrl ?? (env.DFK_API_URL || undefined);
  const key = flags.apiKey ?? (env.DFK_API_KEY || undefined);
  const dataDir = dataDirOf(env);
  const local = given === undefined ? await findRunningRuntime(dataDir) : null;
  const baseUrl = given ?? (local ? `${local.endpoints.api}/v1` : undefined);
  if (!baseUrl)
    throw new UsageError(
      'No API to talk to: set DFK_API_URL (or --api-url), or start the local stack with npm start',
    );
  const apiKey = key ?? (local ? await localKey(dataDir) : undefined);
  if (!apiKey) throw new UsageError('No API key: set DFK_API_KEY (or --api-key)');
  return { baseUrl, apiKey };
}
