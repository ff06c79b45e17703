// Step Functions (delivery) → core.attemptDelivery (sign, POST, log the attempt) → {…, attempt, outcome, waitSeconds}

import { webhookSender } from '#core/services/webhook-sender';
import { webhookRepository } from '#core/services/webhooks';
import { stepHandler } from '#core/step';
import { attemptDelivery } from '#core/webhooks/deliver';
import { deliveryState } from './schema.ts';

const deps = { webhooks: webhookRepository(), send: webhookSender() };

export const handler = stepHandler(deliveryState, (state) => attemptDelivery(deps, state));
