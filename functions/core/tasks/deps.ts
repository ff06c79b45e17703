import type { Executions } from '../executions.ts';
import type { TaskStore } from '../store.ts';
import type { TaskRepository } from '../task-repository.ts';

/** What the task use cases act on; handlers pass the AWS adapters, tests may pass others. */
export interface TaskDeps {
  tasks: TaskRepository;
  store: TaskStore;
  executions: Executions;
}
