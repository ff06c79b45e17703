// Random requests to every route of the running stack (FUZZ_RUNS of them, 600 by default; FUZZ_SEED
// varies them): whatever the input, the answer is a documented one (the API client checks it
// against the OpenAPI document) and never a 5xx.
import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { useTestRuntime } from '#test/helpers/runtime';

const stack = useTestRuntime();

const ROUTES = [
  'POST /tasks/create',
  'POST /tasks/{id}/run',
  'POST /tasks/{id}/cancel',
  'POST /tasks/{id}/info',
  'GET /tasks/{id}/info',
  'GET /tasks/{id}',
  'DELETE /tasks/{id}',
  'POST /tasks',
  'GET /tasks',
  'GET /tasks/{id}/scheme',
  'GET /tasks/{id}/store',
  'POST /webhooks',
  'GET /webhooks',
  'DELETE /webhooks/{id}',
  'GET /webhooks/{id}/deliveries',
] as const;

const RUNS = Number(process.env.FUZZ_RUNS ?? 600);

const QUERY_NAMES = ['limit', 'order', 'status', 'cursor', 'format', 'type', 'x'] as const;

let taskId = '';

beforeAll(async () => {
  const scheme = {
    name: 'fuzz',
    request: { url: 'http://127.0.0.1:9/', type: 'base' },
    fields: [{ name: 'T', selector: 'h1', type: 1, attrs: ['text'] }],
    format: 'json',
  };
  const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme });
  expect(created.status).toBe(201);
  taskId = created.body.id;
});

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '-1', '0', '1e9', 'NaN', 'null', '%00', '../..', 'x'.repeat(3000)),
  fc.integer().map(String),
);

/** A path id: this account's real task, a well-formed stranger, or anything at all. */
const id = fc.oneof(
  fc.constant('{task}'),
  fc.stringMatching(/^[0-9A-Za-z]{24}$/),
  text.filter(
    (value) => value !== '' && !value.includes('/') && !value.includes('?') && !value.includes('#'),
  ),
);

/** URLs on loopback only: a fuzzed task or webhook never sends traffic anywhere else. */
const loopbackUrl = fc
  .tuple(fc.constantFrom('http', 'https', 'ftp'), fc.nat(65_535), fc.string({ maxLength: 10 }))
  .map(([scheme, port, path]) => `${scheme}://127.0.0.1:${port}/${encodeURIComponent(path)}`);

const deep = (levels: number) => `${'{"details":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** A body: random JSON, a mutated scheme, deep nesting, or bytes that are not JSON at all. */
const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc
    .record({
      type: fc.constantFrom('extraction', 'conversion', 'other', 1),
      run: fc.oneof(fc.boolean(), text),
      scheme: fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.record({
          name: text,
          request: fc.record({
            url: fc.oneof(loopbackUrl, text),
            type: fc.constantFrom('base', 'chrome', 'x'),
          }),
          fields: fc.array(
            fc.record({
              name: text,
              selector: text,
              type: fc.integer({ min: -1, max: 3 }),
              attrs: fc.array(text),
            }),
            { maxLength: 3 },
          ),
          format: fc.constantFrom('csv', 'json', 'jsonl', 'excel', 'xml', 'pdf'),
        }),
      ),
      webhook: fc.oneof(
        loopbackUrl,
        text,
        fc.record({ url: loopbackUrl, events: fc.array(text, { maxLength: 2 }) }),
      ),
    })
    .map((value) => JSON.stringify(value)),
  fc.constantFrom(deep(300), `${'['.repeat(50_000)}${']'.repeat(50_000)}`, '{"scheme":', '\u0000\uffff'),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

const request = fc.record({
  route: fc.constantFrom(...ROUTES),
  id,
  query: fc.dictionary(fc.constantFrom(...QUERY_NAMES), text, { maxKeys: 3 }),
  body: fc.option(body, { nil: undefined }),
  contentType: fc.constantFrom('application/json', 'text/plain', 'application/xml', 'multipart/form-data'),
  auth: fc.constantFrom('key', 'header', 'none', 'wrong'),
});

describe('fuzzed requests', () => {
  it(
    'never answer 5xx, and every answer is one the OpenAPI document describes',
    async () => {
      const seen = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(request, async (input) => {
          const [method, template] = input.route.split(' ') as [string, string];
          const pathId = input.id === '{task}' ? taskId : encodeURIComponent(input.id);
          const path = template.replace('{id}', pathId);
          const apiKey = { key: undefined, header: undefined, none: null, wrong: 'dfk_wrong' }[input.auth];
          const response = await stack.api(method, path, undefined, {
            query: input.query,
            apiKey,
            auth: input.auth === 'header' ? 'header' : 'query',
            ...(input.body !== undefined &&
              method !== 'GET' && {
                rawBody: input.body,
                headers: { 'content-type': input.contentType },
              }),
          });
          seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
          expect(response.status, `${method} ${path} → ${response.text.slice(0, 300)}`).toBeLessThan(500);
          if (response.status >= 400) {
            const { error } = response.body as { error: { code: string; message: string } };
            expect(error.code).toMatch(/^[a-z_]+$/);
            expect(error.message.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261201) },
      );
      // The inputs reach past authentication and validation, not only their refusals.
      const statuses = [...seen.keys()];
      expect(statuses.some((status) => status >= 200 && status < 300)).toBe(true);
      expect(statuses).toEqual(expect.arrayContaining([400, 401, 404]));
    },
    60_000 + RUNS * 200,
  );
});
