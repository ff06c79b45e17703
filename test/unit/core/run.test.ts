import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startTask } from '#core/lifecycle/start';
import type { Executions } from '#core/ports/executions';
import { storeKeys } from '#core/store-keys';
import type { Task } from '#core/task';
import { runTask } from '#core/tasks/run';
import { messageIdOf } from '#core/webhooks/events';
import type { WebhookEndpoint } from '#core/webhooks/model';
import { WebhookEvents } from '#core/webhooks/notify';
import { webhookEndpoint } from '../webhooks/memory-webhooks.ts';
import { apiErrorOf } from './api-error-of.ts';
import { MemoryDeliveries, type MemoryDeps, memoryDeps, seedExtraction } from './memory-adapters.ts';
import { newTask } from './memory-store.ts';

/** A conversion task in the repository with its scheme stored. */
async function seedConversion(deps: MemoryDeps, scheme: Record<string, unknown>, fields: Partial<Task> = {}) {
  const task = newTask({ type: 'conversion', status: 'initialized', format: 'json', ...fields });
  await deps.store.putJson(storeKeys.scheme(task.storeID), scheme);
  await deps.tasks.create(task);
  return task;
}

const endpoint = (fields: Partial<WebhookEndpoint>) =>
  webhookEndpoint({ events: ['task.queued'], ...fields });

