/**
 * The IAM gateway in front of one emulator: every call's SigV4 signature verified, its actions
 * authorized against the calling function's role, then forwarded; refused otherwise with the
 * error AWS answers. The runtime's own client (the admin key) is verified but not authorized.
 *
 * request → signature (sigv4.ts) → checks (*-actions.ts) → decision (authorize.ts) → forward.ts
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { LOCAL_CREDENTIALS } from '../emulators.ts';
import { BodyTooLargeError, ClientGoneError, readBody } from '../request-body.ts';
import type { Mapping, Scope } from './actions.ts';
import { authorize } from './authorize.ts';
import { dynamoDbChecks } from './dynamodb-actions.ts';
import { type AwsError, bodyTooLarge, type GatewayService, malformedBody, sendError } from './errors.ts';
import {
  createUpstream,
  forward,
  jsonUpstreamHeaders,
  preflightHeaders,
  s3UpstreamRequest,
  withoutPresignParameters,
} from './forward.ts';
import { lambdaChecks } from './lambda-actions.ts';
import type { Credentials, Principal } from './principals.ts';
import { type GatewayRequest, MalformedRequestError, readRequest } from './request.ts';
import { needsDeleteKeys, parseDeleteKeys, type S3Target, s3Checks, s3TargetOf } from './s3-actions.ts';
import { secretsManagerChecks } from './secretsmanager-actions.ts';
import { sfnChecks } from './sfn-actions.ts';
import { verifySignature } from './sigv4.ts';

/** One refused (or, with code UpstreamError, failed) call, as logged: never a secret or a signature. */
export interface Refusal {
  service: GatewayService;
  /** The calling function, `admin` for the runtime's own key, undefined when the caller is unknown. */
  functionName?: string;
  accessKeyId?: string;
  method: string;
  path: string;
  action?: string;
  resource?: string;
  code: string;
  status: number;
  message: string;
  /** Why the simulator could not evaluate a check, or the upstream failure. */
  detail?: string;
}

export interface IamGatewayOptions {
  service: GatewayService;
  /** The emulator, `http://127.0.0.1:<port>`. */
  upstream: string;
  principals: Principal[];
  /** The runtime's own key: a valid signature is still required, its calls are not authorized. */
  admin: Credentials;
  region: string;
  account: string;
  log?: (refusal: Refusal) => void;
  /** The key pair forwarded S3 requests are signed with: s3rver's own, by default. */
  s3rverCredentials?: Credentials;
}

const withQuery = (path: string, query: string) => (query === '' ? path : `${path}?${query}`);

/** DynamoDB's largest request (BatchWriteItem, TransactWriteItems) is 16 MB; JSON bodies are read whole. */
const JSON_BODY_LIMIT = 17 * 1024 * 1024;
/** A DeleteObjects body: at most 1000 keys of at most 1024 bytes each, in XML. */
const DELETE_BODY_LIMIT = 2 * 1024 * 1024;

type Caller =
  | { kind: 'admin'; secretAccessKey: string }
  | { kind: 'function'; secretAccessKey: string; principal: Principal };

const defaultLog = (refusal: Refusal) => {
  const what = refusal.action
    ? `${refusal.action} on ${refusal.resource}`
    : `${refusal.method} ${refusal.path}`;
  const who =
    refusal.functionName ?? (refusal.accessKeyId ? `unknown key ${refusal.accessKeyId}` : 'anonymous');
  console.warn(
    `[iam ${refusal.service}] refused ${who}: ${what}: ${refusal.code} ${refusal.message}${refusal.detail ? ` (${refusal.detail})` : ''}`,
  );
};

/** S3-style request ids: 16 uppercase hex characters. */
const newRequestId = () => randomBytes(8).toString('hex').toUpperCase();

/** Whether a request carries a body (which a refusal that does not read it must not leave on the connection). */
const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

function checksOf(
  service: GatewayService,
  request: GatewayRequest,
  body: Buffer | undefined,
  options: { scope: Scope; s3Target: S3Target | undefined },
): Mapping {
  switch (service) {
    case 'dynamodb':
      return dynamoDbChecks(request.headers['x-amz-target'], body ?? Buffer.alloc(0), options.scope);
    case 'sfn':
      return sfnChecks(request.headers['x-amz-target'], body ?? Buffer.alloc(0));
    case 'lambda':
      return lambdaChecks(request, options.scope);
    case 'secretsmanager':
      return secretsManagerChecks(request.headers['x-amz-target'], body ?? Buffer.alloc(0));
    case 's3': {
      const target = options.s3Target!;
      if (!needsDeleteKeys(request, target)) return s3Checks(request, target);
      let keys: string[];
      try {
        keys = parseDeleteKeys(body ?? Buffer.alloc(0));
      } catch (error) {
        return {
          ok: false,
          error: malformedBody('s3', `The XML you provided was not well-formed: ${(error as Error).message}`),
        };
      }
      return s3Checks(request, target, keys);
    }
  }
}

