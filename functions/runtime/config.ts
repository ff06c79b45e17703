import { defaults } from '#core/settings';

/** Reads a required environment variable; a missing one fails the container at start, not mid-request. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Missing environment variable ${name}`);
  return value;
}

export function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`Environment variable ${name} must be a number`);
  return value;
}

export function booleanEnv(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return raw === 'true' || raw === '1';
}

/** Configuration shared by the handlers, read once per container; see `defaults` for each. */
export const settings = {
  linkTtlSeconds: numberEnv('DFK_LINK_TTL_SECONDS', defaults.linkTtlSeconds),
  keyCacheSeconds: numberEnv('DFK_KEY_CACHE_SECONDS', defaults.keyCacheSeconds),
  batchSeconds: numberEnv('DFK_BATCH_SECONDS', defaults.batchSeconds),
  progressSeconds: numberEnv('DFK_PROGRESS_SECONDS', defaults.progressSeconds),
  webhookTimeoutSeconds: numberEnv('DFK_WEBHOOK_TIMEOUT_SECONDS', defaults.webhookTimeoutSeconds),
  /** Fetching loopback and private addresses: allowed locally, denied in a deployment. */
  allowPrivateNetworks: booleanEnv('DFK_ALLOW_PRIVATE_NETWORKS', false),
  userAgent: process.env.DFK_USER_AGENT || 'DataflowTasks/0.1 (+https://github.com/dataflow-tasks)',
  maxPageBytes: numberEnv('DFK_MAX_PAGE_BYTES', defaults.maxPageBytes),
  maxSourceBytes: numberEnv('DFK_MAX_SOURCE_BYTES', defaults.maxSourceBytes),
};
