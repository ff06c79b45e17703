import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayService } from '#local/iam/errors';
import type { GatewayRequest } from '#local/iam/request';
import { readRequest } from '#local/iam/request';
import { verifySignature } from '#local/iam/sigv4';
import { type Captured, requestOf, startCapture } from './capture.ts';

const REGION = 'us-east-1';
const KEY = { accessKeyId: 'AKIALOCALTESTKEY0001', secretAccessKey: 'a'.repeat(40) };
const principal = { name: 'GetTask', secretAccessKey: KEY.secretAccessKey };
const lookup = (accessKeyId: string) => (accessKeyId === KEY.accessKeyId ? principal : undefined);

const verify = (
  service: GatewayService,
  request: GatewayRequest,
  options: { body?: Buffer; now?: Date } = {},
) => verifySignature(request, { service, region: REGION, lookup, ...options });

/** The same captured request with one change. */
const edited = (captured: Captured, change: { url?: string; headers?: Record<string, string[]> }) =>
  readRequest(captured.method, change.url ?? captured.url, { ...captured.headers, ...change.headers });

let capture: Awaited<ReturnType<typeof startCapture>>;
let s3: S3Client;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  capture = await startCapture();
  const common = { endpoint: capture.endpoint, region: REGION, credentials: KEY, maxAttempts: 1 };
  s3 = new S3Client({ ...common, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
  dynamodb = new DynamoDBClient(common);
});

afterAll(async () => {
  s3.destroy();
  dynamodb.destroy();
  await capture.close();
});

/** Sends a command to the capture server (which answers 500) and returns what arrived. */
async function sent(send: () => Promise<unknown>): Promise<Captured> {
  await send().catch(() => undefined);
  return capture.last();
}

const getItem = () =>
  sent(() => dynamodb.send(new GetItemCommand({ TableName: 'Tasks', Key: { pk: { S: 'task#1' } } })));
const putObject = () =>
  sent(() => s3.send(new PutObjectCommand({ Bucket: 'store', Key: 'tasks/a b+c.json', Body: '{"a":1}' })));

describe('verifySignature', () => {
  it('accepts a DynamoDB call signed by the SDK, hashing its body', async () => {
    // Prepare
    const call = await getItem();

    // Act
    const result = await verify('dynamodb', call.request, { body: call.body });

    // Assess
    expect(result).toEqual({ ok: true, principal, accessKeyId: KEY.accessKeyId, presigned: false });
  });

  it('accepts an S3 upload signed by the SDK, taking x-amz-content-sha256 as the payload hash', async () => {
    // Prepare
    const call = await putObject();

    // Act
    const result = await verify('s3', call.request);

    // Assess
    expect(result.ok).toBe(true);
  });

  it('refuses a DynamoDB call whose signed target header was changed', async () => {
    // Prepare
    const call = await getItem();
    const tampered = edited(call, { headers: { 'x-amz-target': ['DynamoDB_20120810.DeleteItem'] } });

    // Act
    const result = await verify('dynamodb', tampered, { body: call.body });

    // Assess
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidSignatureException', status: 400 } });
  });

  it('refuses a DynamoDB call whose body was changed', async () => {
    // Prepare
    const call = await getItem();
    const body = Buffer.from(call.body.toString().replace('task#1', 'task#2'));

    // Act
    const result = await verify('dynamodb', call.request, { body });

    // Assess
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidSignatureException' } });
  });

  it('refuses an S3 call whose path was changed to another key', async () => {
    // Prepare
    const call = await putObject();
    const tampered = edited(call, { url: call.url.replace('tasks/', 'other/') });

    // Act
    const result = await verify('s3', tampered);

    // Assess
    expect(result).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch', status: 403 } });
  });

  it('refuses a signature made with another secret', async () => {
    // Prepare
    const call = await getItem();
    const otherSecret = () => ({ name: 'GetTask', secretAccessKey: 'b'.repeat(40) });

    // Act
    const result = await verifySignature(call.request, {
      service: 'dynamodb',
      region: REGION,
      lookup: otherSecret,
      body: call.body,
    });

    // Assess
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidSignatureException' } });
  });

  it('names an unknown access key as each service does', async () => {
    // Prepare
    const ddbCall = await getItem();
    const s3Call = await putObject();
    const nobody = () => undefined;

    // Act
    const ddb = await verifySignature(ddbCall.request, {
      service: 'dynamodb',
      region: REGION,
      lookup: nobody,
    });
    const s3Result = await verifySignature(s3Call.request, { service: 's3', region: REGION, lookup: nobody });

    // Assess
    expect(ddb).toMatchObject({ ok: false, error: { code: 'UnrecognizedClientException', status: 400 } });
    expect(s3Result).toMatchObject({ ok: false, error: { code: 'InvalidAccessKeyId', status: 403 } });
  });

  it('refuses a request without any authentication', async () => {
    // Prepare
    const request = readRequest('POST', '/', {
      host: 'localhost',
      'x-amz-target': 'DynamoDB_20120810.GetItem',
    });

    // Act
    const ddb = await verify('dynamodb', request);
    const s3Result = await verify('s3', readRequest('GET', '/store/key', { host: 'localhost' }));

    // Assess
    expect(ddb).toMatchObject({
      ok: false,
      error: { code: 'MissingAuthenticationTokenException', status: 400 },
    });
    expect(s3Result).toMatchObject({ ok: false, error: { code: 'AccessDenied', status: 403 } });
  });

  it('refuses a header-signed request made more than 15 minutes ago', async () => {
    // Prepare
    const call = await getItem();
    const later = new Date(Date.now() + 16 * 60 * 1000);

    // Act
    const result = await verify('dynamodb', call.request, { body: call.body, now: later });

    // Assess
    expect(result).toMatchObject({ ok: false, error: { code: 'InvalidSignatureException' } });
    if (!result.ok) expect(result.error.message).toMatch(/^Signature expired/);
  });

  it('refuses a signature scoped to another region', async () => {
    // Prepare
    const call = await getItem();

    // Act
    const result = await verifySignature(call.request, {
      service: 'dynamodb',
      region: 'eu-west-1',
      lookup,
      body: call.body,
    });

    // Assess
    expect(result).toMatchObject({ ok: false, error: { code: 'IncompleteSignatureException' } });
  });
});

