import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Dispatcher, request } from 'undici';
import {
  type AddressPolicy,
  guardedLookup,
  literalHostRefusal,
  type Resolver,
  systemResolver,
} from '#extraction/address-guard';
import { FetchError, toFetchError } from '#extraction/fetch-error';
import { guardedAgent } from '#extraction/guarded-agent';
import { fetchTimeouts } from '#extraction/timeouts';

// Chromium's only way out (CONNECT for https and ws/wss, absolute URIs for http): each connection
// passes the guarded lookup. Written here as no proxy package takes a `lookup` for its sockets.

export interface GuardProxyOptions {
  policy: AddressPolicy;
  resolve?: Resolver | undefined;
  connectTimeoutMs?: number | undefined;
  headersTimeoutMs?: number | undefined;
  bodyTimeoutMs?: number | undefined;
  /** Each connection the proxy could not make, refused by the guard or not: for the log. */
  onFailure?: ((failure: ProxyFailure) => void) | undefined;
}

export interface ProxyFailure {
  /** `host:port` of a tunnel (https, ws, wss), the URL of a plain http request. */
  target: string;
  error: FetchError;
}

export interface GuardProxy {
  /** `http://127.0.0.1:<port>`, for Chromium's `--proxy-server`. */
  url: string;
  /** Why the proxy failed a request to `url` at or after `since` (epoch ms), if it did. */
  failureFor(url: string, since: number): FetchError | undefined;
  close(): Promise<void>;
}

const maxRemembered = 1000;
// Hop-by-hop headers (RFC 9110 §7.6.1), the proxy's own and Host (undici sets it from the URL).
const hopHeaders = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);

/** Starts the proxy on an ephemeral loopback port. */
export async function startGuardProxy(options: GuardProxyOptions): Promise<GuardProxy> {
  const { policy } = options;
  const resolve = options.resolve ?? systemResolver;
  const connectTimeoutMs = options.connectTimeoutMs ?? fetchTimeouts.connectTimeoutMs;
  const agent = guardedAgent({
    policy,
    resolve,
    connectTimeoutMs,
    headersTimeoutMs: options.headersTimeoutMs ?? fetchTimeouts.headersTimeoutMs,
    bodyTimeoutMs: options.bodyTimeoutMs ?? fetchTimeouts.bodyTimeoutMs,
    keepAliveTimeoutMs: 10_000,
  });
  const failures = new Map<string, { error: FetchError; at: number }>();
  const tunnels = new Set<Socket>();

  const fail = (target: string, error: FetchError) => {
    failures.delete(target);
    failures.set(target, { error, at: Date.now() });
    if (failures.size > maxRemembered) failures.delete(failures.keys().next().value as string);
    options.onFailure?.({ target, error });
  };

  const forward = async (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const url = URL.parse(incoming.url ?? '');
    if (url === null || url.protocol !== 'http:') {
      outgoing.writeHead(400).end();
      return;
    }
    const target = url.href;
    try {
      const refusal = literalHostRefusal(url, policy);
      if (refusal !== null) throw new FetchError('refused-address', target, `Refused to connect: ${refusal}`);
      const answer = await send(agent, url, incoming);
      outgoing.writeHead(answer.statusCode, forwardable(answer.headers));
      await pipeline(answer.body, outgoing);
    } catch (error) {
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      fail(target, toFetchError(error, target, { signal: undefined, timeout: neverAborted }));
      outgoing.writeHead(502, { 'content-length': '0' }).end();
    }
  };

  const tunnel = (incoming: IncomingMessage, client: Duplex, head: Buffer) => {
    const target = (incoming.url ?? '').toLowerCase();
    client.on('error', () => undefined);
    const [, host = '', port = ''] = /^(.+):(\d{1,5})$/u.exec(target) ?? [];
    const url = URL.parse(`http://${host}/`);
    if (url === null || url.host !== host || Number(port) < 1 || Number(port) > 65_535) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const refuse = (error: FetchError) => {
      fail(target, error);
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    };
    const refusal = literalHostRefusal(url, policy);
    if (refusal !== null) {
      refuse(new FetchError('refused-address', target, `Refused to connect: ${refusal}`));
      return;
    }
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const upstream = connect({ host: hostname, port: Number(port), lookup: guardedLookup(resolve, policy) });
    tunnels.add(upstream);
    let connected = false;
    upstream.setTimeout(connectTimeoutMs, () =>
      upstream.destroy(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' })),
    );
    upstream.once('connect', () => {
      connected = true;
      upstream.setTimeout(0);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', (error) => {
      if (connected) client.destroy();
      else refuse(toFetchError(error, target, { signal: undefined, timeout: neverAborted }));
    });
    upstream.on('close', () => {
      tunnels.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
  };

  const server = createServer((incoming, outgoing) => void forward(incoming, outgoing));
  server.on('connect', tunnel);
  server.on('upgrade', (_incoming: IncomingMessage, socket: Duplex) => socket.destroy());
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The guard proxy has no port');

  return {
    url: `http://127.0.0.1:${address.port}`,
    failureFor(url, since) {
      const entry = failures.get(failureKey(url));
      return entry !== undefined && entry.at >= since ? entry.error : undefined;
    },
    async close() {
      for (const socket of tunnels) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await agent.close();
    },
  };
}

/** What the proxy saw of a request to `url`: a tunnel's `host:port`, or the http URL itself. */
export function failureKey(url: string): string {
  const parsed = URL.parse(url);
  if (parsed === null) return url;
  parsed.hash = '';
  if (parsed.protocol === 'http:') return parsed.href;
  const port = parsed.port || (parsed.protocol === 'https:' || parsed.protocol === 'wss:' ? '443' : '80');
  return `${parsed.hostname}:${port}`;
}

const neverAborted = new AbortController().signal;

function send(agent: Dispatcher, url: URL, incoming: IncomingMessage): Promise<Dispatcher.ResponseData> {
  const hasBody = incoming.headers['content-length'] !== undefined || incoming.headers['transfer-encoding'];
  return request(url, {
    dispatcher: agent,
    method: (incoming.method ?? 'GET') as Dispatcher.HttpMethod,
    headers: forwardable(incoming.headers),
    body: hasBody ? incoming : null,
  });
}

function forwardable(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopHeaders.has(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}
