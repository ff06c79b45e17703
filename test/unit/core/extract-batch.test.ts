import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { extractBatch } from '#core/lifecycle/extract-batch';
import { storeKeys } from '#core/store-keys';
import type { FetchPage } from '#extraction/fetch-page';
import { recordingLog } from '#test/helpers/log';
import { memoryDeps } from './memory-adapters.ts';
import { newTask } from './memory-store.ts';

/** A site of listing pages on example.com, each linking to the next (page 2 has a note): no traffic leaves the test. */
const site: FetchPage = async (url) => {
  const page = Number(new URL(url).searchParams.get('page') ?? 1);
  return {
    url,
    status: 200,
    contentType: 'text/html',
    headers: {},
    body: `<p>item ${page}</p>${page === 2 ? '<b class="note">new</b>' : ''}<a class="next" href="/?page=${page + 1}">next</a>`,
  };
};

type Field = { name: string; selector: string; type: 1; attrs: string[] };
const field = (name: string, selector: string): Field => ({ name, selector, type: 1, attrs: ['text'] });

async function runningExtraction(maxRequests: number, fields: Field[] = []) {
  const deps = memoryDeps();
  const task = newTask({ type: 'extraction', status: 'running', format: 'json' });
  await deps.store.putJson(storeKeys.scheme(task.storeID), {
    name: 'n',
    request: { url: 'https://example.com/' },
    fields: [field('a', 'p'), ...fields],
    paginator: { nextPageSelector: 'a.next', pageNum: 0 },
    maxRequests,
  });
  await deps.tasks.create(task);
  const extract = { ...deps, fetchPage: site, log: recordingLog(), batchSeconds: 30, progressSeconds: 30 };
  return { deps, extract, task };
}

