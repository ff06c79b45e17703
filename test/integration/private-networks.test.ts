// A deployment's default: no fetch may reach loopback or private addresses, redirects included.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { useTestRuntime } from '#test/helpers/runtime';
import { isFinished, pollTask } from '#test/helpers/tasks';

const stack = useTestRuntime({ env: { DFK_ALLOW_PRIVATE_NETWORKS: 'false' } });
let server: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  // Would redirect to a loopback page; with private networks denied no request may arrive at all.
  server = createServer((_req, res) => {
    hits++;
    res.writeHead(302, { location: `${base}/target.html` }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('with private networks denied', () => {
  it.each([
    ['a loopback address', () => `${base}/redirect.html`],
    ['a name that resolves to loopback', () => `${base.replace('127.0.0.1', 'localhost')}/redirect.html`],
  ])('refuses %s: the task ends in error and the site never sees a request', async (_name, url) => {
    const scheme = {
      name: 'ssrf',
      request: { url: url(), type: 'base' },
      fields: [{ name: 'H', selector: 'h1', type: 1, attrs: ['text'] }],
      // robots.txt would be refused first; without it the page fetch itself meets the guard
      respectRobotsTxt: false,
    };
    const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme, run: true });
    const done = await pollTask(stack.api, created.body.id, isFinished);
    expect(done.status).toBe('error');
    expect(done.error).toMatch(/Refused to connect.*127\.0\.0\.1 is a loopback address/);
    expect(done.error).not.toMatch(/robots/);
    expect(done.requests).toBe(0);
    expect(hits).toBe(0);
  });
});
