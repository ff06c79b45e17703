import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { notFound, unauthorized } from '#core/errors';
import { apiHandler } from '#runtime/api-handler';

const context = {
  functionName: 'test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

function event(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /v1/tasks/create',
    rawPath: '/v1/tasks/create',
    rawQueryString: '',
    headers: { host: 'api.example.com', 'content-type': 'application/json' },
    queryStringParameters: { api_key: 'good' },
    requestContext: {} as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
    ...overrides,
  };
}

const authenticate = async (key: string | undefined) => {
  if (!key) throw unauthorized('No API Key provided');
  if (key !== 'good') throw unauthorized('Invalid API key');
  return 'acme';
};

const echo = apiHandler({ authenticate }, async (request) => ({ status: 200, body: request }));

describe('apiHandler', () => {
  it('passes the account, parsed body and base URL to the endpoint', async () => {
    const response = await echo(event({ body: '{"a":1}' }), context);
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(response.body as string)).toMatchObject({
      account: 'acme',
      body: { a: 1 },
      baseUrl: 'https://api.example.com',
    });
  });

  it('accepts the key in the X-Api-Key header', async () => {
    const response = await echo(
      event({ queryStringParameters: {}, headers: { 'x-api-key': 'good', host: 'h' } }),
      context,
    );
    expect(response.statusCode).toBe(200);
  });

  it('answers 401 with the contract messages before reading the body', async () => {
    const missing = await echo(event({ queryStringParameters: {}, body: '{broken' }), context);
    expect(missing).toEqual({
      statusCode: 401,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ error: { code: 'unauthorized', message: 'No API Key provided' } }),
    });
    const invalid = await echo(event({ queryStringParameters: { api_key: 'bad' } }), context);
    expect(JSON.parse(invalid.body as string).error.message).toBe('Invalid API key');
  });

  it('answers 400 bad_request for broken JSON', async () => {
    const response = await echo(event({ body: '{"a":' }), context);
    expect(response.statusCode).toBe(400);
    const { error } = JSON.parse(response.body as string);
    expect(error.code).toBe('bad_request');
    expect(error.details).toEqual([{ path: '(body)', reason: 'not valid JSON' }]);
  });

  it.each([
    ['arrays', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['objects', `${'{"a":'.repeat(129)}1${'}'.repeat(129)}`],
  ])('answers 400 for a body of %s nested deeper than 128 levels, without overflowing', async (_, body) => {
    const response = await echo(event({ body }), context);
    expect(response.statusCode).toBe(400);
    const { error } = JSON.parse(response.body as string);
    expect(error.details).toEqual([{ path: '(body)', reason: 'nested deeper than 128 arrays and objects' }]);
  });

  it('accepts a body nested 128 levels deep', async () => {
    const body = `${'{"a":'.repeat(128)}1${'}'.repeat(128)}`;
    expect((await echo(event({ body }), context)).statusCode).toBe(200);
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const response = await echo(event({ body: JSON.stringify({ x: 'a'.repeat(1024 * 1024) }) }), context);
    expect(response.statusCode).toBe(413);
    expect(JSON.parse(response.body as string).error.code).toBe('payload_too_large');
  });

  it('answers 415 for a body that is not sent as JSON', async () => {
    const response = await echo(
      event({ body: '<a/>', headers: { 'content-type': 'application/xml' } }),
      context,
    );
    expect(response.statusCode).toBe(415);
  });

  it('maps typed errors to their status and hides everything else behind a 500', async () => {
    const missing = apiHandler({ authenticate }, async () => {
      throw notFound();
    });
    expect((await missing(event(), context)).statusCode).toBe(404);
    const broken = apiHandler({ authenticate }, async () => {
      throw new Error('secret internals at /var/task/index.js:1');
    });
    const response = await broken(event(), context);
    expect(response.statusCode).toBe(500);
    expect(response.body).toBe(JSON.stringify({ error: { code: 'internal', message: 'Internal error' } }));
  });
});
