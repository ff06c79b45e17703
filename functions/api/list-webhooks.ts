// HTTP → authenticate → core.listEndpoints → 200 [endpoint…] (never a secret)

import { listEndpoints } from '#core/webhooks/endpoints';
import { toEndpointView } from '#core/webhooks/model';
import { apiHandler } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { webhookRepository } from '#runtime/services/webhooks';

const webhooks = webhookRepository();

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account }) => ({
  status: 200,
  body: (await listEndpoints(webhooks, account)).map(toEndpointView),
}));
