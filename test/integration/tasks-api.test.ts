// Listing, account isolation and bad input, over real HTTP against the local stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { booksScheme } from '#test/helpers/books';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { useTestRuntime } from '#test/helpers/runtime';

const stack = useTestRuntime();
let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite({ pages: 1, perPage: 1 });
});

afterAll(async () => {
  await site.close();
});

async function createMany(count: number, apiKey?: string): Promise<TaskView[]> {
  const created: TaskView[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, () =>
        stack.api<TaskView>('POST', '/tasks/create', { scheme: booksScheme(site) }, { apiKey }),
      ),
    );
    for (const response of batch) {
      expect(response.status).toBe(201);
      created.push(response.body);
    }
  }
  return created;
}

async function listAll(
  query: Record<string, string>,
  apiKey?: string,
): Promise<{ pages: number; tasks: TaskView[] }> {
  let response = await stack.api<TaskView[]>('GET', '/tasks', undefined, { query, apiKey });
  const tasks: TaskView[] = [];
  let pages = 0;
  for (;;) {
    expect(response.status).toBe(200);
    pages++;
    tasks.push(...response.body);
    const link = response.headers.get('link');
    if (!link) break;
    const next = /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
    expect(next).toBeDefined();
    expect(next).not.toContain('api_key');
    response = await stack.api<TaskView[]>('GET', next as string, undefined, { apiKey });
  }
  return { pages, tasks };
}

describe('list', () => {
  let otherKey: string;
  let mine: TaskView[];

  beforeAll(async () => {
    otherKey = await stack.runtime.createApiKey('other-account');
    mine = await createMany(260);
    await createMany(15, otherKey);
  }, 120_000);

  it('pages through every task of the account in creation order', async () => {
    const { pages, tasks } = await listAll({ limit: '100' });
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(tasks).toHaveLength(mine.length);
    expect(new Set(tasks.map((task) => task.id))).toEqual(new Set(mine.map((task) => task.id)));
    const created = tasks.map((task) => task.createdAt);
    expect(created).toEqual([...created].sort());
  });

  it('lists newest first with order=desc and the same tasks', async () => {
    const asc = await listAll({ limit: '1000' });
    const desc = await listAll({ limit: '70', order: 'desc' });
    expect(asc.pages).toBe(1);
    expect(desc.tasks.map((task) => task.id)).toEqual(asc.tasks.map((task) => task.id).reverse());
  });

  it('filters by status with pages that stay full', async () => {
    const cancelled = mine.slice(0, 25);
    for (const task of cancelled)
      expect((await stack.api('POST', `/tasks/${task.id}/cancel`)).status).toBe(200);
    const first = await stack.api<TaskView[]>('POST', '/tasks', undefined, {
      query: { status: 'cancelled', limit: '10' },
    });
    expect(first.body).toHaveLength(10);
    const { tasks } = await listAll({ status: 'cancelled', limit: '10' });
    expect(new Set(tasks.map((task) => task.id))).toEqual(new Set(cancelled.map((task) => task.id)));
    expect(tasks.every((task) => task.status === 'cancelled')).toBe(true);
  });

  it('shows another account only its own tasks', async () => {
    const { tasks } = await listAll({}, otherKey);
    expect(tasks).toHaveLength(15);
    expect(tasks.some((task) => mine.some((m) => m.id === task.id))).toBe(false);
  });

  it('refuses a bad limit, status, order or cursor with the field named', async () => {
    for (const [query, path] of [
      [{ limit: '0' }, 'limit'],
      [{ limit: '1001' }, 'limit'],
      [{ status: 'done' }, 'status'],
      [{ order: 'sideways' }, 'order'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
    ] as const) {
      const response = await stack.api<{ error: { code: string; details: { path: string }[] } }>(
        'GET',
        '/tasks',
        undefined,
        { query },
      );
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('bad_request');
      expect(response.body.error.details.map((detail) => detail.path)).toContain(path);
    }
  });

  it('hands out opaque cursors, and refuses one of another account', async () => {
    const page = await stack.api<TaskView[]>('GET', '/tasks', undefined, { query: { limit: '5' } });
    const cursor = new URL(
      /<([^>]+)>/.exec(page.headers.get('link') ?? '')?.[1] ?? 'http://x',
    ).searchParams.get('cursor');
    expect(cursor).toBeTruthy();
    // Sealed, not encoded: nothing of the position (the last task's time and id) shows through.
    const decoded = Buffer.from(cursor as string, 'base64url').toString('latin1');
    const last = page.body.at(-1) as TaskView;
    expect(decoded).not.toContain(last.id);
    expect(decoded).not.toContain(last.createdAt.slice(0, 10));
    const response = await stack.api('GET', '/tasks', undefined, {
      apiKey: otherKey,
      query: { cursor: cursor as string },
    });
    expect(response.status).toBe(400);
  });

  it('answers 404 for a task of another account on every endpoint', async () => {
    const id = mine[100]?.id as string;
    for (const [method, path] of [
      ['POST', `/tasks/${id}/info`],
      ['GET', `/tasks/${id}`],
      ['POST', `/tasks/${id}/run`],
      ['POST', `/tasks/${id}/cancel`],
      ['POST', `/tasks/${id}/scheme`],
      ['POST', `/tasks/${id}/store`],
      ['DELETE', `/tasks/${id}`],
    ] as const) {
      const response = await stack.api(method, path, undefined, { apiKey: otherKey });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body).toEqual({ error: { code: 'not_found', message: 'Task not found' } });
    }
    expect((await stack.api<TaskView>('GET', `/tasks/${id}`)).body.status).toBe('initialized');
  });
});

