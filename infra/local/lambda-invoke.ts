/**
 * The local Lambda Invoke endpoint (`AWS_ENDPOINT_URL_LAMBDA`, behind the IAM gateway): the
 * REST-JSON call `@aws-sdk/client-lambda`'s InvokeCommand makes, run in the function's containers.
 *
 *   POST /2015-03-31/functions/{FunctionName}/invocations   (name, ARN or partial ARN)
 *   → 200 with the handler's result as JSON
 *   → 200, `X-Amz-Function-Error: Unhandled`, `{errorType, errorMessage, trace}` on a function error
 *   → 404 ResourceNotFoundException for a function the stack does not have
 *
 * Only synchronous invocations (RequestResponse, the default) of $LATEST: other invocation types
 * and qualifiers are refused with the error AWS answers a bad parameter with.
 */

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { FunctionError } from './containers/container.ts';
import { BodyTooLargeError, ClientGoneError, readBody } from './request-body.ts';
import { functionArnOf, LOCAL_ACCOUNT, LOCAL_REGION, type LocalFunction } from './template.ts';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
/** Lambda's limit on a synchronous invocation's request payload. */
const REQUEST_LIMIT_BYTES = 6 * 1024 * 1024;

export interface LambdaEndpointOptions {
  functions: LocalFunction[];
  /** Runs the function (by logical id) with the event: its result, or a `FunctionError`. */
  invoke(logicalId: string, event: unknown): Promise<unknown>;
  log?(message: string): void;
}

/** `name`, `arn:aws:lambda:<region>:<account>:function:name[:qualifier]`, `<account>:function:name[:qualifier]`. */
export function parseFunctionName(
  raw: string,
): { name: string; qualifier?: string; region?: string; account?: string } | undefined {
  const arn = /^arn:aws:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/.exec(
    raw,
  );
  if (arn) return { region: arn[1], account: arn[2], name: arn[3]!, qualifier: arn[4] };
  const partial = /^(\d{12}):function:([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/.exec(raw);
  if (partial) return { account: partial[1], name: partial[2]!, qualifier: partial[3] };
  const plain = /^([A-Za-z0-9_-]+)(?::([A-Za-z0-9$_-]+))?$/.exec(raw);
  if (plain) return { name: plain[1]!, qualifier: plain[2] };
  return undefined;
}

interface RestError {
  status: number;
  type: string;
  message: string;
}

/** A REST-JSON error as Lambda sends it: the type in `x-amzn-ErrorType` and the body, the message. */
function sendError(res: ServerResponse, error: RestError, requestId: string): void {
  const body = JSON.stringify({ Type: error.status >= 500 ? 'Service' : 'User', message: error.message });
  res.writeHead(error.status, {
    'content-type': 'application/json',
    'x-amzn-errortype': error.type,
    'x-amzn-requestid': requestId,
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

function sendJson(res: ServerResponse, body: string, requestId: string, functionError?: string): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    'x-amzn-requestid': requestId,
    'x-amz-executed-version': '$LATEST',
    ...(functionError ? { 'x-amz-function-error': functionError } : {}),
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

const notFound = (raw: string, name: string): RestError => ({
  status: 404,
  type: 'ResourceNotFoundException',
  message: `Function not found: ${raw.startsWith('arn:') ? raw : functionArnOf(name)}`,
});

/** A server (the caller listens) that runs Invoke calls in the local containers. */
export function createLambdaServer(options: LambdaEndpointOptions): Server {
  const byName = new Map(options.functions.map((fn) => [fn.name, fn]));
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = INVOKE_PATH.exec(url.pathname);
    if (req.method !== 'POST' || !match) {
      req.resume();
      return sendError(
        res,
        {
          status: 404,
          type: 'UnknownOperationException',
          message: `No local Lambda operation ${req.method} ${url.pathname}`,
        },
        requestId,
      );
    }
    let body: Buffer;
    try {
      body = await readBody(req, REQUEST_LIMIT_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return sendError(
          res,
          {
            status: 413,
            type: 'RequestTooLargeException',
            message: `Request must be smaller than ${REQUEST_LIMIT_BYTES} bytes for the InvokeFunction operation`,
          },
          requestId,
        );
      throw error;
    }
    const raw = decodeURIComponent(match[1]!);
    const parsed = parseFunctionName(raw);
    const invalid = (message: string) =>
      sendError(res, { status: 400, type: 'InvalidParameterValueException', message }, requestId);
    if (!parsed)
      return invalid(
        `1 validation error detected: Value '${raw}' at 'functionName' failed to satisfy constraint`,
      );
    const fn = byName.get(parsed.name);
    const foreign =
      (parsed.region !== undefined && parsed.region !== LOCAL_REGION) ||
      (parsed.account !== undefined && parsed.account !== LOCAL_ACCOUNT);
    if (!fn || foreign) return sendError(res, notFound(raw, parsed.name), requestId);
    const qualifier = parsed.qualifier ?? url.searchParams.get('Qualifier') ?? undefined;
    if (qualifier !== undefined && qualifier !== '$LATEST')
      return sendError(res, notFound(raw, `${parsed.name}:${qualifier}`), requestId);
    const invocationType = String(req.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (invocationType !== 'RequestResponse')
      return invalid(
        `The local Lambda endpoint runs RequestResponse invocations only, not ${invocationType}`,
      );

    let event: unknown = null;
    if (body.length > 0) {
      try {
        event = JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(
          res,
          {
            status: 400,
            type: 'InvalidRequestContentException',
            message: 'Could not parse request body into json',
          },
          requestId,
        );
      }
    }
    try {
      const result = await options.invoke(fn.logicalId, event);
      sendJson(res, JSON.stringify(result) ?? 'null', requestId);
    } catch (error) {
      if (!(error instanceof FunctionError)) throw error;
      log(`${fn.logicalId} (${fn.entry}) failed: ${error.payload.errorType}: ${error.payload.errorMessage}`);
      sendJson(res, JSON.stringify(error.payload), requestId, 'Unhandled');
    }
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof ClientGoneError) return;
      log(
        `Local Lambda endpoint: ${req.method} ${req.url} failed: ${(error as Error)?.stack ?? String(error)}`,
      );
      if (!res.headersSent)
        sendError(
          res,
          { status: 500, type: 'ServiceException', message: 'The local Lambda endpoint failed' },
          randomUUID(),
        );
      else res.destroy();
    });
  });
}
