// Step Functions (Catch) → core.failTask (partial export, → error with the reason, settled) → state
import { failTask } from '#core/lifecycle/fail';
import { logger } from '#runtime/observability/logger';
import { meter } from '#runtime/observability/metrics';
import { taskStore } from '#runtime/services/store';
import { taskEvents } from '#runtime/services/task-events';
import { taskRepository } from '#runtime/services/tasks';
import { stepHandler } from '#runtime/step-handler';
import { lifecycleState } from './schema.ts';

const deps = { tasks: taskRepository(), store: taskStore(), events: taskEvents(), log: logger, meter };

export const handler = stepHandler(lifecycleState, (state) => failTask(deps, state));
