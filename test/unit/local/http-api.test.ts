import { describe, expect, it } from 'vitest';
import {
  buildEvent,
  compileRoute,
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
