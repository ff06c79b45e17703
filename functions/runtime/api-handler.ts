import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ApiError, badRequest, payloadTooLarge, unsupportedMediaType } from '#core/errors';
import { nestsDeeperThan } from './json-depth.ts';
import { logger } from './observability/logger.ts';

/** Largest request body a handler reads (API Gateway's own limit is 10 MB). */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Deepest nesting a JSON body may have: far beyond any scheme, far below a stack overflow. */
export const MAX_JSON_DEPTH = 128;

export interface ApiRequest {
  account: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
  /** `https://host` as the client reached us, for links in responses. */
  baseUrl: string;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;
type ApiContext = Context & { account?: string; json?: unknown };
export type Authenticate = (key: string | undefined) => Promise<string>;

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}): Result {
  if (body === undefined) return { statusCode: status, headers };
  return {
    statusCode: status,
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: JSON.stringify(body),
  };
}

/** Maps typed errors to the contract's envelope; anything else is a 500 that says nothing of internals. */
export function errorEnvelope(): MiddlewareObj<Event, Result> {
  return {
    onError: (request) => {
      const error = request.error;
      if (error instanceof ApiError) {
        request.response = jsonResponse(
          error.statusCode,
          { error: { code: error.code, message: error.message, ...error.extra } },
          error.headers,
        );
        return;
      }
      logger.error('Unhandled error', error as Error);
      request.response = jsonResponse(500, { error: { code: 'internal', message: 'Internal error' } });
    },
  };
}

/** The first middleware of every handler: the `api_key` parameter or `X-Api-Key` header → account. */
export function authentication(
  authenticate: () => Authenticate,
): MiddlewareObj<Event, Result, Error, ApiContext> {
  return {
    before: async (request) => {
      const { queryStringParameters = {}, headers = {} } = request.event;
      const key = queryStringParameters.api_key || headers['x-api-key'] || undefined;
      request.context.account = await authenticate()(key);
    },
  };
}

/** Enforces the 1 MiB limit and parses a JSON body, naming what is wrong when it is not JSON. */
export function jsonBody(): MiddlewareObj<Event, Result, Error, ApiContext> {
  return {
    before: (request) => {
      const { body, isBase64Encoded, headers = {} } = request.event;
      if (body === undefined || body === '') return;
      const raw = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
      if (raw.length > MAX_REQUEST_BYTES) throw payloadTooLarge(MAX_REQUEST_BYTES);
      const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!acceptsAsJson(type)) throw unsupportedMediaType(type);
      const text = raw.toString('utf8');
      if (text.trim() === '') return;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw badRequest(`The body is not valid JSON: ${(error as Error).message}`, [
          { path: '(body)', reason: 'not valid JSON' },
        ]);
      }
      if (nestsDeeperThan(json, MAX_JSON_DEPTH)) {
        const reason = `nested deeper than ${MAX_JSON_DEPTH} arrays and objects`;
        throw badRequest(`The body is ${reason}`, [{ path: '(body)', reason }]);
      }
      request.context.json = json;
    },
  };
}

// curl -d sends form-urlencoded by default; a JSON body under that label is still accepted.
function acceptsAsJson(type: string): boolean {
  return (
    type === '' ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'text/plain' ||
    type === 'application/x-www-form-urlencoded'
  );
}

/**
 * Who may call an endpoint: the caller's key checked by `authenticate` (`apiKeys()` in a
 * deployment), or anyone for the API description. Named at each endpoint, so a public one bundles
 * no key store.
 */
export type Access = { authenticate: Authenticate } | { public: true };

/** Wraps an endpoint: logging context → error envelope → authentication → JSON body → `fn`. */
export function apiHandler(access: Access, fn: (request: ApiRequest) => Promise<ApiResult>) {
  const stack = middy<Event, Result, Error, ApiContext>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(errorEnvelope());
  // Only the API description is public; every other endpoint authenticates first.
  if ('authenticate' in access) stack.use(authentication(() => access.authenticate));
  return stack.use(jsonBody()).handler(async (event, context) => {
    const result = await fn({
      account: context.account ?? '',
      params: (event.pathParameters ?? {}) as Record<string, string>,
      query: (event.queryStringParameters ?? {}) as Record<string, string>,
      body: context.json,
      baseUrl: baseUrlOf(event),
    });
    return jsonResponse(result.status, result.body, result.headers);
  });
}

function baseUrlOf(event: Event): string {
  const headers = event.headers ?? {};
  const proto = headers['x-forwarded-proto'] ?? 'https';
  const host = headers.host ?? event.requestContext?.domainName ?? 'localhost';
  return `${proto}://${host}`;
}

/**
 * The `Link: <…>; rel="next"` header of a paginated listing, or none on the last page. It carries
 * the listing's parameters and the cursor, never the caller's API key.
 */
export function nextPageHeaders(
  url: string,
  params: Record<string, string | number | undefined>,
  cursor: string | undefined,
): Record<string, string> {
  if (!cursor) return {};
  const next = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) next.set(name, String(value));
  next.set('cursor', cursor);
  return { link: `<${url}?${next}>; rel="next"` };
}
