// Step Functions → core.exportTaskResults (parts → the scheme's format → one object) → state
import { exportTaskResults } from '#core/lifecycle/export';
import { taskStore } from '#core/services/store';
import { taskRepository } from '#core/services/tasks';
import { stepHandler } from '#core/step';
import { lifecycleState } from './schema.ts';

const deps = { tasks: taskRepository(), store: taskStore() };

export const handler = stepHandler(lifecycleState, (state) => exportTaskResults(deps, state));
