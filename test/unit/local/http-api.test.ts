import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildEvent,
  compileRoute,
  createApiServer,
  headersOf,
  matchRoute,
  queryParametersOf,
  type RequestFacts,
  requestTimeOf,
  responseOf,
} from '#local/http-api';

const routes = [
  'POST /v1/tasks/{id}/run',
  'GET /v1/tasks/{id}',
  'GET /v1/tasks/openapi',
  'ANY /v1/files/{path+}',
  'GET /v1/files/{path+}',
  'POST /v1/tasks',
].map((key) => compileRoute(key, key));

describe('matchRoute', () => {
  it('matches method and path, with the path parameters decoded', () => {
    const match = matchRoute(routes, 'POST', '/v1/tasks/abc%20d/run');

    expect(match?.route.routeKey).toBe('POST /v1/tasks/{id}/run');
    expect(match?.pathParameters).toEqual({ id: 'abc d' });
  });

  it('prefers a literal segment to a variable', () => {
    expect(matchRoute(routes, 'GET', '/v1/tasks/openapi')?.route.routeKey).toBe('GET /v1/tasks/openapi');
  });

  it('prefers a method to ANY, and gives a greedy variable the rest of the path', () => {
    const get = matchRoute(routes, 'GET', '/v1/files/a/b.csv');
    const put = matchRoute(routes, 'PUT', '/v1/files/a/b.csv');

    expect(get?.route.routeKey).toBe('GET /v1/files/{path+}');
    expect(put?.route.routeKey).toBe('ANY /v1/files/{path+}');
    expect(put?.pathParameters).toEqual({ path: 'a/b.csv' });
  });

  it('matches nothing for another method or a longer path (no $default route)', () => {
    expect(matchRoute(routes, 'DELETE', '/v1/tasks/abc/run')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/v1/tasks/abc/extra/more')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/v1/files')).toBeUndefined();
  });

  it('falls back to $default when the template has it', () => {
    const withDefault = [...routes, compileRoute('$default', '$default')];

    expect(matchRoute(withDefault, 'GET', '/elsewhere')?.route.routeKey).toBe('$default');
    expect(matchRoute(withDefault, 'POST', '/v1/tasks')?.route.routeKey).toBe('POST /v1/tasks');
  });
});

describe('queryParametersOf', () => {
  it('decodes values and joins repeated parameters with commas', () => {
    expect(queryParametersOf('api_key=k&status=a&status=b&q=a%2Cb+c')).toEqual({
      api_key: 'k',
      status: 'a,b',
      q: 'a,b c',
    });
  });

  it('is undefined without a query', () => {
    expect(queryParametersOf('')).toBeUndefined();
  });
});

describe('headersOf', () => {
  it('lowercases names, joins repeated headers and moves cookies to their own list', () => {
    expect(headersOf({ 'X-Api-Key': 'k', 'x-many': ['a', 'b'], cookie: 'a=1; b=2' })).toEqual({
      headers: { 'x-api-key': 'k', 'x-many': 'a,b' },
      cookies: ['a=1', 'b=2'],
    });
  });
});

describe('requestTimeOf', () => {
  it('formats as API Gateway does', () => {
    expect(requestTimeOf(new Date('2025-03-04T05:06:07Z'))).toBe('04/Mar/2025:05:06:07 +0000');
  });
});

