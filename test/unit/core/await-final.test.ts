import { describe, expect, it } from 'vitest';
import { ApiError } from '#core/errors';
import { awaitFinal, type Clock } from '#core/tasks/await-final';
import { MemoryTasks, newTask } from './memory-store.ts';

/** A clock that only moves when the waiter sleeps, and runs `at` hooks once their time has come. */
function virtualClock(hooks: { at: number; run(): Promise<void> }[] = []) {
  let now = 0;
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
      for (const hook of hooks.filter((h) => h.at <= now)) {
        hooks.splice(hooks.indexOf(hook), 1);
        await hook.run();
      }
    },
  };
  return { clock, sleeps, elapsed: () => now };
}

/** A repository that counts its reads. */
class CountingTasks extends MemoryTasks {
  reads = 0;
  override async get(id: string, account?: string) {
    this.reads += 1;
    return super.get(id, account);
  }
}

describe('awaitFinal', () => {
  it('answers a finished task at once, without reading it again', async () => {
    const tasks = new CountingTasks();
    const task = newTask({ account: 'acme', status: 'completed' });
    await tasks.create(task);
    const { clock, sleeps } = virtualClock();
    expect((await awaitFinal(tasks, 'acme', task, 25, clock)).status).toBe('completed');
    expect(tasks.reads).toBe(0);
    expect(sleeps).toEqual([]);
  });

  it('answers as soon as the task ends, reading quickly at first', async () => {
    const tasks = new CountingTasks();
    const task = newTask({ account: 'acme', status: 'running' });
    await tasks.create(task);
    const { clock, sleeps, elapsed } = virtualClock([
      { at: 2000, run: async () => void (await tasks.transition(task.id, 'completed')) },
    ]);
    const ended = await awaitFinal(tasks, 'acme', task, 20, clock);
    expect(ended.status).toBe('completed');
    expect(sleeps).toEqual([250, 500, 1000, 1000]);
    expect(elapsed()).toBe(2750);
    expect(tasks.reads).toBe(4);
  });

  it('gives up after wait seconds with the task as it is, about one read a second', async () => {
    const tasks = new CountingTasks();
    const task = newTask({ account: 'acme', status: 'running' });
    await tasks.create(task);
    const { clock, elapsed } = virtualClock();
    const still = await awaitFinal(tasks, 'acme', task, 25, clock);
    expect(still.status).toBe('running');
    expect(elapsed()).toBe(25_000);
    expect(tasks.reads).toBe(27);
  });

  it('does not wait at all with wait=0', async () => {
    const tasks = new CountingTasks();
    const task = newTask({ account: 'acme', status: 'queued' });
    await tasks.create(task);
    const { clock } = virtualClock();
    expect((await awaitFinal(tasks, 'acme', task, 0, clock)).status).toBe('queued');
    expect(tasks.reads).toBe(0);
  });

  it('answers 404 when the task is deleted while waiting', async () => {
    const tasks = new CountingTasks();
    const task = newTask({ account: 'acme', status: 'running' });
    await tasks.create(task);
    const { clock } = virtualClock([{ at: 1000, run: async () => void tasks.tasks.delete(task.id) }]);
    const error = await awaitFinal(tasks, 'acme', task, 10, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).statusCode).toBe(404);
  });
});
