// storeLink by the task's status: what the contract serves (completed; cancelled or error
// extractions that extracted something) and the 409 `results_not_ready` it answers otherwise.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FormatExporter } from '#core/ports/format-exporter';
import { exportFormat } from '#core/results/export-format';
import { storeKeys } from '#core/store-keys';
import type { ResultFormat, StoredResult, Task } from '#core/task';
import { storeLink } from '#core/tasks/store-link';
import { apiErrorOf } from './api-error-of.ts';
import { type MemoryDeps, memoryDeps, seedExtraction } from './memory-adapters.ts';
import { newTask } from './memory-store.ts';

class RecordingExporter implements FormatExporter {
  readonly calls: { taskId: string; format: ResultFormat }[] = [];
  private readonly deps: MemoryDeps;

  constructor(deps: MemoryDeps) {
    this.deps = deps;
  }
  async export(taskId: string, format: ResultFormat): Promise<StoredResult> {
    this.calls.push({ taskId, format });
    return exportFormat(this.deps, { taskId, format });
  }
}

/** An extraction in `status` whose workflow exported `values` as its JSON results (or nothing). */
async function ended(fields: Partial<Task>, values: string[] = []) {
  const deps = memoryDeps();
  const task = await seedExtraction(deps, fields, values.length > 0 ? [values] : []);
  if (values.length > 0) {
    const body = JSON.stringify(values.map((value) => ({ a_text: value })));
    const result = await deps.store.upload(
      storeKeys.result(task.storeID, 'json'),
      Readable.from([body]),
      'application/json',
    );
    await deps.tasks.saveResult(task.id, 'json', result, { records: values.length });
  }
  const exporter = new RecordingExporter(deps);
  return { deps, exporter, task, link: { ...deps, exporter, linkTtlSeconds: 900 } };
}

/** `YYYY-MM-DDTHH:mm:ss` (UTC, no zone) as milliseconds. */
const contractTime = (time: string) => {
  expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  return Date.parse(`${time}Z`);
};

describe('storeLink by status', () => {
  it('links a completed task’s file for the configured time, named after the task', async () => {
    // Prepare
    const { deps, exporter, task, link } = await ended({ status: 'completed', settled: true }, [
      'one',
      'two',
    ]);
    const key = storeKeys.result(task.storeID, 'json');
    const before = Date.now();

    // Act
    const answer = await storeLink(link, task.account, task.id);

    // Assess
    const after = Date.now();
    expect(answer).toMatchObject({
      url: `memory://${key}`,
      format: 'json',
      size: deps.store.objects.get(key)?.body.length,
    });
    const expires = contractTime(answer.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(Math.floor((before + 900_000) / 1000) * 1000);
    expect(expires).toBeLessThanOrEqual(after + 900_000);
    expect(deps.store.presigned).toEqual([
      {
        method: 'GET',
        key,
        options: {
          expiresInSeconds: 900,
          downloadName: `${task.id}.json`,
          contentType: expect.stringMatching(/json/),
        },
      },
    ]);
    expect(exporter.calls).toEqual([]);
  });

  it('links the partial data of a cancelled extraction once it is settled', async () => {
    // Prepare
    const { deps, task, link } = await ended({ status: 'cancelled', settled: true }, ['one']);

    // Act
    const answer = await storeLink(link, task.account, task.id);

    // Assess
    const key = storeKeys.result(task.storeID, 'json');
    expect(answer.url).toBe(`memory://${key}`);
    expect(JSON.parse(deps.store.objects.get(key)?.body.toString() ?? '')).toEqual([{ a_text: 'one' }]);
  });

  it('converts a cancelled extraction’s partial data to another format on request', async () => {
    // Prepare
    const { deps, exporter, task, link } = await ended({ status: 'cancelled', settled: true }, [
      'one',
      'two',
    ]);

    // Act
    const answer = await storeLink(link, task.account, task.id, 'csv');

    // Assess
    const key = storeKeys.result(task.storeID, 'csv');
    expect(answer).toMatchObject({ url: `memory://${key}`, format: 'csv' });
    expect(exporter.calls).toEqual([{ taskId: task.id, format: 'csv' }]);
    expect(deps.store.objects.get(key)?.body.toString()).toBe('a_text\none\ntwo\n');
    expect(deps.store.presigned[0]?.options).toMatchObject({ downloadName: `${task.id}.csv` });
  });

  it('links the records an extraction ended in error had extracted', async () => {
    // Prepare
    const { task, link } = await ended({ status: 'error', error: 'timed out', settled: true }, ['one']);

    // Act
    const answer = await storeLink(link, task.account, task.id);

    // Assess
    expect(answer).toMatchObject({
      url: `memory://${storeKeys.result(task.storeID, 'json')}`,
      format: 'json',
    });
  });

  it('asks a cancelled task still writing its partial results to retry later (Retry-After)', async () => {
    // Prepare
    const { deps, task, link } = await ended({ status: 'cancelled', settled: false }, ['one']);

    // Act
    const error = await apiErrorOf(storeLink(link, task.account, task.id));

    // Assess
    expect(error).toMatchObject({
      statusCode: 409,
      code: 'results_not_ready',
      extra: { status: 'cancelled' },
      headers: { 'retry-after': '2' },
    });
    expect(deps.store.presigned).toEqual([]);
  });

  it.each<[string, Partial<Task>]>([
    ['a cancelled extraction', { status: 'cancelled', settled: true }],
    [
      'an extraction in error',
      { status: 'error', error: 'The first page could not be fetched', settled: true },
    ],
  ])('refuses %s that extracted nothing, with no Retry-After', async (_, fields) => {
    // Prepare
    const { deps, exporter, task, link } = await ended(fields);

    // Act
    const error = await apiErrorOf(storeLink(link, task.account, task.id, 'csv'));

    // Assess
    expect(error).toMatchObject({
      statusCode: 409,
      code: 'results_not_ready',
      message: 'The task ended without extracting any data',
      extra: { status: fields.status },
      headers: {},
    });
    expect(exporter.calls).toEqual([]);
    expect(deps.store.presigned).toEqual([]);
  });

  it.each<Task['status']>(['initialized', 'queued', 'running'])(
    'refuses a %s task: its results are not ready yet',
    async (status) => {
      // Prepare
      const { deps, exporter, task, link } = await ended({ status }, status === 'running' ? ['one'] : []);

      // Act
      const error = await apiErrorOf(storeLink(link, task.account, task.id));

      // Assess
      expect(error).toMatchObject({
        statusCode: 409,
        code: 'results_not_ready',
        message: `The task is ${status}; its results are not ready yet`,
        extra: { status },
        headers: {},
      });
      expect(exporter.calls).toEqual([]);
      expect(deps.store.presigned).toEqual([]);
    },
  );

  it('refuses a conversion that ended in error: there is no converted file', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({ type: 'conversion', status: 'error', error: 'bad input', settled: true });
    await deps.tasks.create(task);
    const exporter = new RecordingExporter(deps);

    // Act
    const error = await apiErrorOf(
      storeLink({ ...deps, exporter, linkTtlSeconds: 60 }, task.account, task.id),
    );

    // Assess
    expect(error).toMatchObject({
      statusCode: 409,
      code: 'results_not_ready',
      message: 'The conversion ended without a converted file',
      extra: { status: 'error' },
    });
  });
});
