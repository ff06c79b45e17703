// The runtime end to end on a hand-made template and fixture handlers: real emulators, real HTTP,
// the real SDK clients inside the handlers.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbKeyRepository } from '#adapters/aws/dynamodb-key-repository';
import { hashKey } from '#core/accounts';
import { LOCAL_CREDENTIALS } from '#local/emulators';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime';
import { fixtureAssembly } from './fixture-assembly.ts';

interface Echo {
  event: APIGatewayProxyEventV2;
  env: Record<string, string | undefined>;
}

let runtime: LocalRuntime;
const logs: string[] = [];
const origin = () => runtime.endpoints.api;

beforeAll(async () => {
  runtime = await startLocalRuntime({
    assembly: await fixtureAssembly(),
    port: 0,
    ephemeral: true,
    env: { DFK_FIXTURE: 'from-test' },
    // Each execution pauses 5 s first, so it still runs when the last of 20 concurrent starts (each a
    // cold start of its own container) arrives: a start after it ended is rightly refused.
    stepFunctions: { waitMs: 5_000, retryIntervalMs: 0 },
    log: (message) => logs.push(message),
  });
});

afterAll(async () => {
  await runtime?.stop();
});

describe('the HTTP API', () => {
  it('passes a payload 2.0 event to the route’s handler and writes its structured result back', async () => {
    const response = await fetch(`${origin()}/v1/echo/ab%20c?api_key=k&x=1&x=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'a=1; b=2', 'X-Custom': 'v' },
      body: '{"hello":"world"}',
    });
    const { event, env } = (await response.json()) as Echo;

    expect(response.status).toBe(200);
    expect(response.headers.get('x-echo')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['seen=1; Path=/']);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/echo/{id}',
      rawPath: '/v1/echo/ab%20c',
      rawQueryString: 'api_key=k&x=1&x=2',
      pathParameters: { id: 'ab c' },
      queryStringParameters: { api_key: 'k', x: '1,2' },
      cookies: ['a=1', 'b=2'],
      headers: { 'x-custom': 'v', 'content-type': 'application/json', 'x-forwarded-proto': 'http' },
      requestContext: { http: { method: 'POST', sourceIp: '127.0.0.1' }, stage: '$default' },
      body: '{"hello":"world"}',
      isBase64Encoded: false,
    });
    expect(env).toEqual({ FIXTURE_SETTING: 'from-template', DFK_FIXTURE: 'from-test' });
  });

  it('sends a binary body base64-encoded', async () => {
    const response = await fetch(`${origin()}/v1/files/a/b.bin`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 1, 254, 255]),
    });
    const { event } = (await response.json()) as Echo;

    expect(event.routeKey).toBe('ANY /v1/files/{path+}');
    expect(event.pathParameters).toEqual({ path: 'a/b.bin' });
    expect(event.isBase64Encoded).toBe(true);
    expect([...Buffer.from(event.body ?? '', 'base64')]).toEqual([0, 1, 254, 255]);
  });

  it('answers an unknown route with the contract’s 404 envelope', async () => {
    const response = await fetch(`${origin()}/v1/nothing/here`);

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: 'No route for GET /v1/nothing/here' },
    });
  });

  it('passes a body over 1 MiB to the handler (its limit to enforce) but answers 413 itself past 10 MB', async () => {
    const twoMiB = 'x'.repeat(2 * 1024 * 1024);
    const passed = await fetch(`${origin()}/v1/echo/big`, { method: 'POST', body: twoMiB });
    const refused = await fetch(`${origin()}/v1/echo/huge`, {
      method: 'POST',
      body: 'x'.repeat(11 * 1024 * 1024),
    });

    expect(passed.status).toBe(200);
    expect(((await passed.json()) as Echo).event.body).toHaveLength(twoMiB.length);
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});

describe('Step Functions', () => {
  const start = (name: string, input: unknown) =>
    fetch(`${origin()}/v1/start/${name}`, { method: 'POST', body: JSON.stringify(input) }).then(
      async (r) => ({
        status: r.status,
        body: (await r.json()) as { executionArn?: string; error?: string },
      }),
    );

  it('starts one execution for 20 concurrent starts of one name, and refuses the name once it ended', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => start('task-20', { wait: 100 })));
    await runtime.executions.settled();
    const again = await start('task-20', { wait: 100 });

    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(responses.map((r) => r.body.executionArn)).size).toBe(1);
    expect(runtime.executions.list().filter((e) => e.name === 'task-20')).toHaveLength(1);
    expect(runtime.executions.get('task-20')).toMatchObject({
      status: 'SUCCEEDED',
      output: JSON.stringify({ wait: 100, stepped: true }),
    });
    expect(again).toEqual({ status: 409, body: { error: 'ExecutionAlreadyExists' } });
  });

  it('runs a failing step into its Catch with the Lambda Error and Cause, and logs the failure', async () => {
    await start('task-fail', { fail: 'no pages' });
    const execution = await runtime.executions.waitFor('task-fail');

    expect(execution).toMatchObject({ status: 'FAILED', error: 'TaskFailed', cause: 'See the task' });
    expect(execution.history.filter((e) => e.type === 'StateEntered').map((e) => e.state)).toEqual([
      'Pause a while',
      'Do the step',
      'Handle the failure',
      'Task failed',
    ]);
    expect(execution.history.find((e) => e.type === 'StateFailed' && e.state === 'Do the step')?.error).toBe(
      'StepFailedError',
    );
    expect(logs.some((line) => line.includes('StepFunctionEEEE5555') && line.includes('no pages'))).toBe(
      true,
    );
    expect(logs).toContain('Execution task-fail FAILED: TaskFailed: See the task');
  });
});

describe('S3', () => {
  it('stores through the SDK and serves presigned links, with CORS for browsers', async () => {
    const stored = await fetch(`${origin()}/v1/store/a.txt`, { method: 'POST', body: 'stored text' });
    const { url } = (await stored.json()) as { url: string };
    const download = await fetch(url);
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });

    expect(url).toMatch(new RegExp(`^${runtime.endpoints.s3}/${runtime.bucketName}/fixture/a.txt\\?`));
    expect(await download.text()).toBe('stored text');
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('API keys', () => {
  it('stores the hash of the local key for the account `local`, and of keys made for other accounts', async () => {
    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: runtime.endpoints.dynamodb,
        region: 'us-east-1',
        credentials: LOCAL_CREDENTIALS,
      }),
    );
    const keys = new DynamoDbKeyRepository(documents, runtime.tableName);
    const other = await runtime.createApiKey('other-account');

    expect(runtime.apiKey).toMatch(/^dfk_[\w-]{43}$/);
    expect(await keys.findByHash(hashKey(runtime.apiKey))).toMatchObject({
      account: 'local',
      revoked: false,
    });
    expect(await keys.findByHash(hashKey(other))).toMatchObject({ account: 'other-account' });
    documents.destroy();
  });
});
