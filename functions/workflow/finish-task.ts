// Step Functions → core.finishTask (running → completed, settled) → state
import { finishTask } from '#core/lifecycle/finish';
import { taskRepository, taskStore } from '#core/services';
import { stepHandler } from '#core/step';
import { lifecycleState } from './schema.ts';

const deps = { tasks: taskRepository(), store: taskStore() };

export const handler = stepHandler(lifecycleState, (state) => finishTask(deps, state));
