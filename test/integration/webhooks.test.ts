// Webhooks on the local stack: account and per-task endpoints, every event, signatures checked
// with the reference implementation, retries on the schedule (pauses shortened by the runtime's
// Wait override, not by the definition), timeouts, 410, Retry-After, deletes, and no secret in logs.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TaskView } from '#core/task';
import type { DeliveryAttemptView, WebhookEndpointView } from '#core/webhooks/model';
import { booksScheme } from '#test/helpers/books';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import type { ApiClient } from '#test/helpers/runtime';
import { apiClient, useTestRuntime } from '#test/helpers/runtime';
import { pollTask } from '#test/helpers/tasks';
import { startWebhookReceiver, verifiedEvents, type WebhookReceiver } from '#test/helpers/webhook-receiver';

const ALL_EVENTS = ['task.queued', 'task.running', 'task.completed', 'task.error', 'task.cancelled'];

// Everything the handlers and the runtime write goes through here, to look for secrets at the end.
const output: string[] = [];
const stack = useTestRuntime({
  env: {
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
    DFK_PROGRESS_SECONDS: '0.2',
    // A receiver has two seconds per attempt here (15 s deployed): long enough for a receiver that
    // calls the API before it answers, on a loaded machine, and for a slow one to be seen timed out.
    DFK_WEBHOOK_TIMEOUT_SECONDS: '2',
  },
  log: (message) => output.push(message),
});
const secrets: string[] = [];

/** Events in lifecycle order: two deliveries started one after the other may arrive either way. */
const inLifecycleOrder = <T extends { type: string }>(events: T[]) =>
  [...events].sort((a, b) => ALL_EVENTS.indexOf(a.type) - ALL_EVENTS.indexOf(b.type));

let receiver: WebhookReceiver;
let site: FixtureSite;
let slowSite: FixtureSite;

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      output.push(String(chunk));
      return write(chunk, ...rest);
    }) as typeof stream.write);
  }
  receiver = await startWebhookReceiver();
  site = await startFixtureSite({ pages: 1, perPage: 2 });
  slowSite = await startFixtureSite({ pages: 200, perPage: 3, delayMs: 60 });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await receiver?.close();
  await site?.close();
  await slowSite?.close();
});

/** A client of a fresh account: account endpoints see only their own account's tasks. */
async function newAccount(name: string): Promise<ApiClient> {
  const apiKey = await stack.runtime.createApiKey(`${name}-${Math.random().toString(36).slice(2, 8)}`);
  return apiClient({ ...stack.runtime, apiKey });
}

async function createEndpoint(api: ApiClient, path: string, events?: string[]) {
  const response = await api<WebhookEndpointView & { secret: string }>('POST', '/webhooks', {
    url: receiver.url(path),
    ...(events ? { events } : {}),
  });
  expect(response.status, response.text).toBe(201);
  secrets.push(response.body.secret);
  return response.body;
}

type CreatedTask = TaskView & { webhookSecret?: string };

async function createTask(api: ApiClient, body: Record<string, unknown>) {
  const response = await api<CreatedTask>('POST', '/tasks/create', body);
  expect(response.status, response.text).toBe(201);
  if (response.body.webhookSecret) secrets.push(response.body.webhookSecret);
  return response.body;
}

async function deliveries(api: ApiClient, endpointId: string) {
  const response = await api<DeliveryAttemptView[]>('GET', `/webhooks/${endpointId}/deliveries`);
  expect(response.status, response.text).toBe(200);
  return response.body;
}

