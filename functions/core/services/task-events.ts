import { sfn } from '../clients/sfn.ts';
import { requireEnv } from '../config.ts';
import { StepFunctionsDeliveries } from '../webhooks/deliveries.ts';
import { WebhookEvents } from '../webhooks/notify.ts';
import { webhookRepository } from './webhooks.ts';

/** Announces task transitions: starts deliveries on the delivery state machine (`useDeliveries` sets its ARN). */
export const taskEvents = () =>
  new WebhookEvents(
    webhookRepository(),
    new StepFunctionsDeliveries(sfn, requireEnv('DELIVERY_STATE_MACHINE_ARN')),
  );