describe('verifySignature with a presigned link', () => {
  const presignGet = (key: string, expiresIn = 60) =>
    getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: 'store',
        Key: key,
        ResponseContentDisposition: 'attachment; filename="r.json"',
      }),
      { expiresIn },
    );

  it('accepts the link the SDK presigned', async () => {
    // Prepare
    const url = await presignGet('stores/task 1/result.json');

    // Act
    const result = await verify('s3', requestOf('GET', url));

    // Assess
    expect(result).toEqual({ ok: true, principal, accessKeyId: KEY.accessKeyId, presigned: true });
  });

  it('accepts a presigned upload link', async () => {
    // Prepare
    const url = await getSignedUrl(
      s3,
      new PutObjectCommand({ Bucket: 'store', Key: 'uploads/u1', ContentType: 'text/csv' }),
    );

    // Act
    const result = await verify('s3', requestOf('PUT', url, { 'content-type': 'text/csv' }));

    // Assess
    expect(result.ok).toBe(true);
  });

  it('refuses an expired link with "Request has expired"', async () => {
    // Prepare
    const url = await presignGet('stores/task1/result.json', 60);
    const later = new Date(Date.now() + 61_000);

    // Act
    const result = await verify('s3', requestOf('GET', url), { now: later });

    // Assess
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'AccessDenied',
        status: 403,
        message: 'Request has expired',
        details: { 'X-Amz-Expires': '60' },
      },
    });
  });

  it('refuses a link whose key was edited to another task’s', async () => {
    // Prepare
    const url = await presignGet('stores/task1/result.json');
    const editedUrl = url.replace('task1', 'task2');

    // Act
    const result = await verify('s3', requestOf('GET', editedUrl));

    // Assess
    expect(result).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch', status: 403 } });
  });

  it('refuses a link whose response overrides were edited', async () => {
    // Prepare
    const url = await presignGet('stores/task1/result.json');
    const editedUrl = url.replace('r.json', 'evil.html');

    // Act
    const result = await verify('s3', requestOf('GET', editedUrl));

    // Assess
    expect(result).toMatchObject({ ok: false, error: { code: 'SignatureDoesNotMatch' } });
  });

  it('refuses a link valid for more than 7 days', async () => {
    // Prepare
    const url = new URL(await presignGet('stores/task1/result.json'));
    url.searchParams.set('X-Amz-Expires', String(7 * 24 * 3600 + 1));

    // Act
    const result = await verify('s3', requestOf('GET', url.toString()));

    // Assess
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'AuthorizationQueryParametersError', status: 400 },
    });
  });
});
