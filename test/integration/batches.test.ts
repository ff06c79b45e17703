// A crawl longer than one step's time budget: many bounded batches, one part each, exact records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { booksScheme, expectedBooks } from '#test/helpers/books';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { useTestRuntime } from '#test/helpers/runtime';
import { download, isFinished, pollTask, storedKeys } from '#test/helpers/tasks';

// Each Extract step works 300 ms, then hands over to the next one through the saved frontier.
const stack = useTestRuntime({ env: { DFK_BATCH_SECONDS: '0.3', DFK_PROGRESS_SECONDS: '0.1' } });
let site: FixtureSite;

beforeAll(async () => {
  site = await startFixtureSite({ pages: 30, perPage: 3, delayMs: 40 });
});

afterAll(async () => {
  await site.close();
});

describe('a crawl over many batches', () => {
  it('resumes from the saved frontier and loses or repeats nothing', async () => {
    const scheme = booksScheme(site, { paginator: { nextPageSelector: 'li.next a', pageNum: 30 } });
    const created = await stack.api<TaskView>('POST', '/tasks/create', { scheme, run: true });
    const done = await pollTask(stack.api, created.body.id, isFinished, 60_000);
    expect(done).toMatchObject({ status: 'completed', requests: 30 });

    const parts = await storedKeys(stack.runtime, `${created.body.storeID}/parts/`);
    expect(parts.length).toBeGreaterThan(2);

    const store = await stack.api<{ url: string }>('POST', `/tasks/${created.body.id}/store`);
    expect(JSON.parse((await download(store.body.url)).text)).toEqual(expectedBooks(site, 30));
    // A page in flight at a batch's deadline is aborted and fetched again by the next batch.
    const hits = Array.from({ length: 30 }, (_, i) => site.hits.get(`/catalogue/page-${i + 1}.html`) ?? 0);
    expect(Math.min(...hits)).toBe(1);
    expect(Math.max(...hits)).toBeLessThanOrEqual(2);
  });
});
