// HTTP → authenticate → validate query → core.listTasks → 200 [task…] + Link rel="next"
import { apiHandler } from '#core/http';
import { taskRepository } from '#core/services';
import { listTasks } from '#core/tasks/list';
import { parseOrThrow } from '#core/validation';
import { listQuery } from './schemas.ts';

const tasks = taskRepository();

export const handler = apiHandler(async ({ account, query, baseUrl }) => {
  const options = parseOrThrow(listQuery, query);
  const page = await listTasks(tasks, account, options);
  const headers: Record<string, string> = {};
  if (page.nextCursor) {
    // The link carries the listing's parameters but never the caller's API key.
    const next = new URLSearchParams({ limit: String(options.limit), order: options.order });
    if (options.status) next.set('status', options.status);
    next.set('cursor', page.nextCursor);
    headers.link = `<${baseUrl}/v1/tasks?${next}>; rel="next"`;
  }
  return { status: 200, body: page.tasks, headers };
});
