// HTTP → authenticate → validate id, query → core.listDeliveries → 200 [attempt…] newest first + Link rel="next"

import { parseOrThrow } from '#core/validation';
import { listDeliveries } from '#core/webhooks/endpoints';
import { apiHandler, nextPageHeaders } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { cursors } from '#runtime/services/cursors';
import { webhookRepository } from '#runtime/services/webhooks';
import { webhookIdOf } from './params.ts';
import { deliveriesQuery } from './webhook-schemas.ts';

const deps = { webhooks: webhookRepository(), cursors: cursors() };

export const handler = apiHandler(
  { authenticate: apiKeys() },
  async ({ account, params, query, baseUrl }) => {
    const id = webhookIdOf(params);
    const options = parseOrThrow(deliveriesQuery, query);
    const page = await listDeliveries(deps, account, id, options);
    const url = `${baseUrl}/v1/webhooks/${id}/deliveries`;
    const headers = nextPageHeaders(url, { limit: options.limit }, page.nextCursor);
    return { status: 200, body: page.attempts, headers };
  },
);
