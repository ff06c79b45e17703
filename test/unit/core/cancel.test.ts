import { describe, expect, it } from 'vitest';
import { finishTask } from '#core/lifecycle/finish';
import { startTask } from '#core/lifecycle/start';
import type { Task } from '#core/task';
import { cancelTask } from '#core/tasks/cancel';
import { runTask } from '#core/tasks/run';
import { storeLink } from '#core/tasks/store-link';
import { apiErrorOf } from './api-error-of.ts';
import { memoryDeps, seedExtraction } from './memory-adapters.ts';
import { newTask } from './memory-store.ts';

const noExporter = {
  export: async () => {
    throw new Error('no export expected');
  },
};

describe('cancelTask', () => {
  it('cancels an initialized task, settles it at once (no workflow) and announces task.cancelled', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({ type: 'extraction', status: 'initialized' });
    await deps.tasks.create(task);
    const before = Date.now();

    // Act
    const cancelled = await cancelTask(deps, task.account, task.id);

    // Assess
    expect(cancelled).toMatchObject({ id: task.id, status: 'cancelled', settled: true });
    const stored = await deps.tasks.get(task.id);
    expect(stored).toMatchObject({ status: 'cancelled', settled: true, startTime: null });
    expect(Date.parse(stored?.endTime ?? '')).toBeGreaterThanOrEqual(before);
    expect(deps.events.emitted).toEqual([
      expect.objectContaining({
        event: 'task.cancelled',
        taskId: task.id,
        status: 'cancelled',
        settled: true,
      }),
    ]);
  });

  it.each<Task['status']>(['queued', 'running'])(
    'cancels a %s task with its endTime, leaving it unsettled and unannounced until its workflow ends',
    async (status) => {
      // Prepare
      const deps = memoryDeps();
      const task = newTask({
        type: 'extraction',
        status,
        requests: 7,
        startTime: status === 'running' ? new Date(Date.now() - 5000).toISOString() : null,
      });
      await deps.tasks.create(task);

      // Act
      const cancelled = await cancelTask(deps, task.account, task.id);

      // Assess
      expect(cancelled.status).toBe('cancelled');
      const stored = await deps.tasks.get(task.id);
      expect(stored).toMatchObject({ status: 'cancelled', settled: false, requests: 7 });
      expect(stored?.startTime).toBe(task.startTime);
      expect(stored?.endTime).not.toBeNull();
      // a running batch notices it at its next progress write
      expect(await deps.tasks.recordProgress(task.id, { requests: 8, failedRequests: 0 })).toBe(false);
      // task.cancelled waits for the partial results (the Finish step announces it)
      expect(deps.events.emitted).toEqual([]);
    },
  );

  it('is idempotent on a cancelled task: the same task, its endTime unchanged', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({ type: 'extraction', status: 'initialized' });
    await deps.tasks.create(task);
    const first = await cancelTask(deps, task.account, task.id);

    // Act
    const again = await cancelTask(deps, task.account, task.id);

    // Assess
    expect(again).toEqual(first);
    expect((await deps.tasks.get(task.id))?.endTime).toBe(first.endTime);
    // a repeated announcement carries the same message id, so it is delivered once
    expect(deps.events.types).toEqual(['task.cancelled', 'task.cancelled']);
  });

  it('on a cancelled task still writing its partial results returns it and announces nothing', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({
      type: 'extraction',
      status: 'cancelled',
      settled: false,
      endTime: '2025-01-01T00:00:00.000Z',
    });
    await deps.tasks.create(task);

    // Act
    const again = await cancelTask(deps, task.account, task.id);

    // Assess
    expect(again).toMatchObject({ status: 'cancelled', settled: false, endTime: '2025-01-01T00:00:00.000Z' });
    expect(deps.events.emitted).toEqual([]);
  });

  it.each<Task['status']>(['completed', 'error'])(
    'refuses a %s task with a 409 conflict carrying its status, and leaves it as it was',
    async (status) => {
      // Prepare
      const deps = memoryDeps();
      const task = newTask({
        type: 'extraction',
        status,
        settled: true,
        records: 3,
        endTime: '2025-01-01T00:00:10.000Z',
        error: status === 'error' ? 'The first page could not be fetched' : null,
      });
      await deps.tasks.create(task);

      // Act
      const error = await apiErrorOf(cancelTask(deps, task.account, task.id));

      // Assess
      expect(error).toMatchObject({ statusCode: 409, code: 'conflict', extra: { status } });
      expect(error.message).toBe(`The task is ${status} and cannot be cancelled`);
      expect(await deps.tasks.get(task.id)).toEqual(task);
      expect(deps.events.emitted).toEqual([]);
    },
  );

  it('answers 404 for a task of another account and leaves it running', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({ type: 'extraction', status: 'running', account: 'acme' });
    await deps.tasks.create(task);

    // Act
    const error = await apiErrorOf(cancelTask(deps, 'someone-else', task.id));

    // Assess
    expect(error).toMatchObject({ statusCode: 404, code: 'not_found' });
    expect((await deps.tasks.get(task.id))?.status).toBe('running');
  });

  it('answers 404 for a task that does not exist', async () => {
    // Prepare
    const deps = memoryDeps();

    // Act
    const error = await apiErrorOf(cancelTask(deps, 'acme', 'tDoesNotExist000000000000'));

    // Assess
    expect(error).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it.each([
    ['run first', true],
    ['cancel first', false],
  ])('racing run (%s) always ends cancelled; a refused run started nothing', async (_, runFirst) => {
    // Prepare
    const deps = memoryDeps();
    const task = newTask({ type: 'extraction', status: 'initialized' });
    await deps.tasks.create(task);
    const run = () =>
      runTask(deps, task.account, task.id).then(
        (ran) => ({ ok: true as const, status: ran.status }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    const cancel = () => cancelTask(deps, task.account, task.id);

    // Act
    const [ran, cancelled] = runFirst
      ? await Promise.all([run(), cancel()])
      : await Promise.all([cancel(), run()]).then(([c, r]) => [r, c] as const);

    // Assess
    expect(cancelled.status).toBe('cancelled');
    expect((await deps.tasks.get(task.id))?.status).toBe('cancelled');
    if (ran.ok) {
      expect(ran.status).toBe('queued');
      expect(deps.executions.started).toEqual([task.id]);
    } else {
      expect(ran.error).toMatchObject({ statusCode: 409, extra: { status: 'cancelled' } });
      expect(deps.executions.calls).toEqual([]);
    }
  });

  it('a queued task whose execution never started is settled and announced once cancelled, by the lifecycle it starts again', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'initialized' });
    const down = {
      start: async () => {
        throw new Error('Step Functions unavailable');
      },
    };
    await expect(runTask({ ...deps, executions: down }, task.account, task.id)).rejects.toThrow();

    // Act: the cancel starts the lifecycle again, whose steps then run as Step Functions would
    await cancelTask(deps, task.account, task.id);
    expect(deps.executions.started).toEqual([task.id]);
    const started = await startTask(deps.tasks, task.id, deps.events);
    await finishTask(deps, started);

    // Assess
    expect(started.proceed).toBe(false);
    expect((await deps.tasks.get(task.id))?.settled).toBe(true);
    expect(deps.events.types).toEqual(['task.queued', 'task.cancelled']);
    const link = storeLink({ ...deps, exporter: noExporter, linkTtlSeconds: 60 }, task.account, task.id);
    await expect(link).rejects.toMatchObject({ statusCode: 409, headers: {} });
  });

  it('racing the completion of a running task: exactly one of them wins', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one', 'two']]);

    // Act
    const [cancel] = await Promise.all([
      cancelTask(deps, task.account, task.id).then(
        (cancelled) => ({ ok: true as const, status: cancelled.status }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
      finishTask(deps, { taskId: task.id, storeID: task.storeID }),
    ]);

    // Assess
    const final = await deps.tasks.get(task.id);
    if (cancel.ok) {
      expect(final?.status).toBe('cancelled');
    } else {
      expect(cancel.error).toMatchObject({ statusCode: 409, extra: { status: 'completed' } });
      expect(final?.status).toBe('completed');
    }
    expect(final?.settled).toBe(true);
    // whichever won, the data extracted is served
    const link = await storeLink(
      { ...deps, exporter: noExporter, linkTtlSeconds: 60 },
      task.account,
      task.id,
    );
    expect(link.format).toBe('json');
  });
});
