// create → run → poll → completed → store → download, over real HTTP against the local stack.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadId } from '#core/canonical-json';
import type { TaskView } from '#core/task';
import { booksScheme, expectedBooks } from '#test/helpers/books';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { useTestRuntime } from '#test/helpers/runtime';
import { download, isFinished, pollTask } from '#test/helpers/tasks';

const stack = useTestRuntime();
const md5Of = (text: string) => createHash('md5').update(text).digest('hex');
let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite({ pages: 7, perPage: 4 });
});

afterAll(async () => {
  await site.close();
});

describe('an extraction task', () => {
  it('crawls the paginator and serves the exact records through store', async () => {
    const scheme = booksScheme(site);
    const created = await stack.api<TaskView>('POST', '/tasks/create', { type: 'extraction', scheme });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'extraction',
      status: 'initialized',
      payloadID: payloadId(scheme),
      requests: 0,
      fileSize: 0,
      startTime: null,
      endTime: null,
      elapsed: null,
      error: null,
    });
    expect(created.body.id).toMatch(/^[0-9A-Za-z]{24}$/);
    expect(created.body.storeID).toMatch(/^[0-9A-Za-z]{24}$/);
    expect(created.body.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);

    const run = await stack.api<TaskView>('POST', `/tasks/${created.body.id}/run`);
    expect(run.status).toBe(200);
    expect(run.body.status).toBe('queued');

    const done = await pollTask(stack.api, created.body.id, isFinished);
    expect(done).toMatchObject({ status: 'completed', requests: 5, error: null });
    expect(done.startTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(done.endTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(done.elapsed).toMatch(/^\d+$/);

    const store = await stack.api<{ url: string; format: string; size: number; expiresAt: string }>(
      'POST',
      `/tasks/${created.body.id}/store`,
    );
    expect(store.status).toBe(200);
    expect(store.body.format).toBe('json');
    const file = await download(store.body.url);
    expect(file.status).toBe(200);
    expect(store.body.size).toBe(Buffer.byteLength(file.text));
    expect(store.body).toMatchObject({ md5: md5Of(file.text), md5sum: md5Of(file.text) });
    expect(JSON.parse(file.text)).toEqual(expectedBooks(site, 5));
  });

  it('serves the same records as jsonl and csv through store?format=', async () => {
    const created = await stack.api<TaskView>('POST', '/tasks/create', {
      scheme: booksScheme(site),
      run: true,
    });
    expect(created.body.status).toBe('queued');
    await pollTask(stack.api, created.body.id, isFinished);
    const expected = expectedBooks(site, 5);

    const jsonl = await stack.api<{ url: string; md5: string }>(
      'GET',
      `/tasks/${created.body.id}/store`,
      undefined,
      { query: { format: 'jsonl' } },
    );
    const jsonlText = (await download(jsonl.body.url)).text;
    // Made by the ExportFormat function on request, its MD5 carried back through the invocation.
    expect(jsonl.body.md5).toBe(md5Of(jsonlText));
    const lines = jsonlText.trim().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(expected);

    const csv = await stack.api<{ url: string; format: string }>(
      'GET',
      `/tasks/${created.body.id}/store`,
      undefined,
      {
        query: { format: 'csv' },
      },
    );
    expect(csv.body.format).toBe('csv');
    const rows = (await download(csv.body.url)).text.trim().split(/\r?\n/);
    expect(rows[0]).toBe('Title_text,Title_href,Price_text,Cover_src,Cover_alt');
    expect(rows).toHaveLength(expected.length + 1);
    expect(rows[1]).toBe(
      [
        expected[0]?.Title_text,
        expected[0]?.Title_href,
        expected[0]?.Price_text,
        expected[0]?.Cover_src,
        expected[0]?.Cover_alt,
      ]
        .map((value) => (/[",\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : value))
        .join(','),
    );
  });

  it('returns the scheme as submitted and the same task through POST info and GET', async () => {
    const scheme = booksScheme(site, { format: 'csv' });
    const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme });
    const submitted = await stack.api('POST', `/tasks/${created.body.id}/scheme`);
    expect(submitted.body).toEqual(scheme);
    const info = await stack.api('POST', `/tasks/${created.body.id}/info`);
    const get = await stack.api('GET', `/tasks/${created.body.id}`);
    expect(info.body).toEqual(created.body);
    expect(get.body).toEqual(created.body);
  });
});

describe('wait', () => {
  it('holds create, run and info until the task ends, so one call gives the finished task', async () => {
    const scheme = booksScheme(site);
    const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme, run: true, wait: 25 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'completed', requests: 5 });

    const queued = await stack.api<TaskView>('POST', '/tasks/create', { scheme });
    const ran = await stack.api<TaskView>('POST', `/tasks/${queued.body.id}/run`, undefined, {
      query: { wait: '25' },
    });
    expect(ran.body.status).toBe('completed');
    const info = await stack.api<TaskView>('GET', `/tasks/${queued.body.id}/info`, undefined, {
      query: { wait: '5' },
    });
    expect(info.body).toEqual(ran.body);
  });

  it('answers an unfinished task as it is once wait has passed', async () => {
    const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme: booksScheme(site) });
    const started = Date.now();
    const info = await stack.api<TaskView>('POST', `/tasks/${created.body.id}/info`, undefined, {
      query: { wait: '1.5' },
    });
    expect(info.body.status).toBe('initialized');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it('refuses a wait that is not 0 to 25 seconds, and one on a task that is not run', async () => {
    const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme: booksScheme(site) });
    for (const wait of ['26', '-1', 'soon', '']) {
      const info = await stack.api<{ error: { details: { path: string; reason: string }[] } }>(
        'POST',
        `/tasks/${created.body.id}/info`,
        undefined,
        { query: { wait } },
      );
      expect(info.status, wait).toBe(400);
      expect(info.body.error.details[0]?.path).toBe('wait');
      expect(info.body.error.details[0]?.reason).toContain('0 to 25');
    }
    const notRun = await stack.api<{ error: { details: { path: string }[] } }>('POST', '/tasks/create', {
      scheme: booksScheme(site),
      wait: 10,
    });
    expect(notRun.status).toBe(400);
    expect(notRun.body.error.details.map((d) => d.path)).toEqual(['wait']);
  });
});
