/**
 * AWS Signature Version 4 verification, header and presigned-query forms. The signature is
 * recomputed by the SDK's own signer (`@smithy/signature-v4`) over the headers the client listed,
 * with its signing date, and compared in constant time: no canonicalization of our own.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';
import {
  type AwsError,
  type GatewayService,
  malformedAuthorization,
  missingAuthentication,
  presignedUrlExpired,
  requestTimeTooSkewed,
  signatureMismatch,
  unknownAccessKey,
} from './errors.ts';
import { type GatewayRequest, type Query, queryValue } from './request.ts';
import { NodeSha256 } from './sha256.ts';

/** The name each service signs with (the fourth part of the credential scope). */
export const SIGNING_NAMES: Record<GatewayService, string> = {
  dynamodb: 'dynamodb',
  s3: 's3',
  sfn: 'states',
  lambda: 'lambda',
  secretsmanager: 'secretsmanager',
};

const ALGORITHM = 'AWS4-HMAC-SHA256';
const CONTENT_SHA256 = 'x-amz-content-sha256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;
/** The parameters of a presigned link, which are its signature and not part of what it grants. */
export const PRESIGN_PARAMETERS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
] as const;

export type SignatureVerification<P> =
  | { ok: true; principal: P; accessKeyId: string; presigned: boolean }
  | { ok: false; error: AwsError; accessKeyId?: string };

export interface VerifyOptions<P> {
  service: GatewayService;
  region: string;
  /** The principal an access key belongs to, with its secret; undefined for an unknown key. */
  lookup(accessKeyId: string): (P & { secretAccessKey: string }) | undefined;
  /**
   * The buffered body of a DynamoDB or Step Functions call, which the payload hash is computed
   * from. S3 bodies are never buffered: its `x-amz-content-sha256` header stands for the body.
   */
  body?: Uint8Array;
  now?: Date;
}

const sha256Hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Constant-time comparison of two signatures (hex strings). */
function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** `20240102T030405Z` → a Date, or undefined if it is not that format. */
function parseAmzDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
}

