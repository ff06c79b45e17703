/** The HTTP client's timeouts; a crawl's page budget is a multiple of `totalTimeoutMs`. */
export const fetchTimeouts = {
  connectTimeoutMs: 10_000,
  /** Until the status line and headers. */
  headersTimeoutMs: 30_000,
  /** Between two chunks of a body. */
  bodyTimeoutMs: 30_000,
  /** One page fetch (one attempt), redirects and body included. */
  totalTimeoutMs: 60_000,
  downloadTimeoutMs: 10 * 60_000,
};
