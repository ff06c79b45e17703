// HTTP → authenticate → core.listEndpoints → 200 [endpoint…] (never a secret)
import { apiHandler } from '#core/http';
import { apiKeys } from '#core/services/api-keys';
import { webhookRepository } from '#core/services/webhooks';
import { listEndpoints } from '#core/webhooks/endpoints';
import { toEndpointView } from '#core/webhooks/model';

const webhooks = webhookRepository();

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account }) => ({
  status: 200,
  body: (await listEndpoints(webhooks, account)).map(toEndpointView),
}));
