// HTTP → authenticate → validate id, format → core.storeLink (another format: the ExportFormat
// function, invoked) → 200 {url, format, size, expiresAt}
import { apiHandler } from '#core/http';
import { apiKeys } from '#core/services/api-keys';
import { formatExporter } from '#core/services/format-exporter';
import { taskStore } from '#core/services/store';
import { taskRepository } from '#core/services/tasks';
import { storeLink } from '#core/tasks/store-link';
import { parseOrThrow } from '#core/validation';
import { taskIdOf } from './params.ts';
import { storeQuery } from './store-query.ts';

const deps = { tasks: taskRepository(), store: taskStore(), exporter: formatExporter() };

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params, query }) => {
  const id = taskIdOf(params);
  const { format } = parseOrThrow(storeQuery, query);
  return { status: 200, body: await storeLink(deps, account, id, format) };
});
