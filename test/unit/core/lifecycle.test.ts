import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exportTaskResults } from '#core/lifecycle/export';
import { failTask, reasonOf } from '#core/lifecycle/fail';
import { finishTask } from '#core/lifecycle/finish';
import { settleTask } from '#core/lifecycle/settle';
import { startTask } from '#core/lifecycle/start';
import type { LifecycleState } from '#core/lifecycle/state';
import { storeKeys } from '#core/store-keys';
import { cancelTask } from '#core/tasks/cancel';
import { deleteTask } from '#core/tasks/remove';
import { runTask } from '#core/tasks/run';
import { storeLink } from '#core/tasks/store-link';
import { jsonRecords, memoryDeps, seedExtraction } from './memory-adapters.ts';
import { newTask } from './memory-store.ts';

const noExporter = {
  export: async () => {
    throw new Error('no export expected');
  },
};

/** How Step Functions hands a Lambda step's error to the Catch: `{Error, Cause}` of the payload. */
const lambdaFailure = (errorType: string, errorMessage: string): LifecycleState['failure'] => ({
  Error: errorType,
  Cause: JSON.stringify({ errorType, errorMessage, trace: [] }),
});

describe('startTask', () => {
  it('tells the state machine a chrome extraction is rendered (renderer), so it takes the browser step', async () => {
    const deps = memoryDeps();
    const task = newTask({ type: 'extraction', status: 'queued', renderer: 'chrome' });
    await deps.tasks.create(task);
    const state = await startTask(deps.tasks, task.id, deps.events);
    expect(state).toEqual({
      taskId: task.id,
      storeID: task.storeID,
      type: 'extraction',
      renderer: 'chrome',
      proceed: true,
    });
  });

  it('moves a queued task to running with its startTime, proceeds and announces task.running', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({ type: 'extraction', status: 'queued' });
    await deps.tasks.create(task);
    const before = Date.now();

    // Act
    const state = await startTask(deps.tasks, task.id, deps.events);

    // Assess
    expect(state).toEqual({ taskId: task.id, storeID: task.storeID, type: 'extraction', proceed: true });
    const stored = await deps.tasks.get(task.id);
    expect(stored?.status).toBe('running');
    expect(Date.parse(stored?.startTime ?? '')).toBeGreaterThanOrEqual(before);
    expect(deps.events.emitted).toEqual([
      expect.objectContaining({ event: 'task.running', taskId: task.id, status: 'running' }),
    ]);
  });

  it('does not proceed with a task cancelled while queued: it stays cancelled, never started', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({ type: 'extraction', status: 'initialized' });
    await deps.tasks.create(task);
    await runTask(deps, task.account, task.id);
    await cancelTask(deps, task.account, task.id);
    deps.events.emitted.length = 0;

    // Act
    const state = await startTask(deps.tasks, task.id, deps.events);

    // Assess
    expect(state.proceed).toBe(false);
    const stored = await deps.tasks.get(task.id);
    expect(stored).toMatchObject({ status: 'cancelled', startTime: null });
    expect(deps.events.emitted).toEqual([]);
  });

  it('does not proceed with a task deleted before it started', async () => {
    // Prepare
    const deps = memoryDeps();

    // Act
    const state = await startTask(deps.tasks, 'tGone00000000000000000000', deps.events);

    // Assess
    expect(state).toEqual({ taskId: 'tGone00000000000000000000', proceed: false });
    expect(deps.events.emitted).toEqual([]);
  });

  it('does not start a task that was never queued', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({ status: 'initialized' });
    await deps.tasks.create(task);

    // Act
    const state = await startTask(deps.tasks, task.id, deps.events);

    // Assess
    expect(state.proceed).toBe(false);
    expect((await deps.tasks.get(task.id))?.status).toBe('initialized');
  });

  it('a retried Start finds its own transition: still proceeding, the first startTime kept', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({ type: 'conversion', status: 'queued' });
    await deps.tasks.create(task);
    await startTask(deps.tasks, task.id, deps.events);
    const startTime = (await deps.tasks.get(task.id))?.startTime;

    // Act
    const state = await startTask(deps.tasks, task.id, deps.events);

    // Assess
    expect(state).toEqual({ taskId: task.id, storeID: task.storeID, type: 'conversion', proceed: true });
    expect((await deps.tasks.get(task.id))?.startTime).toBe(startTime);
  });
});

