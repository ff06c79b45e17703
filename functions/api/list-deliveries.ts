// HTTP → authenticate → validate id, query → core.listDeliveries → 200 [attempt…] newest first + Link rel="next"
import { apiHandler } from '#core/http';
import { parseOrThrow } from '#core/validation';
import { listDeliveries } from '#core/webhooks/endpoints';
import { webhookRepository } from '#core/webhooks/services';
import { deliveriesQuery, webhookIdOf } from './webhook-schemas.ts';

const webhooks = webhookRepository();

export const handler = apiHandler(async ({ account, params, query, baseUrl }) => {
  const id = webhookIdOf(params);
  const options = parseOrThrow(deliveriesQuery, query);
  const page = await listDeliveries(webhooks, account, id, options);
  const headers: Record<string, string> = {};
  if (page.nextCursor) {
    // Like the task list's link: the page's parameters, never the caller's API key.
    const next = new URLSearchParams({ limit: String(options.limit), cursor: page.nextCursor });
    headers.link = `<${baseUrl}/v1/webhooks/${id}/deliveries?${next}>; rel="next"`;
  }
  return { status: 200, body: page.attempts, headers };
});
