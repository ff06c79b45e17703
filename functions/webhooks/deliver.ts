// Step Functions (delivery) → core.attemptDelivery (sign, POST, log the attempt) → {…, attempt, outcome, waitSeconds}

import { attemptDelivery } from '#core/webhooks/deliver';
import { logger } from '#runtime/observability/logger';
import { meter } from '#runtime/observability/metrics';
import { webhookSender } from '#runtime/services/webhook-sender';
import { webhookRepository } from '#runtime/services/webhooks';
import { stepHandler } from '#runtime/step-handler';
import { deliveryState } from './schema.ts';

const deps = { webhooks: webhookRepository(), send: webhookSender(), log: logger, meter };

export const handler = stepHandler(deliveryState, (state) => attemptDelivery(deps, state));
