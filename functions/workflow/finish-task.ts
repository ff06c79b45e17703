// Step Functions → core.finishTask (running → completed, settled) → state
import { finishTask } from '#core/lifecycle/finish';
import { taskRepository, taskStore } from '#core/services';
import { stepHandler } from '#core/step';
import { taskEvents } from '#core/webhooks/services';
import { lifecycleState } from './schema.ts';

const deps = { tasks: taskRepository(), store: taskStore(), events: taskEvents() };

export const handler = stepHandler(lifecycleState, (state) => finishTask(deps, state));
