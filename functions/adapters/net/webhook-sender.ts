import { request } from 'undici';
import type { SendWebhook } from '#core/ports/webhook-sender';
import {
  AddressRefusedError,
  addressPolicyFor,
  literalHostRefusal,
  type Resolver,
} from '#extraction/address-guard';
import { guardedAgent } from '#extraction/guarded-agent';

export interface WebhookSenderOptions {
  /** Lets deliveries reach loopback and private networks (local runs only). */
  allowPrivateNetworks: boolean;
  /** The whole attempt's budget: connect, send, and the answer's status and headers. */
  timeoutMs: number;
  userAgent?: string;
  resolve?: Resolver;
}

/**
 * POSTs one signed delivery through an undici agent whose connect step checks every address
 * (the SSRF guard of page fetches); redirects are not followed, a 3xx is an answer like any other.
 */
export function createWebhookSender(options: WebhookSenderOptions): SendWebhook & { close(): Promise<void> } {
  const policy = addressPolicyFor(options.allowPrivateNetworks);
  const agent = guardedAgent({
    policy,
    resolve: options.resolve,
    connectTimeoutMs: options.timeoutMs,
    headersTimeoutMs: options.timeoutMs,
    bodyTimeoutMs: options.timeoutMs,
    keepAliveTimeoutMs: 4_000,
  });
  const seconds = `${Math.round(options.timeoutMs / 100) / 10} s`;

  const send: SendWebhook = async ({ url, headers, body }) => {
    const target = URL.parse(url);
    if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:'))
      return { status: null, error: 'Not an http(s) URL', timedOut: false };
    const refusal = literalHostRefusal(target, policy);
    if (refusal !== null) return { status: null, error: `Refused to connect: ${refusal}`, timedOut: false };
    const timeout = AbortSignal.timeout(options.timeoutMs);
    try {
      const response = await request(target, {
        dispatcher: agent,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': options.userAgent ?? 'DataflowTasks-Webhooks/0.1',
          ...headers,
        },
        body,
        signal: timeout,
      });
      // The answer's body is not kept; reading a little of it lets the connection be reused.
      await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      const retryAfter = response.headers['retry-after'];
      return {
        status: response.statusCode,
        retryAfter: (Array.isArray(retryAfter) ? retryAfter[0] : retryAfter) ?? null,
      };
    } catch (error) {
      if (timeout.aborted || isTimeout(error))
        return { status: null, error: `No answer within ${seconds}`, timedOut: true };
      return { status: null, error: describe(error), timedOut: false };
    }
  };
  return Object.assign(send, { close: () => agent.close() });
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function causes(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    out.push(current);
    current = current instanceof Error ? current.cause : undefined;
  }
  return out;
}

const codeOf = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

function isTimeout(error: unknown): boolean {
  return causes(error).some((inner) => TIMEOUT_CODES.has(codeOf(inner) ?? ''));
}

/** A short reason for the log; it names the failure, never the URL (which may carry credentials). */
function describe(error: unknown): string {
  const all = causes(error);
  const refused = all.find((inner) => inner instanceof AddressRefusedError);
  if (refused instanceof Error) return refused.message;
  const code = all.map(codeOf).find((value) => value !== undefined);
  switch (code) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ENOTFOUND':
      return 'The host name does not resolve';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'The connection was closed before an answer';
    default:
      return code ? `Could not deliver (${code})` : 'Could not deliver';
  }
}
