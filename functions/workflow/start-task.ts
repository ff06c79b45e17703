// Step Functions → core.startTask (queued → running) → {taskId, storeID, type, proceed}
import { startTask } from '#core/lifecycle/start';
import { taskEvents } from '#runtime/services/task-events';
import { taskRepository } from '#runtime/services/tasks';
import { stepHandler } from '#runtime/step-handler';
import { lifecycleState } from './schema.ts';

const tasks = taskRepository();
const events = taskEvents();

export const handler = stepHandler(lifecycleState, (state) => startTask(tasks, state.taskId, events));
