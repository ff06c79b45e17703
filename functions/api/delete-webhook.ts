// HTTP → authenticate → validate id → core.deleteEndpoint → 204
import { apiHandler } from '#core/http';
import { apiKeys } from '#core/services/api-keys';
import { webhookRepository } from '#core/services/webhooks';
import { deleteEndpoint } from '#core/webhooks/endpoints';
import { webhookIdOf } from './params.ts';

const webhooks = webhookRepository();

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params }) => {
  await deleteEndpoint(webhooks, account, webhookIdOf(params));
  return { status: 204 };
});
