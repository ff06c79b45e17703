import type { TaskStatus } from './task.ts';

/** Which statuses a task may leave for each status; a finished task never changes again. */
const ALLOWED_FROM: Record<TaskStatus, readonly TaskStatus[]> = {
  initialized: [],
  queued: ['initialized'],
  running: ['queued'],
  completed: ['running'],
  error: ['queued', 'running'],
  cancelled: ['initialized', 'queued', 'running'],
};

export const FINISHED: readonly TaskStatus[] = ['completed', 'error', 'cancelled'];

export function allowedFrom(to: TaskStatus): readonly TaskStatus[] {
  return ALLOWED_FROM[to];
}

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return ALLOWED_FROM[to].includes(from);
}

export function isFinished(status: TaskStatus): boolean {
  return FINISHED.includes(status);
}
