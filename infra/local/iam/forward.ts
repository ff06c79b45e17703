/**
 * Forwarding an authorized request to its emulator: bodies stream both ways (S3 objects may be
 * gigabytes), status and headers are kept, a client that goes away aborts the upstream call.
 *
 * What each emulator is sent: dynalite and our Step Functions endpoint verify no signatures, so
 * the request goes as it came. s3rver serves unsigned requests, except a GET with `response-*`
 * overrides (the store's download links), which it refuses to anonymous callers, and it knows only
 * its own key pair: S3 requests lose the caller's signature (header or presigned query) and are
 * signed again with s3rver's key, UNSIGNED-PAYLOAD unless the caller named a payload hash.
 */
import {
  Agent,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import { pipeline } from 'node:stream';
import { SignatureV4 } from '@smithy/signature-v4';
import { type GatewayService, sendError, upstreamFailed } from './errors.ts';
import type { Credentials } from './principals.ts';
import { type GatewayRequest, parseQuery } from './request.ts';
import { NodeSha256 } from './sha256.ts';
import { PRESIGN_PARAMETERS } from './sigv4.ts';

/** Hop-by-hop headers (RFC 9110 §7.6.1), which a proxy does not pass on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export interface Upstream {
  url: URL;
  agent: Agent;
}

export const createUpstream = (url: string): Upstream => ({
  url: new URL(url),
  agent: new Agent({ keepAlive: true }),
});

/** Pairs of a raw header list, without the hop-by-hop ones and those named in `drop`. */
function filterRawHeaders(raw: string[], drop: Set<string> = new Set()): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!HOP_BY_HOP.has(name) && !drop.has(name)) kept.push(raw[i]!, raw[i + 1]!);
  }
  return kept;
}

function rawToObject(raw: string[]): OutgoingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const existing = headers[name];
    const value = raw[i + 1]!;
    headers[name] = existing === undefined ? value : [...[existing].flat(), value];
  }
  return headers;
}

const PRESIGN_NAMES = new Set<string>(PRESIGN_PARAMETERS);

/** The raw query without a presigned link's signature parameters, the rest untouched. */
export function withoutPresignParameters(rawQuery: string): string {
  return rawQuery
    .split('&')
    .filter((part) => {
      if (part === '') return false;
      const equals = part.indexOf('=');
      const name = equals < 0 ? part : part.slice(0, equals);
      try {
        return !PRESIGN_NAMES.has(decodeURIComponent(name));
      } catch {
        return true;
      }
    })
    .join('&');
}

/**
 * The headers and target s3rver is sent: the caller's signature replaced by one of s3rver's key,
 * path style, for the emulator's own host.
 */
export async function s3UpstreamRequest(
  request: GatewayRequest,
  rawHeaders: string[],
  options: {
    upstream: Upstream;
    upstreamPath: string;
    region: string;
    credentials: Credentials;
  },
): Promise<{ path: string; headers: OutgoingHttpHeaders }> {
  const rawQuery = withoutPresignParameters(request.rawQuery);
  const host = options.upstream.url.host;
  const payloadHash = request.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD';
  const signer = new SignatureV4({
    service: 's3',
    region: options.region,
    credentials: options.credentials,
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.sign({
    method: request.method,
    protocol: 'http:',
    hostname: options.upstream.url.hostname,
    path: options.upstreamPath,
    query: parseQuery(rawQuery),
    headers: { host, 'x-amz-content-sha256': payloadHash },
  });
  const headers = rawToObject(
    filterRawHeaders(
      rawHeaders,
      new Set(['authorization', 'host', 'x-amz-date', 'x-amz-content-sha256', 'expect']),
    ),
  );
  Object.assign(headers, signed.headers);
  return { path: rawQuery === '' ? options.upstreamPath : `${options.upstreamPath}?${rawQuery}`, headers };
}

/** The headers of a request forwarded unauthenticated (a CORS preflight), for the emulator's host. */
export function preflightHeaders(rawHeaders: string[], upstream: Upstream): OutgoingHttpHeaders {
  return { ...rawToObject(filterRawHeaders(rawHeaders, new Set(['host']))), host: upstream.url.host };
}

/** The headers a JSON call is forwarded with, as it came but for the hop-by-hop ones; the body is buffered. */
export function jsonUpstreamHeaders(rawHeaders: string[], body: Uint8Array): OutgoingHttpHeaders {
  const headers = rawToObject(filterRawHeaders(rawHeaders, new Set(['content-length', 'expect'])));
  headers['content-length'] = String(body.byteLength);
  return headers;
}

/**
 * Sends the request upstream and its answer back. `body` is the buffered body; without it the
 * client's body streams through (after a `100 Continue` when the client waits for one).
 */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  options: {
    service: GatewayService;
    upstream: Upstream;
    path: string;
    headers: OutgoingHttpHeaders;
    body?: Uint8Array;
    expectsContinue: boolean;
    requestId: string;
    onError(error: Error): void;
  },
): void {
  const { url, agent } = options.upstream;
  const upstreamRequest = httpRequest({
    hostname: url.hostname,
    port: url.port,
    method: req.method,
    path: options.path,
    headers: options.headers,
    agent,
  });
  upstreamRequest.on('response', (upstreamResponse) => {
    res.writeHead(upstreamResponse.statusCode ?? 502, filterRawHeaders(upstreamResponse.rawHeaders));
    pipeline(upstreamResponse, res, (error) => {
      if (error && !res.writableFinished) res.destroy();
    });
  });
  upstreamRequest.on('error', (error) => {
    if (res.destroyed) return; // the client left first: nothing to answer
    options.onError(error);
    if (!res.headersSent)
      sendError(res, options.service, upstreamFailed(options.service), {
        requestId: options.requestId,
        method: req.method ?? 'GET',
        close: true,
      });
    else res.destroy(error);
  });
  // A client that disconnects before the answer is complete: stop the upstream call too.
  res.on('close', () => {
    if (!res.writableFinished) upstreamRequest.destroy();
  });
  if (options.body !== undefined) {
    upstreamRequest.end(options.body);
    return;
  }
  if (options.expectsContinue) res.writeContinue();
  // pipe, not pipeline: an upstream failure must not destroy the client's socket before the 502 is sent.
  req.pipe(upstreamRequest);
  req.on('error', () => upstreamRequest.destroy());
}
