import * as z from 'zod';
import { TASK_EVENTS } from '#core/webhooks/events';

/** The delivery execution's state as its steps receive it (see `DeliveryExecutionState`). */
export const deliveryState = z.looseObject({
  delivery: z.object({
    webhookId: z.string().min(1),
    endpointId: z.string().min(1),
    account: z.string().min(1),
    taskId: z.string().min(1),
    event: z.enum(TASK_EVENTS),
    body: z.string(),
  }),
  schedule: z.object({ delaysSeconds: z.array(z.number().nonnegative()), jitter: z.number().min(0).max(1) }),
  attempt: z.number().int().min(0).optional(),
  outcome: z.enum(['delivered', 'retry', 'failed']).optional(),
  waitSeconds: z.number().int().min(0).optional(),
  log: z.string().optional(),
  reason: z.string().optional(),
  failure: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
