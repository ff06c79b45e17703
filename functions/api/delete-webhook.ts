// HTTP → authenticate → validate id → core.deleteEndpoint → 204

import { deleteEndpoint } from '#core/webhooks/endpoints';
import { apiHandler } from '#runtime/api-handler';
import { apiKeys } from '#runtime/services/api-keys';
import { webhookRepository } from '#runtime/services/webhooks';
import { webhookIdOf } from './params.ts';

const webhooks = webhookRepository();

export const handler = apiHandler({ authenticate: apiKeys() }, async ({ account, params }) => {
  await deleteEndpoint(webhooks, account, webhookIdOf(params));
  return { status: 204 };
});
