// Step Functions → core.exportTaskResults (parts → the scheme's format → one object) → state
import { exportTaskResults } from '#core/lifecycle/export';
import { taskRepository, taskStore } from '#core/services';
import { stepHandler } from '#core/step';
import { lifecycleState } from './schema.ts';

const deps = { tasks: taskRepository(), store: taskStore() };

export const handler = stepHandler(lifecycleState, (state) => exportTaskResults(deps, state));
