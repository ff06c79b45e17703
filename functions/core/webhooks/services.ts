import { systemResolver } from '#extraction/address-guard';
import { dynamo, sfn } from '../clients.ts';
import { numberEnv, requireEnv, settings } from '../config.ts';
import { StepFunctionsDeliveries } from './deliveries.ts';
import { DynamoDbWebhookRepository } from './dynamodb-webhook-repository.ts';
import { webhookUrlProblem } from './endpoint-url.ts';
import type { UrlCheck } from './endpoints.ts';
import { WebhookEvents } from './notify.ts';
import { createWebhookSender } from './sender.ts';

// Each reads only the variable its grant comes with (infra/function.ts, infra/deliveries.ts).
export const webhookRepository = () => new DynamoDbWebhookRepository(dynamo, requireEnv('TABLE_NAME'));

/** Starts deliveries on the delivery state machine (`useDeliveries` sets its ARN). */
export const taskEvents = () =>
  new WebhookEvents(
    webhookRepository(),
    new StepFunctionsDeliveries(sfn, requireEnv('DELIVERY_STATE_MACHINE_ARN')),
  );

export const webhookUrlCheck = (): UrlCheck => (url) =>
  webhookUrlProblem(url, { allowPrivateNetworks: settings.allowPrivateNetworks, resolve: systemResolver });

/** How long a receiver has to answer one attempt, in seconds. */
export const webhookTimeoutSeconds = () => numberEnv('DFK_WEBHOOK_TIMEOUT_SECONDS', 15);

export const webhookSender = () =>
  createWebhookSender({
    allowPrivateNetworks: settings.allowPrivateNetworks,
    timeoutMs: webhookTimeoutSeconds() * 1000,
  });
