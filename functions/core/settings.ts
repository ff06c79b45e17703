/**
 * The defaults every deployment starts from: the stack sets the functions' environment from
 * these, and a function without the variable falls back to the same value.
 */
export const defaults = {
  /** Lifetime of presigned links (store, upload), in seconds. */
  linkTtlSeconds: 3600,
  /** How long an API key lookup is cached in a container, in seconds. */
  keyCacheSeconds: 60,
  /** Work budget of one extraction batch, in seconds (well under the function's timeout). */
  batchSeconds: 120,
  /** How often a running task writes its progress (and notices a cancel), in seconds. */
  progressSeconds: 2,
  /** How long a webhook receiver has to answer one attempt, in seconds. */
  webhookTimeoutSeconds: 15,
  /** Largest page body an extraction reads, in bytes. */
  maxPageBytes: 10 * 1024 * 1024,
  /** Largest conversion input fetched from a URL, in bytes. */
  maxSourceBytes: 5 * 1024 ** 3,
} as const;
