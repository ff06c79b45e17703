// A loopback server that records requests as they arrive on the wire, so tests verify what the
// real SDK sends (its signer, its encoding) rather than a hand-built request.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { closeServer, listen } from '#local/emulators';
import { type GatewayRequest, readRequest } from '#local/iam/request';

export interface Captured {
  request: GatewayRequest;
  method: string;
  url: string;
  headers: NodeJS.Dict<string[]>;
  body: Buffer;
}

export async function startCapture() {
  const captured: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      captured.push({
        request: readRequest(method, url, req.headersDistinct),
        method,
        url,
        headers: req.headersDistinct,
        body: Buffer.concat(chunks),
      });
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{"__type":"InternalServerError","message":"captured"}');
    });
  });
  const port = await listen(server, 0);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    captured,
    /** The last request received. */
    last: () => captured.at(-1)!,
    close: () => closeServer(server),
  };
}

/** A request as the gateway reads it, from a URL and headers (a presigned link fetched). */
export function requestOf(method: string, url: string, headers: IncomingHttpHeaders = {}): GatewayRequest {
  const parsed = new URL(url);
  return readRequest(method, `${parsed.pathname}${parsed.search}`, { host: parsed.host, ...headers });
}
