// `npm start` after a stop mid-crawl: the interrupted task carries on from its saved frontier.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import { booksScheme, expectedBooks } from '#test/helpers/books';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { startTestRuntime } from '#test/helpers/runtime';
import { download, isFinished, pollTask } from '#test/helpers/tasks';

let site: FixtureSite;
let dataDir: string;

beforeAll(async () => {
  site = await startFixtureSite({ pages: 40, perPage: 2, delayMs: 50 });
  dataDir = await mkdtemp(join(tmpdir(), 'dfk-resume-'));
});

afterAll(async () => {
  await site.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a persistent local stack', () => {
  it('resumes a task that was running when it stopped, with exact records', async () => {
    const options = {
      ephemeral: false,
      dataDir,
      env: { DFK_BATCH_SECONDS: '0.4', DFK_PROGRESS_SECONDS: '0.1' },
    };
    const first = await startTestRuntime(options);
    const scheme = booksScheme(site, { paginator: { nextPageSelector: 'li.next a', pageNum: 40 } });
    const created = await first.api<TaskView>('POST', '/tasks/create', { scheme, run: true });
    await pollTask(first.api, created.body.id, (task) => task.requests >= 12);
    await first.stop();

    const second = await startTestRuntime(options);
    try {
      const done = await pollTask(second.api, created.body.id, isFinished, 60_000);
      expect(done.status).toBe('completed');
      expect(done.requests).toBe(40);
      const store = await second.api<{ url: string }>('POST', `/tasks/${created.body.id}/store`);
      expect(JSON.parse((await download(store.body.url)).text)).toEqual(expectedBooks(site, 40));
    } finally {
      await second.stop();
    }
  });
});