describe('finishTask', () => {
  it('exports every batch in order, completes and settles the task, then announces task.completed', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running', startTime: new Date().toISOString() }, [
      ['one', 'two'],
      ['three'],
    ]);

    // Act
    await finishTask(deps, { taskId: task.id, storeID: task.storeID, done: true });

    // Assess
    const stored = await deps.tasks.get(task.id);
    expect(stored).toMatchObject({ status: 'completed', settled: true, records: 3, error: null });
    expect(stored?.endTime).not.toBeNull();
    const key = storeKeys.result(task.storeID, 'json');
    const file = deps.store.objects.get(key)?.body as Buffer;
    expect(stored?.results.json).toEqual({
      key,
      size: file.length,
      md5: createHash('md5').update(file).digest('hex'),
    });
    expect(jsonRecords(deps.store, key)).toEqual([{ a_text: 'one' }, { a_text: 'two' }, { a_text: 'three' }]);
    // announced only once the results can be downloaded
    expect(deps.events.emitted).toEqual([
      expect.objectContaining({
        event: 'task.completed',
        status: 'completed',
        settled: true,
        results: ['json'],
      }),
    ]);
  });

  it('leaves a cancelled task cancelled, with its partial results exported and task.cancelled announced', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one', 'two']]);
    const cancelled = await cancelTask(deps, task.account, task.id);

    // Act
    await finishTask(deps, { taskId: task.id, storeID: task.storeID, done: true });

    // Assess
    const stored = await deps.tasks.get(task.id);
    expect(stored).toMatchObject({
      status: 'cancelled',
      settled: true,
      records: 2,
      endTime: cancelled.endTime,
    });
    expect(jsonRecords(deps.store, storeKeys.result(task.storeID, 'json'))).toEqual([
      { a_text: 'one' },
      { a_text: 'two' },
    ]);
    expect(deps.events.emitted).toEqual([
      expect.objectContaining({ event: 'task.cancelled', status: 'cancelled', settled: true, records: 2 }),
    ]);
  });

  it('keeps a results file already exported instead of writing it again', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one']]);
    const key = storeKeys.result(task.storeID, 'json');
    const written = await deps.store.upload(key, Readable.from(['[{"a_text":"kept"}]']), 'application/json');
    await deps.tasks.saveResult(task.id, 'json', written, { records: 1 });

    // Act
    await finishTask(deps, { taskId: task.id, storeID: task.storeID });

    // Assess
    expect(jsonRecords(deps.store, key)).toEqual([{ a_text: 'kept' }]);
    expect((await deps.tasks.get(task.id))?.status).toBe('completed');
  });

  it('completes a conversion without exporting anything', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({ type: 'conversion', status: 'running', format: 'csv' });
    await deps.tasks.create(task);
    const key = storeKeys.result(task.storeID, 'csv');
    const converted = await deps.store.upload(key, Readable.from(['a\n1\n']), 'text/csv');
    await deps.tasks.saveResult(task.id, 'csv', converted, { records: 1, fileSize: 0 });

    // Act
    await finishTask(deps, { taskId: task.id, storeID: task.storeID });

    // Assess
    expect(await deps.tasks.get(task.id)).toMatchObject({ status: 'completed', settled: true, records: 1 });
    expect(await deps.store.list(`${task.storeID}/`)).toEqual([key]);
    expect(deps.events.types).toEqual(['task.completed']);
  });

  it('removes what the workflow wrote after the task was deleted, and announces nothing', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one']]);
    await deleteTask(deps, task.account, task.id);
    // a batch that was mid-write when the delete ran
    await deps.store.putText(storeKeys.part(task.storeID, 1), '{"a_text":"late"}\n');
    await deps.store.putJson(storeKeys.frontier(task.storeID), { nextPart: 2 });

    // Act
    await finishTask(deps, { taskId: task.id, storeID: task.storeID, done: true });

    // Assess
    expect(await deps.tasks.get(task.id)).toBeNull();
    expect(await deps.store.list(`${task.storeID}/`)).toEqual([]);
    expect(deps.events.emitted).toEqual([]);
  });

  it('a task cancelled before it started ends settled, cancelled, with no data to serve', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'initialized' });
    await runTask(deps, task.account, task.id);
    await cancelTask(deps, task.account, task.id);
    const started = await startTask(deps.tasks, task.id, deps.events);
    deps.events.emitted.length = 0;

    // Act
    await finishTask(deps, started);

    // Assess
    expect(await deps.tasks.get(task.id)).toMatchObject({ status: 'cancelled', settled: true, records: 0 });
    expect(deps.events.types).toEqual(['task.cancelled']);
    const link = storeLink({ ...deps, exporter: noExporter, linkTtlSeconds: 60 }, task.account, task.id);
    await expect(link).rejects.toMatchObject({ statusCode: 409, code: 'results_not_ready', headers: {} });
  });
});

