import { describe, expect, it } from 'vitest';
import { callerSettings, functionEnvironment } from '#local/environment';
import type { LocalFunction } from '#local/template';

const fn = (logicalId: string, environment: Record<string, string>): LocalFunction => ({
  logicalId,
  name: `${logicalId}-name`,
  arn: `arn:aws:lambda:us-east-1:000000000000:function:${logicalId}-name`,
  entry: `functions/${logicalId}.ts`,
  assetPath: `asset.${logicalId}`,
  handler: 'index.handler',
  environment,
  timeoutSeconds: 3,
  memorySize: 256,
});

const endpoints = {
  dynamodb: 'http://127.0.0.1:1',
  s3: 'http://127.0.0.1:2',
  sfn: 'http://127.0.0.1:3',
  lambda: 'http://127.0.0.1:4',
  secretsmanager: 'http://127.0.0.1:5',
};
const credentials = { accessKeyId: 'AKIALOCALFUNCTIONA1', secretAccessKey: 'secret-of-a' };

describe('functionEnvironment', () => {
  it('is the function’s own variables, what Lambda sets, the endpoints and its own credentials, and nothing else', () => {
    const env = functionEnvironment({
      fn: fn('GetTask', { TABLE_NAME: 'Tasks', NODE_OPTIONS: '--enable-source-maps' }),
      taskRoot: '/assembly/asset.GetTask',
      tmpDir: '/tmp/dfk/GetTask',
      endpoints,
      credentials,
    });

    expect(env).toEqual({
      TABLE_NAME: 'Tasks',
      NODE_OPTIONS: '--enable-source-maps',
      DFK_ALLOW_PRIVATE_NETWORKS: 'true',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_FUNCTION_NAME: 'GetTask-name',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/GetTask-name',
      AWS_LAMBDA_LOG_STREAM_NAME: 'local/[$LATEST]GetTask',
      LAMBDA_TASK_ROOT: '/assembly/asset.GetTask',
      _HANDLER: 'index.handler',
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      PATH: '/usr/local/bin:/usr/bin:/bin',
      TMPDIR: '/tmp/dfk/GetTask',
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_SFN: endpoints.sfn,
      AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsmanager,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
  });

  it("lets the caller's DFK_* settings override the template, and explicit overrides win over all", () => {
    const env = functionEnvironment({
      fn: fn('Batch', { DFK_BATCH_SECONDS: '120', DFK_PROGRESS_SECONDS: '2' }),
      taskRoot: '/a',
      tmpDir: '/t',
      endpoints,
      credentials,
      settings: callerSettings({
        DFK_BATCH_SECONDS: '5',
        DFK_API_KEY: 'secret',
        DFK_DATA_DIR: '.dfk',
        HOME: '/root',
      }),
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
});
