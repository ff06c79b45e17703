import { createHash } from 'node:crypto';
import type { TaskStatus, TaskView } from '../task.ts';

/** The events a webhook endpoint may subscribe to, in lifecycle order. */
export const TASK_EVENTS = [
  'task.queued',
  'task.running',
  'task.completed',
  'task.error',
  'task.cancelled',
] as const;
export type TaskEventType = (typeof TASK_EVENTS)[number];

/** What an endpoint gets when it names no events: the three final ones. */
export const DEFAULT_EVENTS: readonly TaskEventType[] = ['task.completed', 'task.error', 'task.cancelled'];

/** The event a finished task announces, or null while it is not finished. */
export function finalEventOf(status: TaskStatus): TaskEventType | null {
  if (status === 'completed') return 'task.completed';
  if (status === 'error') return 'task.error';
  if (status === 'cancelled') return 'task.cancelled';
  return null;
}

/**
 * The `webhook-id` of one event of one task to one endpoint: derived, not random, so an event
 * emitted twice (a retried step, a repeated call) is the same message, and its delivery
 * execution (named by it) starts once. A task reaches each status at most once.
 */
export function messageIdOf(taskId: string, event: TaskEventType, endpointId: string): string {
  const digest = createHash('sha256').update(`${taskId}\n${event}\n${endpointId}`).digest('hex');
  return `msg_${digest.slice(0, 32)}`;
}

/** The body of a delivery, exactly as signed and sent: `{type, timestamp, data}`. */
export function eventBody(type: TaskEventType, task: TaskView, at: Date): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data: task });
}
