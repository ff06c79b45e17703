import { describe, expect, it } from 'vitest';
import { extractBatch } from '#core/lifecycle/extract-batch';
import { finishTask } from '#core/lifecycle/finish';
import { storeKeys } from '#core/store-keys';
import type { TaskStatus } from '#core/task';
import { deleteTask } from '#core/tasks/remove';
import { webhookEndpoint } from '../webhooks/memory-webhooks.ts';
import { apiErrorOf } from './api-error-of.ts';
import { type MemoryDeps, memoryDeps, seedExtraction } from './memory-adapters.ts';

const endpoint = webhookEndpoint;

/** Records every transition the repository committed, in order. */
function recordTransitions(deps: MemoryDeps): { id: string; to: TaskStatus }[] {
  const committed: { id: string; to: TaskStatus }[] = [];
  const transition = deps.tasks.transition.bind(deps.tasks);
  deps.tasks.transition = async (id, to, options) => {
    const moved = await transition(id, to, options);
    if (moved) committed.push({ id, to });
    return moved;
  };
  return committed;
}

describe('deleteTask', () => {
  it('cancels a running task first, then deletes it, every object of its store and its own webhook', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one'], ['two']]);
    const other = await seedExtraction(deps, { status: 'running' }, [['kept']]);
    await deps.webhooks.create(endpoint({ id: task.id, taskId: task.id }));
    await deps.webhooks.create(endpoint({ id: 'account-hook' }));
    const committed = recordTransitions(deps);
    const deleted: string[] = [];
    const remove = deps.tasks.delete.bind(deps.tasks);
    deps.tasks.delete = async (id) => {
      deleted.push(`${id} was ${deps.tasks.tasks.get(id)?.status}`);
      await remove(id);
    };

    // Act
    await deleteTask(deps, task.account, task.id);

    // Assess
    expect(committed).toEqual([{ id: task.id, to: 'cancelled' }]);
    expect(deleted).toEqual([`${task.id} was cancelled`]);
    expect(await deps.tasks.get(task.id)).toBeNull();
    expect(await deps.store.list(`${task.storeID}/`)).toEqual([]);
    expect(await deps.webhooks.get(task.id)).toBeNull();
    // nothing of anyone else goes with it
    expect(await deps.webhooks.get('account-hook')).not.toBeNull();
    expect((await deps.tasks.get(other.id))?.status).toBe('running');
    expect(await deps.store.list(`${other.storeID}/`)).toHaveLength(2);
  });

  it('a batch running when the task was deleted stops, and nothing the workflow writes survives', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one']]);
    const fetchPage = async () => {
      throw new Error('no page is fetched for a task that is gone');
    };

    // Act
    await deleteTask(deps, task.account, task.id);
    // the workflow's next steps, as the state machine runs them after a batch
    const next = await extractBatch(
      { ...deps, fetchPage, batchSeconds: 120, progressSeconds: 2 },
      { taskId: task.id, storeID: task.storeID, batch: 1 },
    );
    await deps.store.putText(storeKeys.part(task.storeID, 1), '{"a_text":"written late"}\n');
    await finishTask(deps, next);

    // Assess
    expect(next.done).toBe(true);
    expect(await deps.store.list(`${task.storeID}/`)).toEqual([]);
    expect(await deps.tasks.get(task.id)).toBeNull();
  });

  it.each<TaskStatus>(['completed', 'error', 'cancelled'])(
    'deletes a %s task without a transition',
    async (status) => {
      // Prepare
      const deps = memoryDeps();
      const task = await seedExtraction(deps, { status, settled: true }, [['one']]);
      const committed = recordTransitions(deps);

      // Act
      await deleteTask(deps, task.account, task.id);

      // Assess
      expect(committed).toEqual([]);
      expect(await deps.tasks.get(task.id)).toBeNull();
      expect(await deps.store.list(`${task.storeID}/`)).toEqual([]);
    },
  );

  it.each<TaskStatus>(['initialized', 'queued'])('cancels a %s task before deleting it', async (status) => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status });
    const committed = recordTransitions(deps);

    // Act
    await deleteTask(deps, task.account, task.id);

    // Assess
    expect(committed).toEqual([{ id: task.id, to: 'cancelled' }]);
    expect(await deps.tasks.get(task.id)).toBeNull();
    expect(await deps.store.list(`${task.storeID}/`)).toEqual([]);
  });

  it('answers 404 for a task of another account and deletes nothing', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'running' }, [['one']]);
    await deps.webhooks.create(endpoint({ id: task.id, taskId: task.id }));
    const objects = await deps.store.list(`${task.storeID}/`);

    // Act
    const error = await apiErrorOf(deleteTask(deps, 'someone-else', task.id));

    // Assess
    expect(error).toMatchObject({ statusCode: 404, code: 'not_found' });
    expect((await deps.tasks.get(task.id))?.status).toBe('running');
    expect(await deps.store.list(`${task.storeID}/`)).toEqual(objects);
    expect(await deps.webhooks.get(task.id)).not.toBeNull();
  });

  it('answers 404 the second time', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'completed', settled: true });
    await deleteTask(deps, task.account, task.id);

    // Act
    const error = await apiErrorOf(deleteTask(deps, task.account, task.id));

    // Assess
    expect(error.statusCode).toBe(404);
  });

  it('leaves an endpoint that only shares the task’s id but is not its own', async () => {
    // Prepare
    const deps = memoryDeps();
    const task = await seedExtraction(deps, { status: 'completed', settled: true });
    await deps.webhooks.create(endpoint({ id: task.id, taskId: null }));

    // Act
    await deleteTask(deps, task.account, task.id);

    // Assess
    expect(await deps.webhooks.get(task.id)).not.toBeNull();
  });
});
