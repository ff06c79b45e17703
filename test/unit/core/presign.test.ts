import { describe, expect, it, vi } from 'vitest';

describe('the S3 client of the handlers', () => {
  it('presigns an upload link that any body may be PUT to (no checksum of an empty body signed in)', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    const { s3 } = await import('#adapters/aws/clients/s3');
    const { S3TaskStore } = await import('#adapters/aws/s3-task-store');

    const url = new URL(
      await new S3TaskStore(s3, 'store').presignPut('s1/input/upload', { expiresInSeconds: 3600 }),
    );

    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect([...url.searchParams.keys()].filter((name) => name.toLowerCase().includes('checksum'))).toEqual(
      [],
    );
  });
});
