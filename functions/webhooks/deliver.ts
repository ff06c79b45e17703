// Step Functions (delivery) → core.attemptDelivery (sign, POST, log the attempt) → {…, attempt, outcome, waitSeconds}
import { stepHandler } from '#core/step';
import { attemptDelivery } from '#core/webhooks/deliver';
import { webhookRepository, webhookSender } from '#core/webhooks/services';
import { deliveryState } from './schema.ts';

const deps = { webhooks: webhookRepository(), send: webhookSender() };

export const handler = stepHandler(deliveryState, (state) => attemptDelivery(deps, state));
