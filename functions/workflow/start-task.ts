// Step Functions → core.startTask (queued → running) → {taskId, storeID, type, proceed}
import { startTask } from '#core/lifecycle/start';
import { taskRepository } from '#core/services';
import { stepHandler } from '#core/step';
import { taskEvents } from '#core/webhooks/services';
import { lifecycleState } from './schema.ts';

const tasks = taskRepository();
const events = taskEvents();

export const handler = stepHandler(lifecycleState, (state) => startTask(tasks, state.taskId, events));