describe('buildEvent', () => {
  const facts = (overrides: Partial<RequestFacts> = {}): RequestFacts => ({
    method: 'post',
    url: '/v1/tasks/abc/run?api_key=k&x=1&x=2',
    headers: { host: '127.0.0.1:8080', 'user-agent': 'curl/8', 'content-type': 'application/json' },
    body: Buffer.from('{"a":1}'),
    sourceIp: '127.0.0.1',
    routeKey: 'POST /v1/tasks/{id}/run',
    pathParameters: { id: 'abc' },
    requestId: 'req-1',
    now: new Date('2025-03-04T05:06:07.089Z'),
    localPort: 8080,
    ...overrides,
  });

  it('builds a payload format 2.0 event', () => {
    expect(buildEvent(facts())).toEqual({
      version: '2.0',
      routeKey: 'POST /v1/tasks/{id}/run',
      rawPath: '/v1/tasks/abc/run',
      rawQueryString: 'api_key=k&x=1&x=2',
      headers: {
        host: '127.0.0.1:8080',
        'user-agent': 'curl/8',
        'content-type': 'application/json',
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-port': '8080',
      },
      queryStringParameters: { api_key: 'k', x: '1,2' },
      pathParameters: { id: 'abc' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: '127.0.0.1:8080',
        domainPrefix: '127',
        http: {
          method: 'POST',
          path: '/v1/tasks/abc/run',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'curl/8',
        },
        requestId: 'req-1',
        routeKey: 'POST /v1/tasks/{id}/run',
        stage: '$default',
        time: '04/Mar/2025:05:06:07 +0000',
        timeEpoch: Date.parse('2025-03-04T05:06:07.089Z'),
      },
      body: '{"a":1}',
      isBase64Encoded: false,
    });
  });

  it('omits body, query and path parameters when there are none', () => {
    const event = buildEvent(facts({ url: '/v1/tasks', body: Buffer.alloc(0), pathParameters: {} }));

    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('sends a body that is not text as base64', () => {
    const bytes = Buffer.from([0, 255, 1]);
    const event = buildEvent(facts({ headers: { 'content-type': 'application/octet-stream' }, body: bytes }));

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });
});

describe('responseOf', () => {
  it('writes a structured result as it says, cookies and base64 bodies included', () => {
    const response = responseOf({
      statusCode: 201,
      headers: { 'Content-Type': 'text/csv', 'X-Count': 3 },
      cookies: ['a=1; Path=/'],
      body: Buffer.from('a,b').toString('base64'),
      isBase64Encoded: true,
    });

    expect(response).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'text/csv', 'x-count': '3' },
      cookies: ['a=1; Path=/'],
      body: Buffer.from('a,b'),
    });
  });

  it('infers a 200 JSON response from a result without statusCode', () => {
    const response = responseOf({ hello: 'world' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString()).toBe('{"hello":"world"}');
  });
});

describe('createApiServer answers what it refuses with the error envelope', () => {
  const echo = compileRoute('POST /v1/echo', 'echo');
  let server: import('node:http').Server;
  let port = 0;

  beforeAll(async () => {
    server = createApiServer({
      routes: [echo],
      invoke: async () => ({ statusCode: 200, body: '{}' }),
      maxRequestBytes: 1024 * 1024,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** Sends raw bytes, all of them before reading anything, and returns what came back. */
  function exchange(head: Buffer, body = Buffer.alloc(0)): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      const received: Buffer[] = [];
      socket.on('data', (chunk) => received.push(chunk));
      socket.on('end', () => resolve(Buffer.concat(received).toString('latin1')));
      socket.on('error', reject);
      socket.write(Buffer.concat([head, body]), () => socket.end());
    });
  }

  const jsonOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

  it('413 for a body over the limit, to a client that sends all of it first', async () => {
    const body = Buffer.alloc(11 * 1024 * 1024, 0x78);
    const head = Buffer.from(`POST /v1/echo HTTP/1.1\r\nhost: x\r\ncontent-length: ${body.length}\r\n\r\n`);
    const answer = await exchange(head, body);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(jsonOf(answer)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('431 for a request line and headers over 16 KiB', async () => {
    const answer = await exchange(
      Buffer.from(`GET /v1/echo?q=${'a'.repeat(20_000)} HTTP/1.1\r\nhost: x\r\n\r\n`),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    expect(jsonOf(answer)).toEqual({
      error: {
        code: 'request_header_fields_too_large',
        message: 'The request line and headers are too large',
      },
    });
  });

  it('400 for bytes a request line may not hold', async () => {
    const head = Buffer.concat([
      Buffer.from('GET /v1/'),
      Buffer.from([0xc3, 0xa9, 0x01]),
      Buffer.from(' HTTP/1.1\r\nhost: x\r\n\r\n'),
    ]);
    const answer = await exchange(head);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(jsonOf(answer)).toMatchObject({ error: { code: 'bad_request' } });
  });
});
