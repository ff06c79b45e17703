// The TypeScript client (clients/typescript) against the local stack: its helpers as a user calls them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer, text } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  DfkApiError,
  type DfkClient,
  DfkTaskError,
  type ExtractionScheme,
  type Task,
  verifyWebhook,
  WebhookVerificationError,
} from '#client/index';
import { booksScheme, expectedBooks } from '#test/helpers/books';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { useTestRuntime } from '#test/helpers/runtime';
import { startWebhookReceiver, type WebhookReceiver } from '#test/helpers/webhook-receiver';

// booksScheme's literals widen to string and number types; the scheme itself is the contract's example.
const books = (on: FixtureSite, overrides?: Record<string, unknown>) =>
  booksScheme(on, overrides) as ExtractionScheme;

// Progress is written (and a cancel noticed) every 200 ms instead of every 2 s.
const stack = useTestRuntime({ env: { DFK_PROGRESS_SECONDS: '0.2' } });
let client: DfkClient;
let site: FixtureSite;
let slowSite: FixtureSite;
let receiver: WebhookReceiver;
let dir: string;

beforeAll(async () => {
  client = createClient({ baseUrl: stack.runtime.baseUrl, apiKey: stack.runtime.apiKey });
  site = await startFixtureSite({ pages: 3, perPage: 2 });
  slowSite = await startFixtureSite({ pages: 100, perPage: 3, delayMs: 100 });
  receiver = await startWebhookReceiver();
  dir = await mkdtemp(join(tmpdir(), 'dfk-client-'));
});

afterAll(async () => {
  await Promise.all([site?.close(), slowSite?.close(), receiver?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('runAndWait and download', () => {
  it('runs a crawl to its end, reporting each state, and streams its records in any format', async () => {
    const seen: Task[] = [];
    const task = await client.runAndWait(books(site), { onProgress: (t) => seen.push(t) });
    expect(task).toMatchObject({ status: 'completed', requests: 3 });
    expect(seen[0]?.status).toBe('queued');
    expect(seen.at(-1)).toEqual(task);
    expect(new Set(seen.map((t) => t.id))).toEqual(new Set([task.id]));

    expect(JSON.parse(await text(await client.download(task.id)))).toEqual(expectedBooks(site, 3));
    const csv = await text(await client.download(task.id, { format: 'csv' }));
    expect(csv.split('\n')[0]).toBe('Title_text,Title_href,Price_text,Cover_src,Cover_alt');
    expect(csv.trimEnd().split('\n')).toHaveLength(1 + 6);
    const picked = (
      await buffer(
        await client.download(task.id, {
          format: 'csv',
          fields: ['Price_text', 'Title_text'],
          bom: true,
          delimiter: ';',
        }),
      )
    ).toString('utf8');
    const first = expectedBooks(site, 3)[0];
    expect(picked.split('\n').slice(0, 2)).toEqual([
      '\uFEFFPrice_text;Title_text',
      `${first?.Price_text};${first?.Title_text}`,
    ]);
    expect(await client.store(task.id, { format: 'xml', xmlRow: 'book', flatten: false })).toMatchObject({
      options: { xmlRow: 'book' },
    });
  });

  it('downloads what a cancelled crawl extracted, once its partial export is written', async () => {
    const created = await client.create({
      scheme: books(slowSite, { paginator: { nextPageSelector: 'li.next a', pageNum: 100 } }),
      run: true,
    });
    const deadline = Date.now() + 20_000;
    while ((await client.info(created.id)).requests < 3 && Date.now() < deadline) await sleep(100);
    expect((await client.cancel(created.id)).status).toBe('cancelled');
    const records = JSON.parse(await text(await client.download(created.id))) as unknown[];
    expect(records.length).toBeGreaterThanOrEqual(3 * 3);
    expect(records.length).toBeLessThan(100 * 3);
    expect(records).toEqual(expectedBooks(slowSite, records.length / 3));
  });
});

describe('convertFile', () => {
  it('uploads, converts and streams back a local file, its format taken from the name', async () => {
    const path = join(dir, 'orders.csv');
    await writeFile(path, 'sku,qty,price\nA1,2,9.50\nB2,10,0.25\n');
    const converted = await client.convertFile(path, { to: 'json', inferTypes: true });
    expect(JSON.parse(await text(converted))).toEqual([
      { sku: 'A1', qty: 2, price: 9.5 },
      { sku: 'B2', qty: 10, price: 0.25 },
    ]);
  });

  it('throws a DfkTaskError with the failed task when the file cannot be converted', async () => {
    const path = join(dir, 'broken.csv');
    await writeFile(path, 'a,b\n"x,1\n');
    const failure = await client.convertFile(path, { to: 'json' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DfkTaskError);
    expect((failure as DfkTaskError).task.status).toBe('error');
    expect((failure as DfkTaskError).task.error).toMatch(/Unterminated quoted field/);
  });
});

describe('errors', () => {
  it('are DfkApiErrors with the status, code and each invalid field of the envelope', async () => {
    // RE2 has no backreferences: a 400 at create, on the filter's param.
    const regex = { name: 'regex' as const, param: '(a)\\1' };
    const scheme = {
      ...books(site),
      fields: [{ name: 'Code', selector: 'p', type: 1 as const, attrs: ['text'], filters: [regex] }],
    };
    const failure = await client.create({ scheme }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DfkApiError);
    const error = failure as DfkApiError;
    expect(error).toMatchObject({ status: 400, code: 'bad_request' });
    expect(error.details.map((detail) => detail.path)).toContain('scheme.fields.0.filters.0.param');

    const wrongKey = createClient({ baseUrl: stack.runtime.endpoints.api, apiKey: 'dfk_not-a-key' });
    await expect(wrongKey.tasks().next()).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
      message: 'Invalid API key',
    });
    await expect(client.info('tNotATaskOfThisAccount00')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });
});

describe('tasks', () => {
  it('follows the Link pages to the last one', async () => {
    const created: string[] = [];
    for (let n = 0; n < 3; n++) created.push((await client.create({ scheme: books(site) })).id);
    const listed: string[] = [];
    for await (const task of client.tasks({ status: 'initialized', limit: 1 })) listed.push(task.id);
    expect(listed).toEqual(created);
  });
});

describe('verifyWebhook', () => {
  it('accepts a delivery the service signed and refuses it once changed', async () => {
    const endpoint = await client.webhooks.create({
      url: receiver.url('/hooks'),
      events: ['task.completed'],
    });
    try {
      const task = await client.runAndWait(books(site));
      const deliveries = await receiver.waitFor('/hooks', (got) =>
        got.some((request) => request.body.includes(task.id)),
      );
      const delivery = deliveries.find((request) => request.body.includes(task.id))!;
      const event = verifyWebhook(delivery.body, delivery.headers, endpoint.secret);
      expect(event).toMatchObject({ type: 'task.completed', data: { id: task.id, status: 'completed' } });
      expect(() => verifyWebhook(`${delivery.body} `, delivery.headers, endpoint.secret)).toThrow(
        WebhookVerificationError,
      );

      const attempts = [];
      for await (const attempt of client.webhooks.deliveries(endpoint.id)) attempts.push(attempt);
      expect(attempts.find((attempt) => attempt.taskId === task.id)).toMatchObject({ delivery: 'succeeded' });
    } finally {
      await client.webhooks.delete(endpoint.id);
    }
    expect((await client.webhooks.list()).map((listed) => listed.id)).not.toContain(endpoint.id);
  });
});
