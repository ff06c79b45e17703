import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got, raw: verify it with `verifiedEvents`. */
export interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  /** The raw body, byte for byte as sent. */
  body: string;
  /** The receiver's answer. */
  status: number;
  at: number;
}

/** How a path answers its n-th request (0-based); `delayMs` holds the answer back. */
export type Answer = { status: number; headers?: Record<string, string>; delayMs?: number };
export type Script = (request: ReceivedRequest, n: number) => Answer | Promise<Answer>;

export interface WebhookEvent {
  type: string;
  timestamp: string;
  data: { id: string; status: string } & Record<string, unknown>;
}

export interface WebhookReceiver {
  baseUrl: string;
  url(path: string): string;
  /** Scripts a path; unscripted paths answer 204. */
  on(path: string, script: Script): void;
  received(path: string): ReceivedRequest[];
  /** Resolves with the path's requests once `done` holds; fails after `timeoutMs`. */
  waitFor(
    path: string,
    done: (requests: ReceivedRequest[]) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A webhook receiver on 127.0.0.1 that records every request and answers as scripted. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const scripts = new Map<string, Script>();
  const counts = new Map<string, number>();
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://receiver').pathname;
    const received: ReceivedRequest = {
      path,
      headers: Object.fromEntries(
        Object.entries(request.headers).map(([name, value]) => [name, [value].flat().join(', ')]),
      ),
      body: await readBody(request),
      status: 0,
      at: Date.now(),
    };
    const n = counts.get(path) ?? 0;
    counts.set(path, n + 1);
    const answer = (await scripts.get(path)?.(received, n)) ?? { status: 204 };
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    received.status = answer.status;
    requests.push(received);
    if (!response.destroyed) {
      response.writeHead(answer.status, answer.headers);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const received = (path: string) => requests.filter((request) => request.path === path);
  return {
    baseUrl,
    url: (path) => `${baseUrl}${path}`,
    on: (path, script) => scripts.set(path, script),
    received,
    waitFor: async (path, done, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!done(received(path))) {
        if (Date.now() > deadline)
          throw new Error(`Receiver ${path}: not there after ${timeoutMs} ms; got ${received(path).length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return received(path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Verifies every request with the reference implementation (`standardwebhooks`) and the secret,
 * then parses it: a request that does not verify throws.
 */
export function verifiedEvents(requests: ReceivedRequest[], secret: string): WebhookEvent[] {
  const webhook = new Webhook(secret);
  return requests.map((request) => webhook.verify(request.body, request.headers) as WebhookEvent);
}
