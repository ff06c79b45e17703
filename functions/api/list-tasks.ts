// HTTP → authenticate → validate query → core.listTasks → 200 [task…] + Link rel="next"

import { listTasks } from '#core/tasks/list';
import { parseOrThrow } from '#core/validation';
import { apiHandler, nextPageHeaders } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { cursors } from '#runtime/services/cursors';
import { taskRepository } from '#runtime/services/tasks';
import { listQuery } from './list-query.ts';

const deps = { tasks: taskRepository(), cursors: cursors() };

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, query, baseUrl }) => {
  const options = parseOrThrow(listQuery, query);
  const page = await listTasks(deps, account, options);
  const { limit, order, status } = options;
  const headers = nextPageHeaders(`${baseUrl}/v1/tasks`, { limit, order, status }, page.nextCursor);
  return { status: 200, body: page.tasks, headers };
});
