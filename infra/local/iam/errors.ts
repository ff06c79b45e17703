/**
 * The errors the IAM gateway answers with, in each protocol's own shape, so the AWS SDK v3 throws
 * them by the same name as AWS: JSON 1.0 `__type` for DynamoDB and Step Functions, XML for S3,
 * REST-JSON (`x-amzn-ErrorType` and `{Type, message}`) for Lambda.
 */
import type { ServerResponse } from 'node:http';

export type GatewayService = 'dynamodb' | 's3' | 'sfn' | 'lambda' | 'secretsmanager';

/** The services whose calls are JSON (`X-Amz-Target`): 1.0, and 1.1 for Secrets Manager. */
export type JsonService = 'dynamodb' | 'sfn' | 'secretsmanager';

export interface AwsError {
  code: string;
  status: number;
  message: string;
  /** Extra elements of an S3 XML error (`X-Amz-Expires`, `AWSAccessKeyId`, …). */
  details?: Record<string, string>;
}

const JSON_CONTENT_TYPE: Record<JsonService, string> = {
  dynamodb: 'application/x-amz-json-1.0',
  sfn: 'application/x-amz-json-1.0',
  secretsmanager: 'application/x-amz-json-1.1',
};

/** DynamoDB names its errors with the Coral namespace; Step Functions' and Secrets Manager's JSON carry the bare name. */
function jsonType(service: JsonService, code: string): string {
  if (service !== 'dynamodb') return code;
  if (code === 'InternalServerError') return `com.amazonaws.dynamodb.v20120810#${code}`;
  if (code === 'ValidationException') return `com.amazon.coral.validate#${code}`;
  return `com.amazon.coral.service#${code}`;
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

function s3Xml(error: AwsError, requestId: string): string {
  const details = Object.entries(error.details ?? {})
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${details}` +
    `<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`
  );
}

/** Status, headers and body of an error response; S3 answers a HEAD with the status alone, as AWS does. */
export function errorResponse(
  service: GatewayService,
  error: AwsError,
  options: { requestId: string; method: string },
): { status: number; headers: Record<string, string>; body: string } {
  if (service === 's3') {
    const body = options.method === 'HEAD' ? '' : s3Xml(error, options.requestId);
    return {
      status: error.status,
      headers: {
        'content-type': 'application/xml',
        'x-amz-request-id': options.requestId,
        'x-amz-id-2': options.requestId,
      },
      body,
    };
  }
  if (service === 'lambda')
    return {
      status: error.status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-errortype': error.code,
        'x-amzn-requestid': options.requestId,
      },
      body: JSON.stringify({ Type: error.status >= 500 ? 'Service' : 'User', message: error.message }),
    };
  return {
    status: error.status,
    headers: { 'content-type': JSON_CONTENT_TYPE[service], 'x-amzn-requestid': options.requestId },
    body: JSON.stringify({ __type: jsonType(service, error.code), message: error.message }),
  };
}

/**
 * Sends an error. `close` ends the connection after it: the request's body was not read (an S3
 * upload refused before it streamed), and reading gigabytes to keep a connection alive is worse.
 */
export function sendError(
  res: ServerResponse,
  service: GatewayService,
  error: AwsError,
  options: { requestId: string; method: string; close?: boolean },
): void {
  const { status, headers, body } = errorResponse(service, error, options);
  if (options.close) headers.connection = 'close';
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

// The errors, by cause, with the code, status and wording each service uses.

const SERVICE_NAME = {
  dynamodb: 'DynamoDB',
  sfn: 'Step Functions',
  lambda: 'Lambda',
  secretsmanager: 'Secrets Manager',
} as const;

/** Lambda (REST-JSON behind its front end) answers authentication failures with 403, JSON 1.0 services with 400. */
const authStatus = (service: Exclude<GatewayService, 's3'>) => (service === 'lambda' ? 403 : 400);

export function missingAuthentication(service: GatewayService): AwsError {
  if (service === 's3') return { code: 'AccessDenied', status: 403, message: 'Access Denied' };
  return {
    code: 'MissingAuthenticationTokenException',
    status: authStatus(service),
    message: 'Request is missing Authentication Token',
  };
}

export function unknownAccessKey(service: GatewayService, accessKeyId: string): AwsError {
  if (service === 's3')
    return {
      code: 'InvalidAccessKeyId',
      status: 403,
      message: 'The AWS Access Key Id you provided does not exist in our records.',
      details: { AWSAccessKeyId: accessKeyId },
    };
  return {
    code: 'UnrecognizedClientException',
    status: authStatus(service),
    message: 'The security token included in the request is invalid.',
  };
}

export function signatureMismatch(service: GatewayService, accessKeyId: string): AwsError {
  if (service === 's3')
    return {
      code: 'SignatureDoesNotMatch',
      status: 403,
      message:
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      details: { AWSAccessKeyId: accessKeyId },
    };
  return {
    code: 'InvalidSignatureException',
    status: authStatus(service),
    message:
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  };
}

/** A malformed Authorization header or presigned query (missing parts, unknown algorithm, bad scope). */
export function malformedAuthorization(
  service: GatewayService,
  message: string,
  presigned: boolean,
): AwsError {
  if (service === 's3')
    return {
      code: presigned ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed',
      status: 400,
      message,
    };
  return { code: 'IncompleteSignatureException', status: authStatus(service), message };
}

/** A header-signed request whose time is more than 15 minutes from now. */
export function requestTimeTooSkewed(
  service: GatewayService,
  requestTime: string,
  serverTime: Date,
): AwsError {
  const server = serverTime.toISOString().replace(/\.\d+Z$/, 'Z');
  if (service === 's3')
    return {
      code: 'RequestTimeTooSkewed',
      status: 403,
      message: 'The difference between the request time and the current time is too large.',
      details: { RequestTime: requestTime, ServerTime: server },
    };
  return {
    code: 'InvalidSignatureException',
    status: authStatus(service),
    message: `Signature expired: ${requestTime} is now earlier than the allowed 15 minutes from ${server}.`,
  };
}

export function presignedUrlExpired(expires: Date, expiresSeconds: string, serverTime: Date): AwsError {
  const iso = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    code: 'AccessDenied',
    status: 403,
    message: 'Request has expired',
    details: { 'X-Amz-Expires': expiresSeconds, Expires: iso(expires), ServerTime: iso(serverTime) },
  };
}

export function accessDenied(
  service: GatewayService,
  check: { principalArn: string; action: string; resource: string; explicit: boolean },
): AwsError {
  // S3 quotes the resource; DynamoDB, Step Functions and Lambda do not.
  const resource = service === 's3' ? `"${check.resource}"` : check.resource;
  const because = check.explicit
    ? 'with an explicit deny in an identity-based policy'
    : `because no identity-based policy allows the ${check.action} action`;
  const message = `User: ${check.principalArn} is not authorized to perform: ${check.action} on resource: ${resource} ${because}`;
  if (service === 's3') return { code: 'AccessDenied', status: 403, message };
  return { code: 'AccessDeniedException', status: service === 'lambda' ? 403 : 400, message };
}

/** A request the gateway cannot map to IAM actions: refused, never let through unchecked. */
export function notMapped(service: GatewayService, what: string): AwsError {
  const message = `The local IAM gateway does not map ${what} to IAM actions, so it refuses it`;
  if (service === 's3') return { code: 'NotImplemented', status: 501, message };
  if (service === 'lambda') return { code: 'UnknownOperationException', status: 404, message };
  return { code: 'UnknownOperationException', status: 400, message };
}

export function malformedBody(service: GatewayService, message: string): AwsError {
  if (service === 's3') return { code: 'MalformedXML', status: 400, message };
  return { code: 'SerializationException', status: 400, message };
}

/** A call without the parameter its resource comes from (a TableName, a stateMachineArn). */
export function invalidParameter(service: GatewayService, message: string): AwsError {
  if (service === 's3') return { code: 'InvalidRequest', status: 400, message };
  if (service === 'lambda') return { code: 'InvalidParameterValueException', status: 400, message };
  return { code: 'ValidationException', status: 400, message };
}

export function bodyTooLarge(service: GatewayService, limitBytes: number): AwsError {
  const message = `The request body exceeds the ${limitBytes} bytes the local IAM gateway reads`;
  if (service === 's3') return { code: 'EntityTooLarge', status: 400, message };
  return { code: 'RequestEntityTooLarge', status: 413, message };
}

/** The emulator behind the gateway could not be reached or failed mid-request. */
export function upstreamFailed(service: GatewayService): AwsError {
  if (service === 's3')
    return { code: 'InternalError', status: 502, message: 'The local S3 emulator did not answer' };
  const code = {
    dynamodb: 'InternalServerError',
    sfn: 'InternalFailure',
    lambda: 'ServiceException',
    secretsmanager: 'InternalServiceError',
  }[service];
  return {
    code,
    status: 502,
    message: `The local ${SERVICE_NAME[service]} ${service === 'lambda' ? 'endpoint' : 'emulator'} did not answer`,
  };
}
