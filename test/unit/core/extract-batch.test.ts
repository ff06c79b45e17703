import { describe, expect, it } from 'vitest';
import { extractBatch } from '#core/lifecycle/extract-batch';
import { storeKeys } from '#core/store-keys';
import type { FetchPage } from '#extraction/fetch-page';
import { recordingLog } from '#test/helpers/log';
import { memoryDeps } from './memory-adapters.ts';
import { newTask } from './memory-store.ts';

/** A site of listing pages on example.com, each linking to the next: no traffic leaves the test. */
const site: FetchPage = async (url) => {
  const page = Number(new URL(url).searchParams.get('page') ?? 1);
  return {
    url,
    status: 200,
    contentType: 'text/html',
    headers: {},
    body: `<p>item ${page}</p><a class="next" href="/?page=${page + 1}">next</a>`,
  };
};

async function runningExtraction(maxRequests: number) {
  const deps = memoryDeps();
  const task = newTask({ type: 'extraction', status: 'running', format: 'json' });
  await deps.store.putJson(storeKeys.scheme(task.storeID), {
    name: 'n',
    request: { url: 'https://example.com/' },
    fields: [{ name: 'a', selector: 'p', type: 1, attrs: ['text'] }],
    paginator: { nextPageSelector: 'a.next', pageNum: 0 },
    maxRequests,
  });
  await deps.tasks.create(task);
  const extract = { ...deps, fetchPage: site, log: recordingLog(), batchSeconds: 30, progressSeconds: 30 };
  return { deps, extract, task };
}

describe('extractBatch', () => {
  it('counts the pages maxRequests left out and names them in the task’s warnings', async () => {
    // Prepare
    const { deps, extract, task } = await runningExtraction(3);

    // Act
    const state = await extractBatch(extract, { taskId: task.id });

    // Assess
    expect(state.done).toBe(true);
    const stored = await deps.tasks.get(task.id);
    expect(stored).toMatchObject({ requests: 3, skippedRequests: 1 });
    expect(stored?.warnings).toEqual(['maxRequests (3) was reached: 1 page was not fetched']);
  });

  it('warns of nothing when the crawl ends on its own', async () => {
    // Prepare
    const { deps, extract, task } = await runningExtraction(3);
    extract.fetchPage = async (url) => ({ ...(await site(url)), body: '<p>only</p>' });

    // Act
    await extractBatch(extract, { taskId: task.id });

    // Assess
    const stored = await deps.tasks.get(task.id);
    expect(stored).toMatchObject({ requests: 1, skippedRequests: 0 });
    expect(stored?.warnings ?? []).toEqual([]);
  });
});