type ErrorBody = { error: { code: string; message: string; details?: { path: string; reason: string }[] } };

describe('bad input', () => {
  // Nothing is fetched: these schemes are refused at create.
  const nowhere = { startUrl: 'http://127.0.0.1:9/catalogue/page-1.html' };
  const create = (body: unknown, options = {}) =>
    stack.api<ErrorBody>('POST', '/tasks/create', body, options);
  const pathsOf = (body: ErrorBody) => body.error.details?.map((detail) => detail.path) ?? [];

  it('answers broken JSON with 400 and the reason', async () => {
    const response = await create(undefined, {
      rawBody: '{"scheme": {',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
    expect(response.body.error.message).toMatch(/not valid JSON/);
  });

  it.each([
    ['a missing scheme', {}, 'scheme'],
    ['a missing field list', { scheme: { ...booksScheme(nowhere), fields: undefined } }, 'scheme.fields'],
    ['an unknown top-level field', { scheme: booksScheme(nowhere), priority: 1 }, 'priority'],
    ['an unknown scheme field', { scheme: { ...booksScheme(nowhere), colour: 'red' } }, 'scheme.colour'],
    [
      'a non-http URL',
      { scheme: booksScheme(nowhere, { request: { url: 'file:///etc/passwd', type: 'base' } }) },
      'scheme.request.url',
    ],
    [
      'an invalid CSS selector',
      {
        scheme: {
          ...booksScheme(nowhere),
          fields: [{ name: 'T', selector: 'h3 >> a[', type: 1, attrs: ['text'] }],
        },
      },
      'scheme.fields.0.selector',
    ],
    ['an unknown format', { scheme: booksScheme(nowhere, { format: 'pdf' }) }, 'scheme.format'],
    ['an unknown task type', { type: 'transcoding', scheme: booksScheme(nowhere) }, 'type'],
    ['run that is not a boolean', { scheme: booksScheme(nowhere), run: 'yes' }, 'run'],
  ])('answers %s with 400 and the field path', async (_name, body, path) => {
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
    expect(pathsOf(response.body)).toContain(path);
    for (const detail of response.body.error.details ?? []) expect(detail.reason).not.toBe('');
  });

  it('answers a body over 1 MiB with 413', async () => {
    const scheme = booksScheme(nowhere, { name: 'x'.repeat(1024 * 1024 + 1) });
    const response = await create({ scheme });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('payload_too_large');
  });

  it('answers a body that is not JSON by its type with 415', async () => {
    const response = await create(undefined, {
      rawBody: '<scheme/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(response.status).toBe(415);
  });

  it('answers unknown and malformed ids with 404 on every endpoint', async () => {
    for (const id of ['AAAAAAAAAAAAAAAAAAAAAAAA', 'nope', '..%2F..%2Fetc']) {
      for (const [method, path] of [
        ['POST', `/tasks/${id}/run`],
        ['POST', `/tasks/${id}/cancel`],
        ['POST', `/tasks/${id}/info`],
        ['GET', `/tasks/${id}/store`],
        ['GET', `/tasks/${id}/scheme`],
        ['DELETE', `/tasks/${id}`],
      ] as const) {
        const response = await stack.api<ErrorBody>(method, path);
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.body.error.code).toBe('not_found');
      }
    }
  });

  it('answers an unknown store format with 400', async () => {
    const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme: booksScheme(nowhere) });
    const response = await stack.api<ErrorBody>('GET', `/tasks/${created.body.id}/store`, undefined, {
      query: { format: 'pdf' },
    });
    expect(response.status).toBe(400);
    expect(pathsOf(response.body)).toContain('format');
  });

  it('serves the OpenAPI description without a key', async () => {
    const response = await stack.api<{ openapi: string; paths: Record<string, unknown> }>(
      'GET',
      '/openapi.json',
      undefined,
      { apiKey: null },
    );
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.1.0');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/v1/tasks/create', '/v1/tasks/{id}/run', '/v1/tasks', '/v1/tasks/{id}/store']),
    );
  });
});
