/**
 * The local HTTP API: each request becomes an API Gateway HTTP API payload 2.0 event for the
 * function its route names, and the function's result becomes the response, as API Gateway does.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LOCAL_ACCOUNT } from './template.ts';

/** API Gateway's own limit on a request body; the handlers enforce the contract's 1 MiB. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

export interface CompiledRoute<T> {
  routeKey: string;
  method: string;
  segments: string[];
  target: T;
}

export interface RouteMatch<T> {
  route: CompiledRoute<T>;
  pathParameters: Record<string, string>;
}

const splitPath = (path: string) => path.split('/').filter((segment) => segment !== '');
const isVariable = (segment: string) => segment.startsWith('{') && segment.endsWith('}');
const isGreedy = (segment: string) => segment.endsWith('+}');

export function compileRoute<T>(routeKey: string, target: T): CompiledRoute<T> {
  if (routeKey === '$default') return { routeKey, method: '$default', segments: [], target };
  const [method, path] = routeKey.split(' ');
  if (!method || !path) throw new Error(`Invalid route key "${routeKey}"`);
  return { routeKey, method: method.toUpperCase(), segments: splitPath(path), target };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchSegments(pattern: string[], path: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const segment = pattern[i] as string;
    if (isGreedy(segment)) {
      if (i >= path.length) return undefined;
      parameters[segment.slice(1, -2)] = path.slice(i).map(decode).join('/');
      return parameters;
    }
    const actual = path[i];
    if (actual === undefined) return undefined;
    if (isVariable(segment)) parameters[segment.slice(1, -1)] = decode(actual);
    else if (segment !== actual) return undefined;
  }
  return pattern.length === path.length ? parameters : undefined;
}

/** Orders matches as API Gateway prefers them: literal segments before variables, greedy last, a method before ANY. */
function specificity(route: CompiledRoute<unknown>): number[] {
  if (route.method === '$default') return [-1];
  const greedy = route.segments.some(isGreedy) ? 0 : 1;
  return [
    greedy,
    ...route.segments.map((segment) => (isVariable(segment) ? 0 : 1)),
    route.method === 'ANY' ? 0 : 1,
  ];
}

