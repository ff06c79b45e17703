// Step Functions (delivery, last step on failure) → core.recordFailedDelivery (the log says failed, and why) → state

import { recordFailedDelivery } from '#core/webhooks/deliver';
import { logger } from '#runtime/observability/logger';
import { meter } from '#runtime/observability/metrics';
import { webhookRepository } from '#runtime/services/webhooks';
import { stepHandler } from '#runtime/step-handler';
import { deliveryState } from './schema.ts';

const deps = { webhooks: webhookRepository(), log: logger, meter };

export const handler = stepHandler(deliveryState, (state) => recordFailedDelivery(deps, state));
