// HTTP → authenticate → validate body → core.createEndpoint (URL through the SSRF guard) → 201 endpoint + secret

import type { CreatedWebhookEndpoint } from '#contract/webhooks';
import { parseOrThrow } from '#core/validation';
import { createEndpoint } from '#core/webhooks/endpoints';
import { toEndpointView } from '#core/webhooks/model';
import { apiHandler } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { webhookUrlCheck } from '#runtime/services/webhook-url-check';
import { webhookRepository } from '#runtime/services/webhooks';
import { createWebhookBody } from './webhook-schemas.ts';

const deps = { webhooks: webhookRepository(), checkUrl: webhookUrlCheck() };

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, body }) => {
  const input = parseOrThrow(createWebhookBody, body ?? {});
  const endpoint = await createEndpoint(deps, account, input);
  const created: CreatedWebhookEndpoint = { ...toEndpointView(endpoint), secret: endpoint.secret };
  return { status: 201, body: created };
});
