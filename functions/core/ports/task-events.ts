import type { Task } from '../task.ts';
import type { TaskEventType } from '../webhooks/events.ts';

/** The port through which use cases announce a task's committed transitions. */
export interface TaskEvents {
  /** Starts a delivery to every enabled endpoint of the task's account, and its own, that subscribes. */
  emit(task: Task, event: TaskEventType): Promise<void>;
}
