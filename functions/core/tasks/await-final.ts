import type { TaskRepository } from '../ports/task-repository.ts';
import type { Task } from '../task.ts';
import { isFinished } from '../transitions.ts';
import { findTask } from './find.ts';

/** The longest `wait`: API Gateway gives up on an integration after 30 s, the API functions after 29. */
export const MAX_WAIT_SECONDS = 25;

/** Pauses between reads while waiting: quick at first (short tasks), then one read a second. */
const BACKOFF_MS = [250, 500, 1000];
const pauseAfter = (reads: number) => BACKOFF_MS[Math.min(reads, BACKOFF_MS.length - 1)] ?? 1000;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * `wait`: the task once it is completed, failed or cancelled, or as it is after `seconds`.
 * Reads back off to one a second (27 over 25 s, so the answer is at most 1 s late), not one per 100 ms
 * per caller.
 */
export async function awaitFinal(
  tasks: TaskRepository,
  account: string,
  task: Task,
  seconds: number,
  clock: Clock = realClock,
): Promise<Task> {
  const deadline = clock.now() + seconds * 1000;
  let current = task;
  for (let attempt = 0; !isFinished(current.status); attempt++) {
    const left = deadline - clock.now();
    if (left <= 0) break;
    await clock.sleep(Math.min(pauseAfter(attempt), left));
    current = await findTask(tasks, account, task.id);
  }
  return current;
}
