// Step Functions (delivery, last step on failure) → core.recordFailedDelivery (the log says failed, and why) → state

import { webhookRepository } from '#core/services/webhooks';
import { stepHandler } from '#core/step';
import { recordFailedDelivery } from '#core/webhooks/deliver';
import { deliveryState } from './schema.ts';

const deps = { webhooks: webhookRepository() };

export const handler = stepHandler(deliveryState, (state) => recordFailedDelivery(deps, state));