/** Waits until the endpoint's log shows `count` attempts and the last one ended the delivery. */
async function settledLog(api: ApiClient, endpointId: string, count: number) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const log = await deliveries(api, endpointId);
    if (log.length >= count && log[0]?.delivery !== 'retrying') return log;
    if (Date.now() > deadline) throw new Error(`Log of ${endpointId}: ${JSON.stringify(log)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const seconds = (from: string, to: string | null) => (Date.parse(`${to}Z`) - Date.parse(`${from}Z`)) / 1000;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('account endpoints', () => {
  it('are created with a whsec_ secret shown once, listed without it, deleted', async () => {
    const api = await newAccount('endpoints');
    const created = await createEndpoint(api, '/listed', ['task.completed', 'task.completed', 'task.error']);
    expect(created).toMatchObject({
      id: expect.stringMatching(/^[0-9A-Za-z]{24}$/),
      url: receiver.url('/listed'),
      events: ['task.completed', 'task.error'],
      status: 'enabled',
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
    });
    expect(Buffer.from(created.secret.replace(/^whsec_/, ''), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);

    const defaults = await createEndpoint(api, '/defaults');
    expect(defaults.events).toEqual(['task.completed', 'task.error', 'task.cancelled']);

    const listed = await api<WebhookEndpointView[]>('GET', '/webhooks');
    expect(listed.status).toBe(200);
    expect(listed.body.map((endpoint) => endpoint.id)).toEqual([created.id, defaults.id]);
    expect(listed.text).not.toContain('whsec_');

    const other = await newAccount('other');
    expect((await other<unknown[]>('GET', '/webhooks')).body).toEqual([]);
    expect((await other('DELETE', `/webhooks/${created.id}`)).status).toBe(404);
    expect((await other('GET', `/webhooks/${created.id}/deliveries`)).status).toBe(404);

    expect((await api('DELETE', `/webhooks/${created.id}`)).status).toBe(204);
    expect((await api('DELETE', `/webhooks/${created.id}`)).status).toBe(404);
    expect((await api('GET', '/webhooks/not-an-id/deliveries')).status).toBe(404);
    expect((await api<WebhookEndpointView[]>('GET', '/webhooks')).body.map((e) => e.id)).toEqual([
      defaults.id,
    ]);
  });

  it('refuse a URL that is not http(s), unknown events and unknown fields with a 400 naming the field', async () => {
    const api = await newAccount('invalid');
    const cases: [unknown, string][] = [
      [{ url: 'ftp://example.com/hook' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: receiver.url('/x'), events: ['task.exploded'] }, 'events.0'],
      [{ url: receiver.url('/x'), events: [] }, 'events'],
      [{ url: receiver.url('/x'), secret: 'mine' }, 'secret'],
      [{}, 'url'],
    ];
    for (const [body, path] of cases) {
      const response = await api<{ error: { code: string; details: { path: string }[] } }>(
        'POST',
        '/webhooks',
        body,
      );
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.details.map((detail) => detail.path)).toContain(path);
    }
    expect((await api<unknown[]>('GET', '/webhooks')).body).toEqual([]);
  });

  it('are 25 at most, however many creates race; a delete frees one; tasks’ own webhooks do not count', async () => {
    const api = await newAccount('limit');
    const createAll = (count: number) =>
      Promise.all(
        Array.from({ length: count }, (_, n) =>
          api<{ id: string; secret: string; error: { code: string; message: string } }>('POST', '/webhooks', {
            url: receiver.url(`/limit/${n}`),
          }),
        ),
      );
    const byStatus = (responses: { status: number }[]) =>
      responses.reduce<Record<number, number>>((counts, { status }) => {
        counts[status] = (counts[status] ?? 0) + 1;
        return counts;
      }, {});

    const responses = await createAll(40);
    expect(byStatus(responses)).toEqual({ 201: 25, 409: 15 });
    for (const response of responses) {
      if (response.status === 201) secrets.push(response.body.secret);
      else
        expect(response.body.error).toEqual({
          code: 'conflict',
          message: 'An account may have at most 25 webhook endpoints',
        });
    }
    const listed = await api<WebhookEndpointView[]>('GET', '/webhooks');
    expect(listed.body).toHaveLength(25);

    await createTask(api, { scheme: booksScheme(site), webhook: receiver.url('/limit/task') });
    const [gone] = listed.body;
    const deletes = await Promise.all([1, 2, 3].map(() => api('DELETE', `/webhooks/${gone?.id}`)));
    const statuses = deletes.map((response) => response.status);
    expect(statuses).toContain(204);
    expect(statuses.filter((status) => status !== 204 && status !== 404)).toEqual([]);
    const again = await createAll(5);
    expect(byStatus(again)).toEqual({ 201: 1, 409: 4 });
    for (const response of again) if (response.status === 201) secrets.push(response.body.secret);
    expect((await api<WebhookEndpointView[]>('GET', '/webhooks')).body).toHaveLength(25);
  });

  it('receive each event of a task, signed, after the transition; store works on task.completed', async () => {
    const api = await newAccount('events');
    const endpoint = await createEndpoint(api, '/account-events', ALL_EVENTS);
    // A receiver acknowledges at once and works afterwards: this one asks for the results.
    let storeOnCompleted: Promise<number> | undefined;
    receiver.on('/account-events', async (request) => {
      const event = JSON.parse(request.body) as { type: string; data: { id: string } };
      if (event.type === 'task.completed')
        storeOnCompleted = api('POST', `/tasks/${event.data.id}/store`).then((response) => response.status);
      return { status: 200 };
    });

    const task = await createTask(api, { scheme: booksScheme(site), run: true });
    const requests = await receiver.waitFor('/account-events', (got) => got.length >= 3);
    await stack.runtime.executions.settled();

    const events = inLifecycleOrder(verifiedEvents(receiver.received('/account-events'), endpoint.secret));
    expect(events.map((event) => event.type)).toEqual(['task.queued', 'task.running', 'task.completed']);
    expect(events.map((event) => [event.data.id, event.data.status])).toEqual([
      [task.id, 'queued'],
      [task.id, 'running'],
      [task.id, 'completed'],
    ]);
    for (const event of events) expect(Date.parse(event.timestamp)).not.toBeNaN();
    const ids = requests.map((request) => request.headers['webhook-id']);
    expect(new Set(ids).size).toBe(3);
    expect(requests[0]?.headers['content-type']).toBe('application/json');
    expect(await storeOnCompleted).toBe(200);

    const log = await deliveries(api, endpoint.id);
    expect(log.map((entry) => [entry.event, entry.attempt, entry.status, entry.delivery])).toEqual(
      expect.arrayContaining([
        ['task.queued', 1, 200, 'succeeded'],
        ['task.running', 1, 200, 'succeeded'],
        ['task.completed', 1, 200, 'succeeded'],
      ]),
    );
    expect(log).toHaveLength(3);
  });

  it('receive task.cancelled for a task cancelled before it ran, and only the events subscribed', async () => {
    const api = await newAccount('cancel-early');
    const endpoint = await createEndpoint(api, '/cancel-early', ['task.cancelled', 'task.queued']);
    const task = await createTask(api, { scheme: booksScheme(site) });
    expect((await api('POST', `/tasks/${task.id}/cancel`)).status).toBe(200);
    expect((await api('POST', `/tasks/${task.id}/cancel`)).status).toBe(200);
    await receiver.waitFor('/cancel-early', (got) => got.length >= 1);
    await stack.runtime.executions.settled();
    const events = verifiedEvents(receiver.received('/cancel-early'), endpoint.secret);
    expect(events.map((event) => [event.type, event.data.id, event.data.status])).toEqual([
      ['task.cancelled', task.id, 'cancelled'],
    ]);
  });

  it('receive task.cancelled for a running task once its partial results are ready', async () => {
    const api = await newAccount('cancel-running');
    const endpoint = await createEndpoint(api, '/cancel-running');
    let storeOnCancelled = 0;
    receiver.on('/cancel-running', async (request) => {
      const event = JSON.parse(request.body) as { data: { id: string } };
      storeOnCancelled = (await api('POST', `/tasks/${event.data.id}/store`)).status;
      return { status: 200 };
    });
    const task = await createTask(api, {
      scheme: booksScheme(slowSite, { paginator: { nextPageSelector: 'li.next a', pageNum: 200 } }),
      run: true,
    });
    await pollTask(api, task.id, (t) => t.status === 'running' && t.requests >= 3);
    expect((await api('POST', `/tasks/${task.id}/cancel`)).status).toBe(200);
    await receiver.waitFor('/cancel-running', (got) => got.length >= 1);
    await stack.runtime.executions.settled();
    const events = verifiedEvents(receiver.received('/cancel-running'), endpoint.secret);
    expect(events.map((event) => [event.type, event.data.status])).toEqual([['task.cancelled', 'cancelled']]);
    expect(storeOnCancelled).toBe(200);
  });

  it('receive task.error with the reason when the task fails', async () => {
    const api = await newAccount('error');
    const endpoint = await createEndpoint(api, '/error');
    const port = await closedPort();
    const task = await createTask(api, {
      scheme: booksScheme({ startUrl: `http://127.0.0.1:${port}/` }, { retries: 0 }),
      run: true,
    });
    await receiver.waitFor('/error', (got) => got.length >= 1);
    const [event] = verifiedEvents(receiver.received('/error'), endpoint.secret);
    expect(event).toMatchObject({ type: 'task.error', data: { id: task.id, status: 'error' } });
    expect(event?.data.error).toEqual(expect.any(String));
  });
});

