import type { Executions } from '../executions.ts';
import type { TaskStore } from '../store.ts';
import type { TaskRepository } from '../task-repository.ts';
import type { WebhookRepository } from '../webhooks/model.ts';
import type { TaskEvents } from '../webhooks/notify.ts';

/** What the task use cases act on; handlers pass the AWS adapters, tests may pass others. */
export interface TaskDeps {
  tasks: TaskRepository;
  store: TaskStore;
  executions: Executions;
  /** Announces committed transitions to webhooks; without it, none are sent. */
  events?: TaskEvents;
  /** Where a task's own webhook is kept (create, delete). */
  webhooks?: WebhookRepository;
}
