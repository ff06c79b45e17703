// Step Functions → core.exportTaskResults (parts → the scheme's format → one object) → state
import { exportTaskResults } from '#core/lifecycle/export';
import { taskStore } from '#runtime/services/store';
import { taskRepository } from '#runtime/services/tasks';
import { stepHandler } from '#runtime/step-handler';
import { lifecycleState } from './schema.ts';

const deps = { tasks: taskRepository(), store: taskStore() };

export const handler = stepHandler(lifecycleState, (state) => exportTaskResults(deps, state));