describe('per-task webhooks', () => {
  it('{url, events} in create: webhookSecret once, every subscribed event signed with it', async () => {
    const api = await newAccount('task-hook');
    const task = await createTask(api, {
      scheme: booksScheme(site),
      run: true,
      webhook: { url: receiver.url('/task-hook'), events: ALL_EVENTS },
    });
    expect(task.webhookSecret).toMatch(/^whsec_/);
    expect(task.status).toBe('queued');
    await receiver.waitFor('/task-hook', (got) => got.length >= 3);
    await stack.runtime.executions.settled();
    const events = inLifecycleOrder(
      verifiedEvents(receiver.received('/task-hook'), task.webhookSecret as string),
    );
    expect(events.map((event) => event.type)).toEqual(['task.queued', 'task.running', 'task.completed']);

    const info = await api<Record<string, unknown>>('GET', `/tasks/${task.id}`);
    expect(info.body).not.toHaveProperty('webhookSecret');
    // A task's webhook is not one of the account's; its log is under the task's id.
    expect((await api<unknown[]>('GET', '/webhooks')).body).toEqual([]);
    const log = await deliveries(api, task.id);
    expect(log.map((entry) => entry.event).sort()).toEqual(['task.completed', 'task.queued', 'task.running']);
  });

  it('a bare URL string means the default events: only the final one arrives', async () => {
    const api = await newAccount('bare');
    const task = await createTask(api, {
      scheme: booksScheme(site),
      run: true,
      webhook: receiver.url('/bare'),
    });
    await receiver.waitFor('/bare', (got) => got.length >= 1);
    await stack.runtime.executions.settled();
    const events = verifiedEvents(receiver.received('/bare'), task.webhookSecret as string);
    expect(events.map((event) => [event.type, event.data.id])).toEqual([['task.completed', task.id]]);
  });

  it('an invalid webhook is a 400 on webhook.url and creates no task', async () => {
    const api = await newAccount('bad-hook');
    for (const webhook of ['gopher://x', { url: 'nope' }, { url: receiver.url('/x'), events: ['task.x'] }]) {
      const response = await api<{ error: { details: { path: string }[] } }>('POST', '/tasks/create', {
        scheme: booksScheme(site),
        webhook,
      });
      expect(response.status, JSON.stringify(webhook)).toBe(400);
      expect(response.body.error.details[0]?.path).toMatch(/^webhook/);
    }
    expect((await api<unknown[]>('GET', '/tasks')).body).toEqual([]);
  });
});

