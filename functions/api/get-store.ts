// HTTP → authenticate → validate id, format, export options → core.storeLink (a file not made yet:
// the ExportFormat function, invoked) → 200 {url, format, size, md5, options, expiresAt}

import { storeLink } from '#core/tasks/store-link';
import { parseOrThrow } from '#core/validation';
import { apiHandler } from '#runtime/api-handler';
import { settings } from '#runtime/config';
import { apiKeys } from '#runtime/services/api-keys';
import { formatExporter } from '#runtime/services/format-exporter';
import { taskStore } from '#runtime/services/store';
import { taskRepository } from '#runtime/services/tasks';
import { taskIdOf } from './params.ts';
import { storeQuery } from './store-query.ts';

const deps = {
  tasks: taskRepository(),
  store: taskStore(),
  exporter: formatExporter(),
  linkTtlSeconds: settings.linkTtlSeconds,
};

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params, query }) => {
  const id = taskIdOf(params);
  const { format, ...options } = parseOrThrow(storeQuery, query);
  return { status: 200, body: await storeLink(deps, account, id, format, options) };
});