describe('failTask', () => {
  it('keeps the partial data, records the reason, settles, and announces task.error', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one', 'two']]);
    const failure = lambdaFailure('TaskFailed', 'The first page answered HTTP 503');

    // Act
    const state = await failTask(deps, { taskId: task.id, storeID: task.storeID, failure });

    // Assess
    expect(state.failure).toEqual(failure);
    const stored = await deps.tasks.get(task.id);
    expect(stored).toMatchObject({
      status: 'error',
      error: 'The first page answered HTTP 503',
      settled: true,
      records: 2,
    });
    expect(stored?.endTime).not.toBeNull();
    expect(jsonRecords(deps.store, storeKeys.result(task.storeID, 'json'))).toEqual([
      { a_text: 'one' },
      { a_text: 'two' },
    ]);
    expect(deps.events.emitted).toEqual([
      expect.objectContaining({
        event: 'task.error',
        status: 'error',
        error: 'The first page answered HTTP 503',
        settled: true,
      }),
    ]);
    // and the partial data is served (an error that extracted something)
    const link = await storeLink(
      { ...deps, exporter: noExporter, linkTtlSeconds: 60 },
      task.account,
      task.id,
    );
    expect(link).toMatchObject({ format: 'json', url: `memory://${storeKeys.result(task.storeID, 'json')}` });
  });

  it('fails a task whose Start step failed (queued → error)', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'queued' });

    // Act
    await failTask(deps, { taskId: task.id, failure: lambdaFailure('Error', 'boom') });

    // Assess
    expect(await deps.tasks.get(task.id)).toMatchObject({
      status: 'error',
      error: 'Internal error while running the task',
      settled: true,
      records: 0,
    });
    expect(deps.events.types).toEqual(['task.error']);
  });

  it('leaves a cancelled task cancelled, its reason empty, and announces task.cancelled', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one']]);
    await cancelTask(deps, task.account, task.id);

    // Act
    await failTask(deps, { taskId: task.id, storeID: task.storeID, failure: lambdaFailure('Error', 'x') });

    // Assess
    expect(await deps.tasks.get(task.id)).toMatchObject({
      status: 'cancelled',
      error: null,
      settled: true,
      records: 1,
    });
    expect(deps.events.types).toEqual(['task.cancelled']);
  });

  it('never changes a completed task', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one']]);
    await finishTask(deps, { taskId: task.id, storeID: task.storeID });
    const completed = await deps.tasks.get(task.id);

    // Act
    await failTask(deps, { taskId: task.id, storeID: task.storeID, failure: lambdaFailure('Error', 'late') });

    // Assess
    expect(await deps.tasks.get(task.id)).toEqual(completed);
  });

  it('still fails and settles the task when its partial export cannot be written', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one']]);
    deps.store.objects.delete(storeKeys.scheme(task.storeID)); // the export needs the scheme

    // Act
    await failTask(deps, {
      taskId: task.id,
      storeID: task.storeID,
      failure: lambdaFailure('TaskFailed', 'why'),
    });

    // Assess
    expect(await deps.tasks.get(task.id)).toMatchObject({ status: 'error', error: 'why', settled: true });
    expect(deps.events.types).toEqual(['task.error']);
  });

  it('exports nothing for a failed conversion: no file, and store says so', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({ type: 'conversion', status: 'running', format: 'csv' });
    await deps.tasks.create(task);

    // Act
    await failTask(deps, {
      taskId: task.id,
      storeID: task.storeID,
      failure: lambdaFailure('TaskFailed', 'Unterminated quoted field (opened on line 2)'),
    });

    // Assess
    expect(await deps.tasks.get(task.id)).toMatchObject({
      status: 'error',
      error: 'Unterminated quoted field (opened on line 2)',
      settled: true,
      results: {},
    });
    expect(await deps.store.list(`${task.storeID}/`)).toEqual([]);
    const link = storeLink({ ...deps, exporter: noExporter, linkTtlSeconds: 60 }, task.account, task.id);
    await expect(link).rejects.toMatchObject({
      statusCode: 409,
      code: 'results_not_ready',
      message: 'The conversion ended without a converted file',
    });
  });
});

