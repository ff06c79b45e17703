// Cancel, concurrent runs, run racing cancel, and delete, on the local stack over real HTTP.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { TaskView } from '#core/task';
import { booksScheme, expectedBooks } from '#test/helpers/books';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { useTestRuntime } from '#test/helpers/runtime';
import { download, isFinished, pollTask, storedKeys } from '#test/helpers/tasks';

// Progress is written (and a cancel noticed) every 200 ms instead of every 2 s.
const stack = useTestRuntime({ env: { DFK_PROGRESS_SECONDS: '0.2' } });
let site: FixtureSite;
let slowSite: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite({ pages: 3, perPage: 2 });
  slowSite = await startFixtureSite({ pages: 200, perPage: 3, delayMs: 60 });
});

afterAll(async () => {
  await site.close();
  await slowSite.close();
});

const create = async (scheme: Record<string, unknown>, run = false) => {
  const response = await stack.api<TaskView>('POST', '/tasks/create', { scheme, run });
  expect(response.status).toBe(201);
  return response.body;
};

type StoreLink = { url: string; format: string; size: number; expiresAt: string };

describe('cancel', () => {
  it('stops a running crawl within seconds and keeps the partial data', async () => {
    const task = await create(
      booksScheme(slowSite, { paginator: { nextPageSelector: 'li.next a', pageNum: 200 } }),
      true,
    );

    // requests is visible live while the task runs
    const running = await pollTask(stack.api, task.id, (t) => t.status === 'running' && t.requests >= 5);
    expect(running.elapsed).toMatch(/^\d+$/);

    const cancelled = await stack.api<TaskView>('POST', `/tasks/${task.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.endTime).not.toBeNull();

    const execution = await stack.runtime.executions.waitFor(task.id, 10_000);
    expect(execution.status).toBe('SUCCEEDED');
    const hitsAtEnd = slowSite.hits.get('/catalogue/page-200.html') ?? 0;
    expect(hitsAtEnd).toBe(0);

    const final = await pollTask(stack.api, task.id, () => true);
    expect(final.status).toBe('cancelled');
    expect(final.requests).toBeGreaterThanOrEqual(5);
    expect(final.requests).toBeLessThan(200);

    const store = await stack.api<StoreLink>('POST', `/tasks/${task.id}/store`);
    expect(store.status).toBe(200);
    const records = JSON.parse((await download(store.body.url)).text) as unknown[];
    expect(records.length).toBeGreaterThanOrEqual(5 * 3);
    expect(records).toEqual(expectedBooks(slowSite, records.length / 3));
  });

  it('never lowers records: the cancelled task ends with at least every count seen live, and its file has them all', async () => {
    const task = await create(
      booksScheme(slowSite, { paginator: { nextPageSelector: 'li.next a', pageNum: 200 } }),
      true,
    );
    let seen = 0;
    const watch = (t: TaskView) => {
      seen = Math.max(seen, t.records);
      return t.status === 'running' && t.records >= 12;
    };
    await pollTask(stack.api, task.id, watch);
    const cancelling = stack.api<TaskView>('POST', `/tasks/${task.id}/cancel`);
    // Read live while the cancel lands and the batch is cut.
    const during = await Promise.all(
      Array.from({ length: 5 }, () => stack.api<TaskView>('GET', `/tasks/${task.id}`)),
    );
    for (const answer of during) seen = Math.max(seen, answer.body.records);
    expect((await cancelling).body.status).toBe('cancelled');
    await stack.runtime.executions.waitFor(task.id, 10_000);

    const final = (await stack.api<TaskView>('GET', `/tasks/${task.id}`)).body;
    expect(final.records).toBeGreaterThanOrEqual(seen);
    const store = await stack.api<StoreLink>('POST', `/tasks/${task.id}/store`);
    const records = JSON.parse((await download(store.body.url)).text) as unknown[];
    expect(records).toHaveLength(final.records);
  });

  it('is idempotent on a cancelled task and refused on a completed one', async () => {
    const fresh = await create(booksScheme(site));
    expect((await stack.api<TaskView>('POST', `/tasks/${fresh.id}/cancel`)).body.status).toBe('cancelled');
    const again = await stack.api<TaskView>('POST', `/tasks/${fresh.id}/cancel`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('cancelled');
    const store = await stack.api('POST', `/tasks/${fresh.id}/store`);
    expect(store.status).toBe(409);
    expect(store.body).toMatchObject({ error: { code: 'results_not_ready', status: 'cancelled' } });
    expect(store.headers.get('retry-after')).toBeNull();
    const run = await stack.api('POST', `/tasks/${fresh.id}/run`);
    expect(run.status).toBe(409);
    expect(run.body).toMatchObject({ error: { code: 'conflict', status: 'cancelled' } });

    const done = await create(booksScheme(site), true);
    await pollTask(stack.api, done.id, isFinished);
    const late = await stack.api('POST', `/tasks/${done.id}/cancel`);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: { code: 'conflict', status: 'completed' } });
    expect((await stack.api('POST', `/tasks/${done.id}/run`)).status).toBe(409);
  });
});

describe('run', () => {
  it('starts one execution however many run calls arrive at once', async () => {
    // The crawl is held until every run has answered: a run after the end would rightly be a 409.
    let release = () => {};
    const held = await startFixtureSite({
      pages: 1,
      perPage: 2,
      hold: new Promise<void>((resolve) => {
        release = resolve;
      }),
    });
    const task = await create(booksScheme(held));
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => stack.api<TaskView>('POST', `/tasks/${task.id}/run`)),
    );
    release();
    onTestFinished(() => held.close());
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(['queued', 'running', 'completed']).toContain(response.body.status);
    }
    await stack.runtime.executions.waitFor(task.id, 20_000);
    const executions = stack.runtime.executions.list().filter((execution) => execution.name === task.id);
    expect(executions).toHaveLength(1);
    expect((await pollTask(stack.api, task.id, isFinished)).status).toBe('completed');
  });

  it('racing cancel always ends cancelled, with at most one execution that settles', async () => {
    for (let round = 0; round < 12; round++) {
      const task = await create(booksScheme(site));
      const [run, cancel] = await Promise.all([
        stack.api<TaskView>('POST', `/tasks/${task.id}/run`),
        stack.api<TaskView>('POST', `/tasks/${task.id}/cancel`),
      ]);
      expect(cancel.status).toBe(200);
      expect(cancel.body.status).toBe('cancelled');
      expect([200, 409]).toContain(run.status);
      await stack.runtime.executions.settled(20_000);
      const executions = stack.runtime.executions.list().filter((execution) => execution.name === task.id);
      expect(executions.length).toBeLessThanOrEqual(1);
      if (run.status === 409) expect(executions).toHaveLength(0);
      const final = await pollTask(stack.api, task.id, () => true);
      expect(final.status).toBe('cancelled');
      const store = await stack.api('POST', `/tasks/${task.id}/store`);
      // settled: either the partial data or a plain "no data", never "still writing"
      expect([200, 409]).toContain(store.status);
      expect(store.headers.get('retry-after')).toBeNull();
    }
  });
});

describe('delete', () => {
  it('removes the task and every stored object; the old link stops serving', async () => {
    const task = await create(booksScheme(site), true);
    await pollTask(stack.api, task.id, isFinished);
    const store = await stack.api<StoreLink>('POST', `/tasks/${task.id}/store`);
    expect((await download(store.body.url)).status).toBe(200);

    const objects = () => storedKeys(stack.runtime, `${task.storeID}/`);
    expect((await objects()).length).toBeGreaterThanOrEqual(3);

    const deleted = await stack.api('DELETE', `/tasks/${task.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(await objects()).toEqual([]);
    expect((await download(store.body.url)).status).toBe(404);
    expect((await stack.api('GET', `/tasks/${task.id}`)).status).toBe(404);
    expect((await stack.api('DELETE', `/tasks/${task.id}`)).status).toBe(404);
  });

  it('cancels a running task first, and nothing it writes afterwards survives', async () => {
    const task = await create(
      booksScheme(slowSite, { paginator: { nextPageSelector: 'li.next a', pageNum: 200 } }),
      true,
    );
    await pollTask(stack.api, task.id, (t) => t.status === 'running' && t.requests >= 2);
    expect((await stack.api('DELETE', `/tasks/${task.id}`)).status).toBe(204);
    await stack.runtime.executions.waitFor(task.id, 10_000);
    expect(await storedKeys(stack.runtime, `${task.storeID}/`)).toEqual([]);
  });
});
