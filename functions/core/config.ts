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

/** Configuration shared by the handlers, read once per container. */
export const settings = {
  /** Lifetime of presigned links (store, upload), in seconds. */
  linkTtlSeconds: numberEnv('DFK_LINK_TTL_SECONDS', 3600),
  /** How long an API key lookup is cached in a container, in seconds. */
  keyCacheSeconds: numberEnv('DFK_KEY_CACHE_SECONDS', 60),
  /** Work budget of one extraction batch, in seconds (well under the function's timeout). */
  batchSeconds: numberEnv('DFK_BATCH_SECONDS', 120),
  /** How often a running extraction writes its progress (and notices a cancel), in seconds. */
  progressSeconds: numberEnv('DFK_PROGRESS_SECONDS', 2),
  /** Fetching loopback and private addresses: allowed locally, denied in a deployment. */
  allowPrivateNetworks: booleanEnv('DFK_ALLOW_PRIVATE_NETWORKS', false),
  userAgent: process.env.DFK_USER_AGENT || 'DataflowTasks/0.1 (+https://github.com/dataflow-tasks)',
  maxBodyBytes: numberEnv('DFK_MAX_PAGE_BYTES', 10 * 1024 * 1024),
  /** Largest conversion input fetched from a URL, in bytes. */
  maxSourceBytes: numberEnv('DFK_MAX_SOURCE_BYTES', 5 * 1024 ** 3),
};
