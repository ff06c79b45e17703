import { WebhookEvents } from '#core/webhooks/notify';
import { deliveries } from './executions.ts';
import { webhookRepository } from './webhooks.ts';

/** Announces task transitions: each subscribed endpoint gets a delivery execution. */
export const taskEvents = () => new WebhookEvents(webhookRepository(), deliveries());
