// Step Functions → core.finishTask (running → completed, settled) → state
import { finishTask } from '#core/lifecycle/finish';
import { meter } from '#runtime/observability/metrics';
import { taskStore } from '#runtime/services/store';
import { taskEvents } from '#runtime/services/task-events';
import { taskRepository } from '#runtime/services/tasks';
import { stepHandler } from '#runtime/step-handler';
import { lifecycleState } from './schema.ts';

const deps = { tasks: taskRepository(), store: taskStore(), events: taskEvents(), meter };

export const handler = stepHandler(lifecycleState, (state) => finishTask(deps, state));
