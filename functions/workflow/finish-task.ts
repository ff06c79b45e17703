// Step Functions → core.finishTask (running → completed, settled) → state
import { finishTask } from '#core/lifecycle/finish';
import { taskStore } from '#core/services/store';
import { taskEvents } from '#core/services/task-events';
import { taskRepository } from '#core/services/tasks';
import { stepHandler } from '#core/step';
import { lifecycleState } from './schema.ts';

const deps = { tasks: taskRepository(), store: taskStore(), events: taskEvents() };

export const handler = stepHandler(lifecycleState, (state) => finishTask(deps, state));
