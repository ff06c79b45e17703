// Step Functions (Catch) → core.failTask (partial export, → error with the reason, settled) → state
import { failTask } from '#core/lifecycle/fail';
import { taskRepository, taskStore } from '#core/services';
import { stepHandler } from '#core/step';
import { taskEvents } from '#core/webhooks/services';
import { lifecycleState } from './schema.ts';

const deps = { tasks: taskRepository(), store: taskStore(), events: taskEvents() };

export const handler = stepHandler(lifecycleState, (state) => failTask(deps, state));
