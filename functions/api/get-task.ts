// HTTP → authenticate → validate id, ?wait → core.findTask, awaitFinal → 200 task

import { toTaskView } from '#core/task';
import { awaitFinal } from '#core/tasks/await-final';
import { findTask } from '#core/tasks/find';
import { parseOrThrow } from '#core/validation';
import { apiHandler } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { taskRepository } from '#runtime/services/tasks';
import { taskIdOf } from './params.ts';
import { waitQuery } from './wait-query.ts';

const tasks = taskRepository();

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params, query }) => {
  const id = taskIdOf(params);
  const { wait = 0 } = parseOrThrow(waitQuery, query);
  const task = await awaitFinal(tasks, account, await findTask(tasks, account, id), wait);
  return { status: 200, body: toTaskView(task) };
});