/** A server (the caller listens) that authorizes every call to one emulator before forwarding it. */
export function createIamGateway(options: IamGatewayOptions): Server {
  const { service, region, account } = options;
  const scope = { region, account };
  const upstream = createUpstream(options.upstream);
  const log = options.log ?? defaultLog;
  const callers = new Map<string, Caller>([
    [options.admin.accessKeyId, { kind: 'admin', secretAccessKey: options.admin.secretAccessKey }],
  ]);
  for (const principal of options.principals)
    callers.set(principal.credentials.accessKeyId, {
      kind: 'function',
      secretAccessKey: principal.credentials.secretAccessKey,
      principal,
    });

  async function handle(req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): Promise<void> {
    const requestId = newRequestId();
    const method = (req.method ?? 'GET').toUpperCase();
    let bodyLeft = hasBody(req);
    const refuse = (error: AwsError, details: Partial<Refusal> = {}) => {
      log({
        service,
        method,
        path: (req.url ?? '/').split('?')[0]!,
        code: error.code,
        status: error.status,
        message: error.message,
        ...details,
      });
      // An S3 body not read yet is not read at all: the connection closes after the answer.
      sendError(res, service, error, { requestId, method, close: bodyLeft });
    };

    let request: GatewayRequest;
    let s3Target: S3Target | undefined;
    try {
      request = readRequest(method, req.url ?? '/', req.headersDistinct);
      s3Target = service === 's3' ? s3TargetOf(request) : undefined;
    } catch (error) {
      if (error instanceof MalformedRequestError)
        return refuse({
          code: service === 's3' ? 'InvalidURI' : 'SerializationException',
          status: 400,
          message: error.message,
        });
      throw error;
    }

    // A CORS preflight carries no credentials, in S3 as here: s3rver answers it from the bucket's CORS rules.
    if (service === 's3' && method === 'OPTIONS') {
      return forward(req, res, {
        service,
        upstream,
        // A preflight for a presigned link carries its query: without its signature, s3rver answers as S3 does.
        path: withQuery(s3Target!.upstreamPath, withoutPresignParameters(request.rawQuery)),
        headers: preflightHeaders(req.rawHeaders, upstream),
        expectsContinue,
        requestId,
        onError: (error) =>
          log({
            service,
            method,
            path: request.path,
            code: 'UpstreamError',
            status: 502,
            message: error.message,
          }),
      });
    }

    let body: Buffer | undefined;
    if (service !== 's3' || needsDeleteKeys(request, s3Target!)) {
      if (expectsContinue) res.writeContinue();
      try {
        body = await readBody(req, service === 's3' ? DELETE_BODY_LIMIT : JSON_BODY_LIMIT);
        bodyLeft = false;
      } catch (error) {
        if (error instanceof BodyTooLargeError)
          return refuse(bodyTooLarge(service, service === 's3' ? DELETE_BODY_LIMIT : JSON_BODY_LIMIT));
        throw error;
      }
    }

    const verification = await verifySignature(request, {
      service,
      region,
      lookup: (accessKeyId) => callers.get(accessKeyId),
      body,
    });
    if (!verification.ok) return refuse(verification.error, { accessKeyId: verification.accessKeyId });
    const caller = verification.principal;

    if (caller.kind === 'function') {
      const who = { functionName: caller.principal.functionName, accessKeyId: verification.accessKeyId };
      const mapping = checksOf(service, request, body, { scope, s3Target });
      if (!mapping.ok) return refuse(mapping.error, who);
      const decision = await authorize(caller.principal, mapping.checks, { service, region, account });
      if (!decision.allowed)
        return refuse(decision.error, {
          ...who,
          action: decision.check.action,
          resource: decision.check.resource,
          detail: decision.detail,
        });
    }

    const onError = (error: Error) =>
      log({
        service,
        method,
        path: request.path,
        functionName: caller.kind === 'admin' ? 'admin' : caller.principal.functionName,
        code: 'UpstreamError',
        status: 502,
        message: error.message,
      });
    if (service === 's3') {
      const { path, headers } = await s3UpstreamRequest(request, req.rawHeaders, {
        upstream,
        upstreamPath: s3Target!.upstreamPath,
        region,
        credentials: options.s3rverCredentials ?? LOCAL_CREDENTIALS,
      });
      return forward(req, res, {
        service,
        upstream,
        path,
        headers,
        body,
        expectsContinue: expectsContinue && body === undefined,
        requestId,
        onError,
      });
    }
    forward(req, res, {
      service,
      upstream,
      path: req.url ?? '/',
      headers: jsonUpstreamHeaders(req.rawHeaders, body!),
      body: body!,
      expectsContinue: false,
      requestId,
      onError,
    });
  }

  const dispatch = (expectsContinue: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, expectsContinue).catch((error: unknown) => {
      if (error instanceof ClientGoneError) return;
      log({
        service,
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        code: 'InternalError',
        status: 500,
        message: (error as Error).message,
      });
      if (!res.headersSent)
        sendError(
          res,
          service,
          {
            code: service === 's3' ? 'InternalError' : 'InternalFailure',
            status: 500,
            message: 'The local IAM gateway failed',
          },
          { requestId: newRequestId(), method: req.method ?? 'GET', close: true },
        );
      else res.destroy();
    });
  };
  const server = createServer(dispatch(false));
  // Answered only once the call is authorized: a refused upload is refused before its body is sent.
  server.on('checkContinue', dispatch(true));
  server.on('close', () => upstream.agent.destroy());
  return server;
}
