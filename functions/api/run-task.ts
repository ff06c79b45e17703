// HTTP → authenticate → validate id, ?wait → core.runTask, awaitFinal → 200 task (queued, or as it ended)

import { toTaskView } from '#core/task';
import { awaitFinal } from '#core/tasks/await-final';
import { runTask } from '#core/tasks/run';
import { parseOrThrow } from '#core/validation';
import { apiHandler } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { executions } from '#runtime/services/executions';
import { taskStore } from '#runtime/services/store';
import { taskEvents } from '#runtime/services/task-events';
import { taskRepository } from '#runtime/services/tasks';
import { taskIdOf } from './params.ts';
import { waitQuery } from './wait-query.ts';

const deps = { tasks: taskRepository(), store: taskStore(), executions: executions(), events: taskEvents() };

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params, query }) => {
  const id = taskIdOf(params);
  const { wait = 0 } = parseOrThrow(waitQuery, query);
  const task = await awaitFinal(deps.tasks, account, await runTask(deps, account, id), wait);
  return { status: 200, body: toTaskView(task) };
});
