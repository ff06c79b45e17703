import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookSender } from '#adapters/net/webhook-sender';
import { webhookUrlProblem } from '#core/webhooks/endpoint-url';
import type { Resolver } from '#extraction/address-guard';

const resolveTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
const unresolvable: Resolver = async () => {
  throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
};

describe('webhookUrlProblem', () => {
  const deployed = { allowPrivateNetworks: false, resolve: resolveTo('93.184.216.34') };

  it('accepts an http(s) URL of a public host', async () => {
    expect(await webhookUrlProblem('https://hooks.example.com/in', deployed)).toBeNull();
    expect(await webhookUrlProblem('http://93.184.216.34:8080/x', deployed)).toBeNull();
  });

  it.each([
    'ftp://example.com/x',
    'not a url',
    'http://127.0.0.1/x',
    'http://127.1/x',
    'http://017700000001/x',
    'http://[::1]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://10.0.0.1/x',
    'http://169.254.169.254/latest/meta-data',
    'http://localhost:3000/x',
    'http://api.localhost/x',
  ])('refuses %s in a deployment', async (url) => {
    expect(await webhookUrlProblem(url, deployed)).toEqual(expect.any(String));
  });

  it('refuses a name that resolves only to private addresses, or not at all', async () => {
    const resolvesPrivate = { allowPrivateNetworks: false, resolve: resolveTo('10.1.2.3', '::1') };
    expect(await webhookUrlProblem('https://internal.example.com/', resolvesPrivate)).toMatch(/private/);
    const none = { allowPrivateNetworks: false, resolve: unresolvable };
    expect(await webhookUrlProblem('https://nowhere.example/', none)).toMatch(/does not resolve/);
  });

  it('accepts loopback where private networks are allowed (the local stack)', async () => {
    const local = { allowPrivateNetworks: true, resolve: unresolvable };
    expect(await webhookUrlProblem('http://127.0.0.1:9000/hook', local)).toBeNull();
    expect(await webhookUrlProblem('ftp://127.0.0.1/hook', local)).toEqual(expect.any(String));
  });
});

describe('createWebhookSender', () => {
  let server: Server;
  let port = 0;
  const seen: { method?: string; headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      seen.push({ method: request.method, headers: request.headers, body: Buffer.concat(chunks).toString() });
      if (request.url === '/slow') await new Promise((resolve) => setTimeout(resolve, 500));
      response.writeHead(request.url === '/busy' ? 429 : 200, { 'retry-after': '30' });
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('POSTs the body with its headers and reports the status and Retry-After', async () => {
    const send = createWebhookSender({ allowPrivateNetworks: true, timeoutMs: 2_000 });
    const answer = await send({
      url: `http://127.0.0.1:${port}/busy`,
      headers: { 'webhook-id': 'm' },
      body: '{}',
    });
    expect(answer).toEqual({ status: 429, retryAfter: '30' });
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      body: '{}',
      headers: { 'webhook-id': 'm', 'content-type': 'application/json' },
    });
    await send.close();
  });

  it('gives up at the timeout', async () => {
    const send = createWebhookSender({ allowPrivateNetworks: true, timeoutMs: 150 });
    const answer = await send({ url: `http://127.0.0.1:${port}/slow`, headers: {}, body: '{}' });
    expect(answer).toEqual({ status: null, error: 'No answer within 0.2 s', timedOut: true });
    await send.close();
  });

  it('never connects to a private address in a deployment, by literal or by name', async () => {
    const before = seen.length;
    const send = createWebhookSender({
      allowPrivateNetworks: false,
      timeoutMs: 2_000,
      resolve: resolveTo('127.0.0.1'),
    });
    const literal = await send({ url: `http://127.0.0.1:${port}/`, headers: {}, body: '{}' });
    expect(literal).toMatchObject({ status: null, error: expect.stringMatching(/Refused.*loopback/) });
    const named = await send({ url: `http://hooks.example.com:${port}/`, headers: {}, body: '{}' });
    expect(named).toMatchObject({ status: null, error: expect.stringMatching(/Refused.*loopback/) });
    expect(seen.length).toBe(before);
    await send.close();
  });
});
