import { describe, expect, it } from 'vitest';
import { consoleHeaders, storeOriginOf } from '../../../functions/console/headers.ts';

describe('consoleHeaders', () => {
  it('allows scripts and styles from the page’s own files only and connections to the API and the bucket', () => {
    const headers = consoleHeaders('https://store.s3.eu-west-1.amazonaws.com');

    expect(headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self' https://store.s3.eu-west-1.amazonaws.com; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'",
    );
    expect(headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' });
  });
});

describe('storeOriginOf', () => {
  it('is the S3 endpoint the functions are given when there is one, else the bucket’s own origin', () => {
    const bucket = 'https://store.s3.eu-west-1.amazonaws.com';

    expect(storeOriginOf({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569/', DFK_STORE_ORIGIN: bucket })).toBe(
      'http://127.0.0.1:4569',
    );
    expect(storeOriginOf({ DFK_STORE_ORIGIN: bucket })).toBe(bucket);
    expect(() => storeOriginOf({})).toThrow('Missing environment variable DFK_STORE_ORIGIN');
  });
});
