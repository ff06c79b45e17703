import { afterEach, describe, expect, it, vi } from 'vitest';
import { cursorsWith } from '#core/cursor';
import type { ListQuery } from '#core/ports/task-repository';
import type { Task } from '#core/task';
import { listTasks } from '#core/tasks/list';
import { MemoryTasks, newTask } from './memory-store.ts';

const cursors = cursorsWith(async () => 'a secret');

const CONTRACT_FIELDS = [
  'createdAt',
  'elapsed',
  'endTime',
  'error',
  'failedRequests',
  'fileSize',
  'id',
  'payloadID',
  'records',
  'requests',
  'skippedRequests',
  'startTime',
  'status',
  'storeID',
  'type',
  'warnings',
];

/** `count` tasks of one account, a second apart, oldest first, with the given statuses in turn. */
async function seeded(count: number, statuses: Task['status'][] = ['completed'], account = 'acme') {
  const tasks = new MemoryTasks();
  const created: Task[] = [];
  for (let i = 0; i < count; i++) {
    const task = newTask({
      account,
      status: statuses[i % statuses.length],
      createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(),
    });
    await tasks.create(task);
    created.push(task);
  }
  return { tasks, created };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('listTasks', () => {
  it('shows each task as the contract’s task object, and nothing of what the table keeps besides', async () => {
    // Prepare
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-01-01T00:10:00.000Z'));
    const tasks = new MemoryTasks();
    const done = newTask({
      type: 'extraction',
      status: 'completed',
      requests: 12,
      failedRequests: 1,
      records: 30,
      createdAt: '2025-01-01T00:00:00.123Z',
      startTime: '2025-01-01T00:00:01.500Z',
      endTime: '2025-01-01T00:01:03.900Z',
      results: { json: { key: 'k', size: 1 } },
      settled: true,
    });
    const running = newTask({
      type: 'extraction',
      status: 'running',
      createdAt: '2025-01-01T00:05:00.000Z',
      startTime: '2025-01-01T00:09:55.000Z',
    });
    await tasks.create(done);
    await tasks.create(running);

    // Act
    const page = await listTasks({ tasks, cursors }, 'acme', { limit: 10, order: 'asc' });

    // Assess
    expect(page.tasks.map((view) => Object.keys(view).sort())).toEqual([CONTRACT_FIELDS, CONTRACT_FIELDS]);
    expect(page.tasks[0]).toEqual({
      id: done.id,
      type: 'extraction',
      payloadID: done.payloadID,
      storeID: done.storeID,
      requests: 12,
      failedRequests: 1,
      skippedRequests: 0,
      records: 30,
      fileSize: 0,
      status: 'completed',
      createdAt: '2025-01-01T00:00:00',
      startTime: '2025-01-01T00:00:01',
      endTime: '2025-01-01T00:01:03',
      elapsed: '62',
      error: null,
      warnings: [],
    });
    // while running, the seconds so far
    expect(page.tasks[1]).toMatchObject({ status: 'running', endTime: null, elapsed: '5' });
  });

  it('asks the repository for one page after the cursor’s position, and makes the next cursor of its last', async () => {
    // Prepare
    const { tasks, created } = await seeded(3);
    const queries: ListQuery[] = [];
    const list = tasks.list.bind(tasks);
    tasks.list = async (query) => {
      queries.push(query);
      return list(query);
    };
    const first = await listTasks({ tasks, cursors }, 'acme', {
      limit: 2,
      order: 'desc',
      status: 'completed',
    });

    // Act
    const second = await listTasks({ tasks, cursors }, 'acme', {
      limit: 2,
      order: 'desc',
      status: 'completed',
      cursor: first.nextCursor as string,
    });

    // Assess
    const [oldest, middle] = created;
    expect(queries).toEqual([
      { account: 'acme', limit: 2, order: 'desc', status: 'completed' },
      {
        account: 'acme',
        limit: 2,
        order: 'desc',
        status: 'completed',
        after: `${middle?.createdAt}#${middle?.id}`,
      },
    ]);
    expect(first.nextCursor).toEqual(expect.any(String));
    // the cursor names the account nowhere a client could read
    expect(Buffer.from(first.nextCursor as string, 'base64url').toString()).not.toContain('acme');
    expect(second.tasks.map((task) => task.id)).toEqual([oldest?.id]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('pages through the account’s tasks by creation time, ascending or descending, none twice', async () => {
    // Prepare
    const { tasks, created } = await seeded(5);
    const other = newTask({ account: 'globex', createdAt: '2025-01-01T00:00:02.500Z' });
    await tasks.create(other);

    // Act
    const pages = async (order: 'asc' | 'desc') => {
      const ids: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await listTasks({ tasks, cursors }, 'acme', {
          limit: 2,
          order,
          ...(cursor ? { cursor } : {}),
        });
        ids.push(page.tasks.map((task) => task.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    const ascending = await pages('asc');
    const descending = await pages('desc');

    // Assess
    const ids = created.map((task) => task.id);
    expect(ascending.flat()).toEqual(ids);
    expect(ascending.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(descending.flat()).toEqual([...ids].reverse());
  });

  it('filters by status with pages that stay full', async () => {
    // Prepare
    const { tasks, created } = await seeded(6, ['completed', 'error', 'running']);

    // Act
    const page = await listTasks({ tasks, cursors }, 'acme', { limit: 2, order: 'asc', status: 'completed' });

    // Assess
    expect(page.tasks.map((task) => task.id)).toEqual(
      created.filter((task) => task.status === 'completed').map((task) => task.id),
    );
    expect(page.tasks.every((task) => task.status === 'completed')).toBe(true);
  });

  it('refuses a cursor of another listing: another account’s, or all statuses’ for one status', async () => {
    // Prepare
    const { tasks } = await seeded(3, ['completed'], 'globex');
    const theirs = await listTasks({ tasks, cursors }, 'globex', { limit: 1, order: 'asc' });

    // Act
    const mine = listTasks({ tasks, cursors }, 'acme', {
      limit: 1,
      order: 'asc',
      cursor: theirs.nextCursor as string,
    });
    const filtered = listTasks({ tasks, cursors }, 'globex', {
      limit: 1,
      order: 'asc',
      status: 'completed',
      cursor: theirs.nextCursor as string,
    });

    // Assess
    await expect(mine).rejects.toMatchObject({ statusCode: 400, code: 'bad_request' });
    await expect(filtered).rejects.toMatchObject({ statusCode: 400, code: 'bad_request' });
  });
});
