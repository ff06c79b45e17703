import type { Executions } from '../ports/executions.ts';
import type { TaskStore } from '../ports/store.ts';
import type { TaskEvents } from '../ports/task-events.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import type { WebhookRepository } from '../ports/webhook-repository.ts';

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