describe('runTask', () => {
  it('queues an initialized extraction, starts its execution and announces task.queued', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'initialized' });

    // Act
    const ran = await runTask(deps, task.account, task.id);

    // Assess
    expect(ran).toMatchObject({ id: task.id, status: 'queued', startTime: null, endTime: null });
    expect((await deps.tasks.get(task.id))?.status).toBe('queued');
    expect(deps.executions.calls).toEqual([task.id]);
    expect(deps.events.emitted).toEqual([
      expect.objectContaining({ event: 'task.queued', taskId: task.id, status: 'queued' }),
    ]);
  });

  it('refuses a conversion whose upload has not arrived with a 409, leaving it initialized', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedConversion(deps, { source: { upload: true }, from: 'csv', to: 'json' });

    // Act
    const error = await apiErrorOf(runTask(deps, task.account, task.id));

    // Assess
    expect(error).toMatchObject({ statusCode: 409, code: 'conflict', extra: { status: 'initialized' } });
    expect(error.message).toMatch(/upload has not arrived/);
    expect((await deps.tasks.get(task.id))?.status).toBe('initialized');
    expect(deps.executions.calls).toEqual([]);
    expect(deps.events.emitted).toEqual([]);
  });

  it('queues a conversion once its upload is there', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedConversion(deps, { source: { upload: true }, from: 'csv', to: 'json' });
    await deps.store.upload(storeKeys.upload(task.storeID), Readable.from(['a,b\n1,2\n']), 'text/csv');

    // Act
    const ran = await runTask(deps, task.account, task.id);

    // Assess
    expect(ran.status).toBe('queued');
    expect(deps.executions.started).toEqual([task.id]);
  });

  it('refuses a conversion of an extraction that has no results yet, then runs it once it has', async () => {
    // Prepare
    const deps = memoryDeps();
    const source = await seedExtraction(deps, { status: 'running' });
    const task = await seedConversion(deps, { source: { taskId: source.id }, to: 'csv' });

    // Act
    const refused = await apiErrorOf(runTask(deps, task.account, task.id));
    const stored = deps.tasks.tasks.get(source.id);
    if (stored) Object.assign(stored, { status: 'completed', settled: true, records: 1 });
    const ran = await runTask(deps, task.account, task.id);

    // Assess
    expect(refused).toMatchObject({ statusCode: 409, extra: { status: 'initialized' } });
    expect(refused.message).toBe('The source task is running and has no results to convert yet');
    expect(ran.status).toBe('queued');
    expect(deps.executions.started).toEqual([task.id]);
  });

  it('run twice: the second returns the queued task and no second execution exists', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'initialized' });

    // Act
    const first = await runTask(deps, task.account, task.id);
    const second = await runTask(deps, task.account, task.id);

    // Assess
    expect(first.status).toBe('queued');
    expect(second).toEqual(first);
    // A queued task's start is repeated (so a failed start can be retried) and deduped by name.
    expect(deps.executions.calls.every((id) => id === task.id)).toBe(true);
    expect(deps.executions.started).toEqual([task.id]);
    expect((await deps.tasks.get(task.id))?.status).toBe('queued');
  });

  it('concurrent runs move the task once and start a single execution', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'initialized' });
    let queuedTransitions = 0;
    const transition = deps.tasks.transition.bind(deps.tasks);
    deps.tasks.transition = async (id, to, options) => {
      const moved = await transition(id, to, options);
      if (moved && to === 'queued') queuedTransitions++;
      return moved;
    };

    // Act
    const results = await Promise.all(Array.from({ length: 10 }, () => runTask(deps, task.account, task.id)));

    // Assess
    expect(results.map((ran) => ran.status)).toEqual(Array(10).fill('queued'));
    expect(queuedTransitions).toBe(1);
    expect(deps.executions.started).toEqual([task.id]);
  });

  it('on a running task returns it and starts nothing', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'initialized' });
    await runTask(deps, task.account, task.id);
    await startTask(deps.tasks, task.id, deps.events);
    const callsBefore = deps.executions.calls.length;
    const eventsBefore = deps.events.emitted.length;

    // Act
    const again = await runTask(deps, task.account, task.id);

    // Assess
    expect(again.status).toBe('running');
    expect(deps.executions.calls).toHaveLength(callsBefore);
    expect(deps.events.emitted).toHaveLength(eventsBefore);
  });

  it.each<Task['status']>(['completed', 'error', 'cancelled'])(
    'refuses a %s task with a 409 carrying its status and starts nothing',
    async (status) => {
      // Prepare
      const deps = memoryDeps();
      const task = await seedExtraction(deps, { status, settled: true, endTime: '2025-01-01T00:00:00.000Z' });

      // Act
      const error = await apiErrorOf(runTask(deps, task.account, task.id));

      // Assess
      expect(error).toMatchObject({ statusCode: 409, code: 'conflict', extra: { status } });
      expect((await deps.tasks.get(task.id))?.status).toBe(status);
      expect(deps.executions.calls).toEqual([]);
      expect(deps.events.emitted).toEqual([]);
    },
  );

  it('answers 404 for a task of another account and starts nothing', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'initialized' });

    // Act
    const error = await apiErrorOf(runTask(deps, 'someone-else', task.id));

    // Assess
    expect(error.statusCode).toBe(404);
    expect((await deps.tasks.get(task.id))?.status).toBe('initialized');
    expect(deps.executions.calls).toEqual([]);
  });

  it('a run whose start failed leaves the task queued, and a retried run starts it', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'initialized' });
    const failing: Executions = {
      start: async () => {
        throw new Error('Step Functions unavailable');
      },
    };

    // Act
    const failed = runTask({ ...deps, executions: failing }, task.account, task.id);
    await expect(failed).rejects.toThrow('Step Functions unavailable');
    const retried = await runTask(deps, task.account, task.id);

    // Assess
    expect(retried.status).toBe('queued');
    expect(deps.executions.started).toEqual([task.id]);
  });

  it('announces task.queued once per endpoint however often a queued task is run', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'initialized' });
    await deps.webhooks.create(endpoint({ id: 'account-hook' }));
    await deps.webhooks.create(endpoint({ id: 'finals-only', events: ['task.completed'] }));
    await deps.webhooks.create(endpoint({ id: 'other-account', account: 'globex' }));
    await deps.webhooks.create(endpoint({ id: task.id, taskId: task.id, events: ['task.queued'] }));
    const deliveries = new MemoryDeliveries();
    const events = new WebhookEvents(deps.webhooks, deliveries, () => new Date('2025-01-01T00:00:00Z'));

    // Act
    await runTask({ ...deps, events }, task.account, task.id);
    await runTask({ ...deps, events }, task.account, task.id);

    // Assess
    expect([...deliveries.started.keys()].sort()).toEqual(
      [
        messageIdOf(task.id, 'task.queued', 'account-hook'),
        messageIdOf(task.id, 'task.queued', task.id),
      ].sort(),
    );
    for (const request of deliveries.started.values()) {
      const body = JSON.parse(request.body) as { type: string; data: { id: string; status: string } };
      expect(body).toMatchObject({ type: 'task.queued', data: { id: task.id, status: 'queued' } });
      expect(request).toMatchObject({ account: 'acme', taskId: task.id, event: 'task.queued' });
    }
  });
});