describe('delivery', () => {
  it('retries a receiver that fails three times: four attempts logged, one success, one webhook-id', async () => {
    const api = await newAccount('flaky');
    const endpoint = await createEndpoint(api, '/flaky');
    receiver.on('/flaky', (_request, n) => ({ status: n < 3 ? 500 : 200 }));
    await createTask(api, { scheme: booksScheme(site), run: true });

    const log = await settledLog(api, endpoint.id, 4);
    expect(log.map((entry) => [entry.attempt, entry.status, entry.delivery])).toEqual([
      [4, 200, 'succeeded'],
      [3, 500, 'retrying'],
      [2, 500, 'retrying'],
      [1, 500, 'retrying'],
    ]);
    expect(new Set(log.map((entry) => entry.webhookId)).size).toBe(1);
    expect(log[0]?.nextRetry).toBeNull();
    // The schedule: 5 s, 5 min, 30 min after each failure, ±10 % (times are whole seconds).
    const [fourth, third, second, first] = log as [DeliveryAttemptView, ...DeliveryAttemptView[]];
    expect(seconds(first!.time, first!.nextRetry)).toBeGreaterThanOrEqual(3);
    expect(seconds(first!.time, first!.nextRetry)).toBeLessThanOrEqual(7);
    expect(seconds(second!.time, second!.nextRetry)).toBeGreaterThanOrEqual(269);
    expect(seconds(second!.time, second!.nextRetry)).toBeLessThanOrEqual(331);
    expect(seconds(third!.time, third!.nextRetry)).toBeGreaterThanOrEqual(1619);
    expect(seconds(third!.time, third!.nextRetry)).toBeLessThanOrEqual(1981);
    expect(fourth.reason).toBeNull();

    const requests = receiver.received('/flaky');
    expect(requests).toHaveLength(4);
    expect(new Set(requests.map((request) => request.headers['webhook-id']))).toEqual(
      new Set([log[0]?.webhookId]),
    );
    expect(verifiedEvents(requests, endpoint.secret).every((event) => event.type === 'task.completed')).toBe(
      true,
    );
    const execution = stack.runtime.executions.get(log[0]?.webhookId as string);
    expect(execution?.status).toBe('SUCCEEDED');
  });

  it('keeps a delivery to a receiver that is down throughout as failed, every attempt logged', async () => {
    const api = await newAccount('down');
    const port = await closedPort();
    const response = await api<WebhookEndpointView & { secret: string }>('POST', '/webhooks', {
      url: `http://127.0.0.1:${port}/down`,
    });
    secrets.push(response.body.secret);
    await createTask(api, { scheme: booksScheme(site), run: true });

    const log = await settledLog(api, response.body.id, 10);
    expect(log).toHaveLength(10);
    expect(log.map((entry) => entry.attempt)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(log.every((entry) => entry.status === null && entry.error === 'Connection refused')).toBe(true);
    expect(log[0]).toMatchObject({
      delivery: 'failed',
      nextRetry: null,
      reason: 'No success after 10 attempts',
    });
    expect(log.slice(1).every((entry) => entry.delivery === 'retrying' && entry.nextRetry !== null)).toBe(
      true,
    );
    const execution = await stack.runtime.executions.waitFor(log[0]?.webhookId as string);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('DeliveryFailed');
  });

  it('counts no answer within the timeout as a failure and retries', async () => {
    const api = await newAccount('slow');
    const endpoint = await createEndpoint(api, '/slow');
    receiver.on('/slow', (_request, n) => ({ status: 200, delayMs: n === 0 ? 4_000 : 0 }));
    await createTask(api, { scheme: booksScheme(site), run: true });
    const log = await settledLog(api, endpoint.id, 2);
    expect(log.map((entry) => [entry.attempt, entry.status, entry.error, entry.delivery])).toEqual([
      [2, 200, null, 'succeeded'],
      [1, null, 'No answer within 2 s', 'retrying'],
    ]);
    expect(log[1]?.durationMs).toBeGreaterThanOrEqual(1_950);
    expect(log[1]?.durationMs).toBeLessThan(3_900);
  });

  it('counts a redirect as a failure, not following it', async () => {
    const api = await newAccount('redirect');
    const endpoint = await createEndpoint(api, '/redirect');
    receiver.on('/redirect', (_request, n) =>
      n === 0 ? { status: 302, headers: { location: receiver.url('/elsewhere') } } : { status: 200 },
    );
    await createTask(api, { scheme: booksScheme(site), run: true });
    const log = await settledLog(api, endpoint.id, 2);
    expect(log.map((entry) => entry.status)).toEqual([200, 302]);
    expect(receiver.received('/elsewhere')).toEqual([]);
  });

  it('honours Retry-After on 429 (a longer pause than the schedule’s)', async () => {
    const api = await newAccount('busy');
    const endpoint = await createEndpoint(api, '/busy');
    receiver.on('/busy', (_request, n) =>
      n === 0 ? { status: 429, headers: { 'retry-after': '120' } } : { status: 200 },
    );
    await createTask(api, { scheme: booksScheme(site), run: true });
    const log = await settledLog(api, endpoint.id, 2);
    const first = log[1] as DeliveryAttemptView;
    expect(first.status).toBe(429);
    expect(seconds(first.time, first.nextRetry)).toBeGreaterThanOrEqual(119);
    expect(seconds(first.time, first.nextRetry)).toBeLessThanOrEqual(121);
  });

  it('disables an endpoint that answers 410 Gone: visible in the list, nothing more sent to it', async () => {
    const api = await newAccount('gone');
    const endpoint = await createEndpoint(api, '/gone');
    receiver.on('/gone', () => ({ status: 410 }));
    await createTask(api, { scheme: booksScheme(site), run: true });
    await receiver.waitFor('/gone', (got) => got.length >= 1);
    await stack.runtime.executions.settled();

    const listed = await api<WebhookEndpointView[]>('GET', '/webhooks');
    expect(listed.body[0]).toMatchObject({
      id: endpoint.id,
      status: 'disabled',
      disabledAt: expect.any(String),
      disabledReason: 'The endpoint answered 410 Gone and was disabled',
    });
    // The next task's events are not sent to it.
    const next = await createTask(api, { scheme: booksScheme(site), run: true });
    await pollTask(api, next.id, (t) => t.status === 'completed');
    await stack.runtime.executions.settled();
    expect(receiver.received('/gone')).toHaveLength(1);
    const log = await deliveries(api, endpoint.id);
    expect(log).toEqual([
      expect.objectContaining({ attempt: 1, status: 410, delivery: 'failed', nextRetry: null }),
    ]);
  });

  it('ends a deleted task’s pending deliveries: its own webhook’s at the next attempt, the account’s as usual', async () => {
    const api = await newAccount('deleted');
    const endpoint = await createEndpoint(api, '/deleted-account');
    receiver.on('/deleted-account', (_request, n) => ({ status: n === 0 ? 503 : 200 }));
    // The delete must finish within the attempt's 2 s: a warm container answers in time, a cold start may not.
    expect((await api('DELETE', '/tasks/000000000000000000000000')).status).toBe(404);
    let deleted = 0;
    let deleting = false;
    receiver.on('/deleted-own', async (request) => {
      const event = JSON.parse(request.body) as { data: { id: string } };
      if (!deleting) {
        deleting = true;
        deleted = (await api('DELETE', `/tasks/${event.data.id}`)).status;
      }
      return { status: 500 };
    });
    const task = await createTask(api, {
      scheme: booksScheme(site),
      run: true,
      webhook: receiver.url('/deleted-own'),
    });
    await receiver.waitFor('/deleted-own', (got) => got.length >= 1);
    await stack.runtime.executions.settled();

    expect(deleted).toBe(204);
    expect((await api('GET', `/tasks/${task.id}`)).status).toBe(404);
    expect(receiver.received('/deleted-own')).toHaveLength(1);
    expect((await api('GET', `/webhooks/${task.id}/deliveries`)).status).toBe(404);
    const own = stack.runtime.executions
      .list()
      .filter((execution) => JSON.parse(execution.input).delivery?.endpointId === task.id);
    expect(own.map((execution) => execution.status)).toEqual(['FAILED']);

    const log = await settledLog(api, endpoint.id, 2);
    expect(log.map((entry) => [entry.attempt, entry.status, entry.delivery])).toEqual([
      [2, 200, 'succeeded'],
      [1, 503, 'retrying'],
    ]);
  });

  it('pages the delivery log newest first, the next page in the Link header without the key', async () => {
    const api = await newAccount('pages');
    const port = await closedPort();
    const created = await api<WebhookEndpointView & { secret: string }>('POST', '/webhooks', {
      url: `http://127.0.0.1:${port}/pages`,
    });
    secrets.push(created.body.secret);
    await createTask(api, { scheme: booksScheme(site), run: true });
    const all = await settledLog(api, created.body.id, 10);
    const first = await api<DeliveryAttemptView[]>(
      'GET',
      `/webhooks/${created.body.id}/deliveries`,
      undefined,
      {
        query: { limit: '4' },
      },
    );
    expect(first.body.map((entry) => entry.attempt)).toEqual([10, 9, 8, 7]);
    const link = first.headers.get('link') ?? '';
    expect(link).toMatch(/rel="next"/);
    expect(link).not.toContain('api_key');
    const nextUrl = /<([^>]+)>/.exec(link)?.[1] as string;
    const second = await api<DeliveryAttemptView[]>('GET', nextUrl);
    expect(second.body.map((entry) => entry.attempt)).toEqual([6, 5, 4, 3]);
    expect(all).toHaveLength(10);
    const bad = await api('GET', `/webhooks/${created.body.id}/deliveries`, undefined, {
      query: { cursor: 'garbage' },
    });
    expect(bad.status).toBe(400);
  });
});

describe('the API description', () => {
  it('has the webhook endpoints and the events the service sends', async () => {
    const response = await stack.api<{
      paths: Record<string, Record<string, unknown>>;
      webhooks: Record<string, { post: { parameters: { name: string }[] } }>;
    }>('GET', '/openapi.json', undefined, { apiKey: null });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths['/v1/webhooks'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(response.body.paths['/v1/webhooks/{id}'] ?? {})).toEqual(['delete']);
    expect(Object.keys(response.body.paths['/v1/webhooks/{id}/deliveries'] ?? {})).toEqual(['get']);
    expect(Object.keys(response.body.webhooks).sort()).toEqual([...ALL_EVENTS].sort());
    expect(response.body.webhooks['task.completed']?.post.parameters.map((p) => p.name)).toEqual([
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ]);
  });
});

describe('secrets', () => {
  it('never appear in logs, execution histories or listings', async () => {
    await stack.runtime.executions.settled();
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    const logged = output.join('\n');
    expect(logged.length).toBeGreaterThan(0);
    const executions = JSON.stringify(stack.runtime.executions.list());
    expect(executions).toContain('delivery');
    for (const secret of secrets) {
      const key = secret.replace(/^whsec_/, '');
      expect(logged).not.toContain(key);
      expect(executions).not.toContain(key);
    }
    expect(logged).not.toContain('whsec_');
    expect(executions).not.toContain('whsec_');
  });
});
