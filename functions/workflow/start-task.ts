// Step Functions → core.startTask (queued → running) → {taskId, storeID, type, proceed}
import { startTask } from '#core/lifecycle/start';
import { taskEvents } from '#core/services/task-events';
import { taskRepository } from '#core/services/tasks';
import { stepHandler } from '#core/step';
import { lifecycleState } from './schema.ts';

const tasks = taskRepository();
const events = taskEvents();

export const handler = stepHandler(lifecycleState, (state) => startTask(tasks, state.taskId, events));
