// HTTP → authenticate → validate id → core.deleteTask → 204
import { apiHandler } from '#core/http';
import { taskRepository, taskStore } from '#core/services';
import { deleteTask } from '#core/tasks/remove';
import { parseOrThrow } from '#core/validation';
import { taskIdParams } from './schemas.ts';

const deps = { tasks: taskRepository(), store: taskStore() };

export const handler = apiHandler(async ({ account, params }) => {
  const { id } = parseOrThrow(taskIdParams, params);
  await deleteTask(deps, account, id);
  return { status: 204 };
});