function parseCredential(text: string): Credential | undefined {
  const parts = text.split('/');
  if (parts.length !== 5 || parts.some((part) => part === '')) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

/** What AWS says of a scope for another region, service or day than the request's. */
function scopeError(
  credential: Credential,
  amzDate: string,
  options: { service: GatewayService; region: string; presigned: boolean },
): AwsError | undefined {
  const expectedService = SIGNING_NAMES[options.service];
  const malformed = (message: string) => malformedAuthorization(options.service, message, options.presigned);
  const prefix = options.presigned
    ? 'Error parsing the X-Amz-Credential parameter; '
    : 'The authorization header is malformed; ';
  if (credential.region !== options.region)
    return options.service === 's3'
      ? malformed(`${prefix}the region '${credential.region}' is wrong; expecting '${options.region}'`)
      : malformed(`Credential should be scoped to a valid region, not '${credential.region}'. `);
  if (credential.service !== expectedService)
    return options.service === 's3'
      ? malformed(
          `${prefix}incorrect service "${credential.service}". This endpoint belongs to "${expectedService}".`,
        )
      : malformed(`Credential should be scoped to correct service: '${expectedService}'. `);
  if (credential.terminator !== 'aws4_request')
    return malformed(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${credential.terminator}'. `,
    );
  if (credential.date !== amzDate.slice(0, 8))
    return malformed(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${credential.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
    );
  return undefined;
}

interface ParsedAuthorization {
  presigned: boolean;
  credential: Credential;
  amzDate: string;
  signedHeaders: string;
  signature: string;
  expires?: string;
}

/** The Authorization header's three parts, or an error in AWS's words. */
function parseAuthorizationHeader(
  header: string,
  headers: Record<string, string>,
  service: GatewayService,
): ParsedAuthorization | AwsError {
  const malformed = (message: string) => malformedAuthorization(service, message, false);
  const space = header.indexOf(' ');
  const algorithm = space < 0 ? header : header.slice(0, space);
  if (algorithm !== ALGORITHM) return malformed(`Unsupported Authorization Type: ${algorithm}`);
  const components = new Map(
    header
      .slice(space + 1)
      .split(',')
      .map((component) => {
        const trimmed = component.trim();
        const equals = trimmed.indexOf('=');
        return [trimmed.slice(0, equals), trimmed.slice(equals + 1)] as const;
      }),
  );
  const credentialText = components.get('Credential');
  const signedHeaders = components.get('SignedHeaders');
  const signature = components.get('Signature');
  if (credentialText === undefined || signedHeaders === undefined || signature === undefined)
    return malformed(
      'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
    );
  const credential = parseCredential(credentialText);
  if (!credential) return malformed(`The authorization header is malformed; the Credential is mal-formed.`);
  // The SDK signer re-derives x-amz-date from the signing date and drops `date`, so only x-amz-date is verifiable.
  const amzDate = headers['x-amz-date'];
  if (amzDate === undefined)
    return malformed("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  return { presigned: false, credential, amzDate, signedHeaders, signature };
}

function parsePresignedQuery(query: Query, service: GatewayService): ParsedAuthorization | AwsError {
  const malformed = (message: string) => malformedAuthorization(service, message, true);
  const [algorithm, credentialText, amzDate, expires, signedHeaders, signature] = PRESIGN_PARAMETERS.map(
    (name) => queryValue(query, name),
  );
  if (algorithm !== ALGORITHM) return malformed(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
  if (
    credentialText === undefined ||
    amzDate === undefined ||
    expires === undefined ||
    signedHeaders === undefined ||
    signature === undefined
  )
    return malformed(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  const credential = parseCredential(credentialText);
  if (!credential)
    return malformed('Error parsing the X-Amz-Credential parameter; the Credential is mal-formed.');
  return { presigned: true, credential, amzDate, signedHeaders, signature, expires };
}

const isError = (value: ParsedAuthorization | AwsError): value is AwsError => 'code' in value;

/** How the request authenticates: the Authorization header, a presigned query, or not at all. */
export function authenticationOf(request: GatewayRequest): 'header' | 'presigned' | 'none' {
  if (request.headers.authorization !== undefined) return 'header';
  if (queryValue(request.query, 'X-Amz-Algorithm') !== undefined) return 'presigned';
  return 'none';
}

/** The payload hash the client signed, or an error: S3 names it in a header, JSON services hash the body. */
function payloadHashOf(
  request: GatewayRequest,
  parsed: ParsedAuthorization,
  options: { service: GatewayService; body?: Uint8Array | undefined },
): string | AwsError | undefined {
  const header = request.headers[CONTENT_SHA256];
  if (options.service === 's3') {
    // Presigned links always sign UNSIGNED-PAYLOAD. A signed hex hash is taken at its word: AWS
    // also checks the body against it (BadDigest), we do not, as S3 bodies stream through unread.
    // Likewise for STREAMING-…: the seed signature is verified, the chunk signatures are not.
    if (parsed.presigned) return UNSIGNED_PAYLOAD;
    if (header === undefined)
      return {
        code: 'InvalidRequest',
        status: 400,
        message: `Missing required header for this request: ${CONTENT_SHA256}`,
      };
    return header;
  }
  const computed = sha256Hex(options.body ?? new Uint8Array());
  // A JSON call's body is small and buffered: its hash is ours to compute, and a header must agree with it.
  if (header !== undefined && header !== computed) return undefined;
  return computed;
}

/**
 * Verifies a request's SigV4 signature (Authorization header or presigned query) against the
 * secret of the key it names. Presigned links are also checked for expiry (at most 7 days).
 */
export async function verifySignature<P>(
  request: GatewayRequest,
  options: VerifyOptions<P>,
): Promise<SignatureVerification<P>> {
  const { service } = options;
  const now = options.now ?? new Date();
  const mode = authenticationOf(request);
  if (mode === 'none') return { ok: false, error: missingAuthentication(service) };
  const parsed =
    mode === 'header'
      ? parseAuthorizationHeader(request.headers.authorization!, request.headers, service)
      : parsePresignedQuery(request.query, service);
  if (isError(parsed)) return { ok: false, error: parsed };
  const { accessKeyId } = parsed.credential;
  const fail = (error: AwsError): SignatureVerification<P> => ({ ok: false, error, accessKeyId });

  const signingDate = parseAmzDate(parsed.amzDate);
  if (!signingDate)
    return fail(
      malformedAuthorization(
        service,
        `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'", not ${JSON.stringify(parsed.amzDate)}`,
        parsed.presigned,
      ),
    );
  const principal = options.lookup(accessKeyId);
  if (!principal) return fail(unknownAccessKey(service, accessKeyId));
  const scope = scopeError(parsed.credential, parsed.amzDate, {
    service,
    region: options.region,
    presigned: parsed.presigned,
  });
  if (scope) return fail(scope);

  let expiresIn: number | undefined;
  if (parsed.presigned) {
    const expiresText = parsed.expires!;
    expiresIn = /^\d+$/.test(expiresText) ? Number(expiresText) : Number.NaN;
    if (Number.isNaN(expiresIn))
      return fail(malformedAuthorization(service, 'X-Amz-Expires should be a number', true));
    if (expiresIn > MAX_PRESIGNED_SECONDS)
      return fail(
        malformedAuthorization(
          service,
          `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_SECONDS}`,
          true,
        ),
      );
    const expires = new Date(signingDate.getTime() + expiresIn * 1000);
    if (now > expires) return fail(presignedUrlExpired(expires, expiresText, now));
    if (signingDate.getTime() - now.getTime() > MAX_SKEW_MS)
      return fail({ code: 'AccessDenied', status: 403, message: 'Request is not valid yet' });
  } else if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    return fail(requestTimeTooSkewed(service, parsed.amzDate, now));
  }

  const payloadHash = payloadHashOf(request, parsed, options);
  if (payloadHash === undefined) return fail(signatureMismatch(service, accessKeyId));
  if (typeof payloadHash !== 'string') return fail(payloadHash);

  const expected = await recompute(request, parsed, {
    service,
    region: options.region,
    secretAccessKey: principal.secretAccessKey,
    signingDate,
    payloadHash,
    expiresIn,
  });
  const valid =
    expected.signedHeaders === parsed.signedHeaders && sameSignature(expected.signature, parsed.signature);
  if (!valid) return fail(signatureMismatch(service, accessKeyId));
  return { ok: true, principal, accessKeyId, presigned: parsed.presigned };
}

/** Signs the request again with the SDK's signer, over the headers the client listed. */
async function recompute(
  request: GatewayRequest,
  parsed: ParsedAuthorization,
  options: {
    service: GatewayService;
    region: string;
    secretAccessKey: string;
    signingDate: Date;
    payloadHash: string;
    expiresIn: number | undefined;
  },
): Promise<{ signature: string; signedHeaders: string }> {
  const listed = parsed.signedHeaders.split(';').filter((name) => name !== '');
  const signed = new Set(listed);
  const headers: Record<string, string> = {};
  for (const name of listed) {
    const value = request.headers[name];
    // A listed header the request lacks is left out: the recomputed list then differs, as AWS refuses it.
    if (value !== undefined) headers[name] = value;
  }
  // The signer takes the payload hash from this header; unless the client listed it, it is not signed.
  headers[CONTENT_SHA256] = options.payloadHash;
  const unsigned = signed.has(CONTENT_SHA256) ? new Set<string>() : new Set([CONTENT_SHA256]);

  const query: Query = { ...request.query };
  delete query['X-Amz-Signature'];
  const toSign: HttpRequest = {
    method: request.method,
    protocol: 'http:',
    hostname: request.headers.host ?? 'localhost',
    path: request.path,
    query,
    headers,
  };
  const signer = new SignatureV4({
    service: SIGNING_NAMES[options.service],
    region: options.region,
    credentials: { accessKeyId: parsed.credential.accessKeyId, secretAccessKey: options.secretAccessKey },
    sha256: NodeSha256,
    // S3 signs the path as sent; every other service signs it normalized and encoded once more.
    uriEscapePath: options.service !== 's3',
    applyChecksum: false,
  });
  const common = {
    signingDate: options.signingDate,
    signingRegion: options.region,
    signingService: SIGNING_NAMES[options.service],
    signableHeaders: signed,
    unsignableHeaders: unsigned,
  };
  if (parsed.presigned) {
    const presigned = await signer.presign(toSign, {
      ...common,
      expiresIn: options.expiresIn,
      // Headers stay headers: what the client hoisted into the query is in the query already.
      unhoistableHeaders: new Set(Object.keys(headers)),
    });
    return {
      signature: String(presigned.query?.['X-Amz-Signature'] ?? ''),
      signedHeaders: String(presigned.query?.['X-Amz-SignedHeaders'] ?? ''),
    };
  }
  const result = await signer.sign(toSign, common);
  const authorization = String(result.headers.authorization ?? '');
  return {
    signature: /Signature=([0-9a-f]+)/.exec(authorization)?.[1] ?? '',
    signedHeaders: /SignedHeaders=([^,]+)/.exec(authorization)?.[1] ?? '',
  };
}
