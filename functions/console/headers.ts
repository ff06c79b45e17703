/**
 * The console's Content-Security-Policy: scripts and styles from its own files only (nothing
 * inline), and connections to the API (its own origin) and the bucket the presigned links point to.
 */
export function contentSecurityPolicy(storeOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${storeOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers of every answer of the console, its errors included. */
export function consoleHeaders(storeOrigin: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(storeOrigin),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}

/**
 * Where the presigned links point: the S3 endpoint the functions' client is given
 * (`AWS_ENDPOINT_URL_S3`, as `functions/adapters/aws/clients/s3.ts` takes it), else the bucket's
 * regional endpoint (`DFK_STORE_ORIGIN`).
 */
export function storeOriginOf(env: NodeJS.ProcessEnv): string {
  const endpoint = env.AWS_ENDPOINT_URL_S3 || env.DFK_STORE_ORIGIN;
  if (!endpoint) throw new Error('Missing environment variable DFK_STORE_ORIGIN');
  return new URL(endpoint).origin;
}