describe('reasonOf', () => {
  it.each<[string, LifecycleState['failure'], string]>([
    [
      'our own failure, its message',
      lambdaFailure('TaskFailed', 'Fetching the source answered HTTP 404'),
      'Fetching the source answered HTTP 404',
    ],
    ['a Lambda timeout', { Error: 'Sandbox.Timedout', Cause: '{}' }, 'A step of the task timed out'],
    ['a state timeout', { Error: 'States.Timeout' }, 'A step of the task timed out'],
    [
      'any other error, nothing of its message',
      lambdaFailure('TypeError', 'x is undefined at /var/task'),
      'Internal error while running the task',
    ],
    [
      'our failure with a Cause that is not JSON',
      { Error: 'TaskFailed', Cause: 'oops' },
      'Internal error while running the task',
    ],
    ['no failure at all', undefined, 'The task could not be processed'],
  ])('gives %s', (_, failure, reason) => {
    // Prepare, Act
    const given = reasonOf(failure);

    // Assess
    expect(given).toBe(reason);
  });
});

describe('settleTask', () => {
  it('marks an existing task settled and deletes nothing', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'completed' }, [['one']]);
    const objects = await deps.store.list(`${task.storeID}/`);

    // Act
    await settleTask(deps, task.id, task.storeID);

    // Assess
    expect((await deps.tasks.get(task.id))?.settled).toBe(true);
    expect(await deps.store.list(`${task.storeID}/`)).toEqual(objects);
  });

  it('deletes the store of a task deleted meanwhile, and only that store', async () => {
    // Prepare
    const deps = memoryDeps();
    await deps.store.putText('abc/parts/000000.jsonl', 'late\n');
    await deps.store.putText('abcd/scheme.json', '{}'); // another task's store, sharing the prefix

    // Act
    await settleTask(deps, 'tGone00000000000000000000', 'abc');

    // Assess
    expect(await deps.tasks.get('tGone00000000000000000000')).toBeNull();
    expect([...deps.store.objects.keys()]).toEqual(['abcd/scheme.json']);
  });
});

describe('exportTaskResults', () => {
  it('writes the results in the scheme’s format from every part, and records the count', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running', format: 'csv' }, [
      ['one'],
      ['two', 'three'],
    ]);
    const state = { taskId: task.id, storeID: task.storeID, batch: 2, done: true };

    // Act
    const next = await exportTaskResults(deps, state);

    // Assess
    expect(next).toEqual(state);
    const key = storeKeys.result(task.storeID, 'csv');
    expect(deps.store.objects.get(key)?.body.toString()).toBe('a_text\none\ntwo\nthree\n');
    expect(await deps.tasks.get(task.id)).toMatchObject({
      records: 3,
      status: 'running',
      results: { csv: { key } },
    });
  });

  it('writes nothing for a task deleted meanwhile', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one']]);
    await deps.tasks.delete(task.id);

    // Act
    await exportTaskResults(deps, { taskId: task.id, storeID: task.storeID });

    // Assess
    expect(deps.store.objects.has(storeKeys.result(task.storeID, 'json'))).toBe(false);
  });
});
