// HTTP → authenticate → validate id → core.deleteEndpoint → 204
import { apiHandler } from '#core/http';
import { deleteEndpoint } from '#core/webhooks/endpoints';
import { webhookRepository } from '#core/webhooks/services';
import { webhookIdOf } from './webhook-schemas.ts';

const webhooks = webhookRepository();

export const handler = apiHandler(async ({ account, params }) => {
  await deleteEndpoint(webhooks, account, webhookIdOf(params));
  return { status: 204 };
});