function compareSpecificity(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (b[i] ?? -1) - (a[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The most specific route for a method and path, with its path parameters. */
export function matchRoute<T>(
  routes: CompiledRoute<T>[],
  method: string,
  path: string,
): RouteMatch<T> | undefined {
  const segments = splitPath(path);
  const matches: RouteMatch<T>[] = [];
  for (const route of routes) {
    if (route.method === '$default') {
      matches.push({ route, pathParameters: {} });
      continue;
    }
    if (route.method !== 'ANY' && route.method !== method.toUpperCase()) continue;
    const pathParameters = matchSegments(route.segments, segments);
    if (pathParameters) matches.push({ route, pathParameters });
  }
  matches.sort((a, b) => compareSpecificity(specificity(a.route), specificity(b.route)));
  return matches[0];
}

const TEXT_TYPES = [
  /^text\//,
  /^application\/(.+\+)?json$/,
  /^application\/(.+\+)?xml$/,
  /^application\/javascript$/,
  /^application\/x-www-form-urlencoded$/,
];

export const isTextType = (contentType: string | undefined) => {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return TEXT_TYPES.some((pattern) => pattern.test(type));
};

/** `a=1&b=2&a=3` → `{a: '1,3', b: '2'}`, as payload 2.0 joins repeated parameters. */
export function queryParametersOf(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    parameters[key] = key in parameters ? `${parameters[key]},${value}` : value;
  }
  return parameters;
}

/** Lowercased names, repeated headers joined with commas; cookies go to their own list. */
export function headersOf(raw: IncomingHttpHeaders): { headers: Record<string, string>; cookies?: string[] } {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === 'cookie') {
      cookies = (Array.isArray(value) ? value : [value])
        .flatMap((line) => line.split(/;\s*/))
        .filter(Boolean);
      continue;
    }
    headers[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return cookies ? { headers, cookies } : { headers };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `29/Nov/2025:01:45:12 +0000`, the `requestContext.time` format. */
export function requestTimeOf(date: Date): string {
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

export interface RequestFacts {
  method: string;
  /** The request target as received: path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  sourceIp: string;
  routeKey: string;
  pathParameters: Record<string, string>;
  requestId: string;
  now: Date;
  /** `http` locally; API Gateway itself is reached over https. */
  protocol?: string;
  localPort?: number;
}

/** The API Gateway HTTP API payload format 2.0 event for one request. */
export function buildEvent(facts: RequestFacts): APIGatewayProxyEventV2 {
  const queryAt = facts.url.indexOf('?');
  const rawPath = queryAt === -1 ? facts.url : facts.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : facts.url.slice(queryAt + 1);
  const { headers, cookies } = headersOf(facts.headers);
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${facts.sourceIp}`
    : facts.sourceIp;
  headers['x-forwarded-proto'] ??= facts.protocol ?? 'http';
  if (facts.localPort !== undefined) headers['x-forwarded-port'] ??= String(facts.localPort);
  const host = headers.host ?? 'localhost';
  const text = isTextType(headers['content-type']);

  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: facts.routeKey,
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: facts.method.toUpperCase(),
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: facts.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: facts.requestId,
      routeKey: facts.routeKey,
      stage: '$default',
      time: requestTimeOf(facts.now),
      timeEpoch: facts.now.getTime(),
    },
    isBase64Encoded: false,
  };
  if (cookies) event.cookies = cookies;
  const query = queryParametersOf(rawQueryString);
  if (query) event.queryStringParameters = query;
  if (Object.keys(facts.pathParameters).length > 0) event.pathParameters = facts.pathParameters;
  if (facts.body.length > 0) {
    event.body = text ? facts.body.toString('utf8') : facts.body.toString('base64');
    event.isBase64Encoded = !text;
  }
  return event;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

/**
 * The response API Gateway sends for a function's result: a structured result as it says, and
 * anything else as a 200 JSON body (the 2.0 format's inference).
 */
export function responseOf(result: unknown): HttpResponse {
  const structured =
    result !== null && typeof result === 'object' && 'statusCode' in (result as Record<string, unknown>);
  if (!structured) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(body, 'utf8'),
    };
  }
  const value = result as APIGatewayProxyStructuredResultV2;
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(value.headers ?? {}))
    headers[name.toLowerCase()] = String(header);
  const text = value.body ?? '';
  return {
    statusCode: value.statusCode ?? 200,
    headers,
    cookies: value.cookies ?? [],
    body: value.isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}

/** The contract's error envelope, for the answers the gateway gives itself. */
export function gatewayError(statusCode: number, code: string, message: string): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    cookies: [],
    body: Buffer.from(JSON.stringify({ error: { code, message } })),
  };
}

class BodyTooLarge extends Error {}

/** Reads the body up to `limit` bytes; past it, stops keeping the bytes and throws. */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface ApiServerOptions<T> {
  routes: CompiledRoute<T>[];
  /** Runs the route's function with the event; rejects when the function throws. */
  invoke(target: T, event: APIGatewayProxyEventV2): Promise<unknown>;
  /** API Gateway's integration timeout (30 s), after which it answers 503 itself. */
  integrationTimeoutMs?: number;
  maxRequestBytes?: number;
  log?(message: string, error?: unknown): void;
}

function send(response: ServerResponse, result: HttpResponse): void {
  const headers: Record<string, string | string[]> = { ...result.headers };
  if (result.cookies.length > 0) headers['set-cookie'] = result.cookies;
  headers['content-length'] = String(result.body.length);
  response.writeHead(result.statusCode, headers);
  response.end(result.body);
}

export function createApiServer<T>(options: ApiServerOptions<T>): Server {
  const limit = options.maxRequestBytes ?? MAX_REQUEST_BYTES;
  const timeoutMs = options.integrationTimeoutMs ?? 30_000;
  const log = options.log ?? (() => {});

  const server = createServer(async (request, response) => {
    const requestId = randomUUID();
    const now = new Date();
    let body: Buffer;
    try {
      body = await readBody(request, limit);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) return void request.destroy();
      drainThenAnswer(request, response, limit);
      return;
    }
    const url = request.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const match = matchRoute(options.routes, request.method ?? 'GET', path);
    if (!match) {
      send(response, gatewayError(404, 'not_found', `No route for ${request.method} ${path}`));
      return;
    }
    const event = buildEvent({
      method: request.method ?? 'GET',
      url,
      headers: request.headers,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      routeKey: match.route.routeKey,
      pathParameters: match.pathParameters,
      requestId,
      now,
      localPort: request.socket.localPort,
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new IntegrationTimeout()), timeoutMs);
      });
      const result = await Promise.race([options.invoke(match.route.target, event), timeout]);
      send(response, responseOf(result));
    } catch (error) {
      if (error instanceof IntegrationTimeout) {
        log(`${match.route.routeKey} took longer than ${timeoutMs} ms; answered 503 as API Gateway would`);
        send(response, gatewayError(503, 'service_unavailable', 'The request took too long'));
        return;
      }
      // The handlers map every error themselves; one that escapes is a bug worth a loud log.
      log(`${match.route.routeKey} threw instead of answering`, error);
      send(response, gatewayError(500, 'internal', 'Internal error'));
    } finally {
      clearTimeout(timer);
    }
  });
  server.on('clientError', answerUnparsable);
  return server;
}

/** Past this much, a client still sending a refused body is cut off rather than read to its end. */
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

/**
 * Reads the rest of a refused body before answering 413, so a client that writes its whole body
 * before reading sees the answer, not a reset connection (EPIPE).
 */
function drainThenAnswer(request: IncomingMessage, response: ServerResponse, limit: number): void {
  const answer = gatewayError(413, 'payload_too_large', `The request body is larger than ${limit} bytes`);
  let drained = 0;
  request.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAINED_BYTES) request.destroy();
  });
  request.on('end', () => send(response, answer));
  request.on('error', () => undefined);
  request.resume();
}

/**
 * What Node's parser refuses before any handler runs (a header block over 16 KiB, bytes a URL may
 * not hold) gets the error envelope, as API Gateway answers with its own body, not a bare status.
 */
function answerUnparsable(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const answer = tooLarge
    ? gatewayError(431, 'request_header_fields_too_large', 'The request line and headers are too large')
    : gatewayError(400, 'bad_request', 'The request is not valid HTTP');
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${answer.body.length}\r\nconnection: close\r\n\r\n${answer.body.toString()}`,
  );
}

class IntegrationTimeout extends Error {}
