// Step Functions (Catch) → core.failTask (partial export, → error with the reason, settled) → state
import { failTask } from '#core/lifecycle/fail';
import { taskStore } from '#core/services/store';
import { taskEvents } from '#core/services/task-events';
import { taskRepository } from '#core/services/tasks';
import { stepHandler } from '#core/step';
import { lifecycleState } from './schema.ts';

const deps = { tasks: taskRepository(), store: taskStore(), events: taskEvents() };

export const handler = stepHandler(lifecycleState, (state) => failTask(deps, state));
