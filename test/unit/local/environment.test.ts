import { describe, expect, it } from 'vitest';
import { applyEnvironment, handlerEnvironment } from '#local/environment';
import type { LocalFunction } from '#local/template';

const fn = (logicalId: string, environment: Record<string, string>): LocalFunction => ({
  logicalId,
  name: logicalId,
  arn: `arn:aws:lambda:us-east-1:000000000000:function:${logicalId}`,
  entry: `functions/${logicalId}.ts`,
  environment,
  timeoutSeconds: 3,
  memorySize: 128,
});

const endpoints = { dynamodb: 'http://127.0.0.1:1', s3: 'http://127.0.0.1:2', sfn: 'http://127.0.0.1:3' };

describe('handlerEnvironment', () => {
  it('does not report NODE_OPTIONS set per function: it configures a process, and here all share one', () => {
    const { conflicts } = handlerEnvironment({
      functions: [
        fn('A', { NODE_OPTIONS: '--enable-source-maps' }),
        fn('B', { NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=8' }),
      ],
      endpoints,
    });

    expect(conflicts).toEqual([]);
  });

  it('unites the functions’ variables and points the SDK at the emulators', () => {
    const { env, conflicts } = handlerEnvironment({
      functions: [fn('A', { TABLE_NAME: 'Tasks' }), fn('B', { TABLE_NAME: 'Tasks', BUCKET_NAME: 'store' })],
      endpoints,
    });

    expect(conflicts).toEqual([]);
    expect(env).toEqual({
      TABLE_NAME: 'Tasks',
      BUCKET_NAME: 'store',
      DFK_ALLOW_PRIVATE_NETWORKS: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_SFN: endpoints.sfn,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    });
  });

  it("lets the caller's DFK_* variables override the template, and explicit overrides win over all", () => {
    const { env } = handlerEnvironment({
      functions: [fn('Batch', { DFK_BATCH_SECONDS: '120', DFK_PROGRESS_SECONDS: '2' })],
      endpoints,
      callerEnv: { DFK_BATCH_SECONDS: '5', DFK_API_KEY: 'secret', DFK_DATA_DIR: '.dfk', HOME: '/root' },
      overrides: { DFK_PROGRESS_SECONDS: '1', DFK_ALLOW_PRIVATE_NETWORKS: 'false' },
    });

    expect(env).toMatchObject({
      DFK_BATCH_SECONDS: '5',
      DFK_PROGRESS_SECONDS: '1',
      DFK_ALLOW_PRIVATE_NETWORKS: 'false',
    });
    expect(env).not.toHaveProperty('DFK_API_KEY');
    expect(env).not.toHaveProperty('DFK_DATA_DIR');
    expect(env).not.toHaveProperty('HOME');
  });

  it('reports variables two functions set differently', () => {
    const { env, conflicts } = handlerEnvironment({
      functions: [fn('A', { LEVEL: 'INFO' }), fn('B', { LEVEL: 'DEBUG' })],
      endpoints,
    });

    expect(conflicts).toEqual(['LEVEL']);
    expect(env.LEVEL).toBe('INFO');
  });
});

describe('applyEnvironment', () => {
  it('sets the variables, drops a session token, and puts everything back', () => {
    process.env.DFK_TEST_EXISTING = 'before';
    process.env.AWS_SESSION_TOKEN = 'token';
    delete process.env.DFK_TEST_NEW;

    const restore = applyEnvironment({ DFK_TEST_EXISTING: 'during', DFK_TEST_NEW: 'new' });
    const during = { ...process.env };
    restore();

    expect(during).toMatchObject({ DFK_TEST_EXISTING: 'during', DFK_TEST_NEW: 'new' });
    expect(during).not.toHaveProperty('AWS_SESSION_TOKEN');
    expect(process.env.DFK_TEST_EXISTING).toBe('before');
    expect(process.env.AWS_SESSION_TOKEN).toBe('token');
    expect(process.env).not.toHaveProperty('DFK_TEST_NEW');
    delete process.env.DFK_TEST_EXISTING;
    delete process.env.AWS_SESSION_TOKEN;
  });
});