describe('extractBatch', () => {
  it('opens pages of the task’s own for a batch (a browser context) and closes them after it, also when it fails', async () => {
    // Prepare
    const { extract, task } = await runningExtraction(3);
    const opened: string[] = [];
    let closed = 0;
    const pagesOf = (fetchPage: FetchPage) => ({
      forTask: (scheme: { request: { url: string } }) => {
        opened.push(scheme.request.url);
        return Object.assign(fetchPage, { close: async () => void closed++ });
      },
    });

    // Act
    const state = await extractBatch({ ...extract, fetchPage: pagesOf(site) }, { taskId: task.id });
    const failing = await runningExtraction(3);
    const failed = await extractBatch(
      {
        ...failing.extract,
        fetchPage: pagesOf(async () => {
          throw new Error('the browser went away');
        }),
      },
      { taskId: failing.task.id },
    ).catch((error: unknown) => error);

    // Assess
    expect(state.done).toBe(true);
    expect(opened).toEqual(['https://example.com/', 'https://example.com/']);
    expect(failed).toBeInstanceOf(Error);
    expect(closed).toBe(2);
  });

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

  it('writes the records extracted so far while it crawls, and adds up across batches', async () => {
    // Prepare: a page per 20 ms, progress every 50 ms, a batch of 0.3 s: at least two batches for 20 pages.
    const { deps, extract, task } = await runningExtraction(20);
    extract.fetchPage = async (url) => {
      await sleep(20);
      return site(url);
    };
    extract.progressSeconds = 0.05;
    extract.batchSeconds = 0.3;
    const written: (number | undefined)[] = [];
    const original = deps.tasks.recordProgress.bind(deps.tasks);
    deps.tasks.recordProgress = async (id, counters) => {
      written.push(counters?.records);
      return original(id, counters);
    };

    // Act
    let state = await extractBatch(extract, { taskId: task.id });
    const afterFirst = (await deps.tasks.get(task.id))?.records ?? 0;
    while (!state.done) state = await extractBatch(extract, state);

    // Assess
    expect(afterFirst).toBeGreaterThan(0);
    expect(afterFirst).toBeLessThan(20);
    expect(written.some((records) => records !== undefined && records > 0 && records < afterFirst)).toBe(
      true,
    );
    expect((await deps.tasks.get(task.id))?.records).toBe(20);
  });

  it('names the fields that matched nothing on any page, counted across batches, once the crawl ends', async () => {
    // Prepare: 5 pages of 20 ms in batches of 0.05 s; the note is on page 2 only.
    const { deps, extract, task } = await runningExtraction(5, [
      field('Missing', 'h3 a'),
      field('Note', '.note'),
    ]);
    extract.fetchPage = async (url) => {
      await sleep(20);
      return site(url);
    };
    extract.batchSeconds = 0.05;

    // Act
    let state = await extractBatch(extract, { taskId: task.id });
    const warnedAfterFirst = (await deps.tasks.get(task.id))?.warnings;
    let batches = 1;
    while (!state.done) {
      state = await extractBatch(extract, state);
      batches++;
    }

    // Assess
    expect(batches).toBeGreaterThan(1);
    expect(warnedAfterFirst ?? []).toEqual([]);
    expect((await deps.tasks.get(task.id))?.warnings).toEqual([
      'maxRequests (5) was reached: 1 page was not fetched',
      'field Missing: selector h3 a matched nothing on 5 pages',
    ]);
  });

  it('names them too when the crawl is stopped', async () => {
    // Prepare: cancelled at the first progress write.
    const { deps, extract, task } = await runningExtraction(1000, [field('Missing', 'h3 a')]);
    extract.fetchPage = async (url) => {
      await sleep(20);
      return site(url);
    };
    extract.progressSeconds = 0.1;
    const original = deps.tasks.recordProgress.bind(deps.tasks);
    deps.tasks.recordProgress = async (id, counters) => {
      await deps.tasks.transition(id, 'cancelled');
      return original(id, counters);
    };

    // Act
    const state = await extractBatch(extract, { taskId: task.id });

    // Assess
    expect(state.done).toBe(true);
    const stored = await deps.tasks.get(task.id);
    expect(stored?.status).toBe('cancelled');
    expect(stored?.warnings).toHaveLength(1);
    expect(stored?.warnings?.[0]).toMatch(
      /^field Missing: selector h3 a matched nothing on [1-9]\d* pages?$/u,
    );
  });

  it('writes the counters of a batch cut by a cancel, whose pages were fetched and whose records are exported', async () => {
    // Prepare: cancelled at the first progress write, while pages are in flight.
    const { deps, extract, task } = await runningExtraction(1000);
    extract.fetchPage = async (url) => {
      await sleep(20);
      return site(url);
    };
    extract.progressSeconds = 0.1;
    const original = deps.tasks.recordProgress.bind(deps.tasks);
    let live: number | undefined;
    deps.tasks.recordProgress = async (id, counters) => {
      live ??= counters?.requests;
      await deps.tasks.transition(id, 'cancelled');
      return original(id, counters);
    };

    // Act
    await extractBatch(extract, { taskId: task.id });

    // Assess: the task says what the saved frontier says, not what the refused beat knew.
    const stored = await deps.tasks.get(task.id);
    const saved = await deps.store.getJson<{ frontier: { counters: { requests: number } } }>(
      storeKeys.frontier(task.storeID),
    );
    expect(stored?.status).toBe('cancelled');
    expect(saved?.frontier.counters.requests).toBeGreaterThan(live ?? 0);
    expect(stored?.requests).toBe(saved?.frontier.counters.requests);
  });

  it('runs a stored scheme that create would refuse today (two fields giving one column)', async () => {
    // Prepare: `x` with attr `y_text` and `x_y` with attr `text` both give x_y_text.
    const { deps, extract, task } = await runningExtraction(2, [
      { name: 'x', selector: 'p', type: 1, attrs: ['y_text'] },
      { name: 'x_y', selector: 'b', type: 1, attrs: ['text'] },
    ]);

    // Act
    const state = await extractBatch(extract, { taskId: task.id });

    // Assess
    expect(state.done).toBe(true);
    expect((await deps.tasks.get(task.id))?.requests).toBe(2);
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
