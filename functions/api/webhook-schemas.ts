import * as z from 'zod';
import { DEFAULT_EVENTS, TASK_EVENTS } from '#core/webhooks/events';

const eventList = z
  .array(z.enum(TASK_EVENTS))
  .min(1)
  .describe(`Events to receive (default: ${DEFAULT_EVENTS.join(', ')})`);

const webhookUrl = z.string().min(1).max(2048).describe('An http(s) URL that receives the deliveries');

/** `POST /v1/webhooks`: an account endpoint. */
export const createWebhookBody = z
  .strictObject({ url: webhookUrl, events: eventList.optional() })
  .transform(({ url, events }) => ({ url, events: events ?? [...DEFAULT_EVENTS] }))
  .meta({ id: 'CreateWebhook' });

/** `webhook` in `create`: `{url, events}`, or a bare URL (Dataflow Kit's later form) for the default events. */
export const taskWebhook = z
  .union([webhookUrl, z.strictObject({ url: webhookUrl, events: eventList.optional() })])
  .transform((value) =>
    typeof value === 'string'
      ? { url: value, events: [...DEFAULT_EVENTS] }
      : { url: value.url, events: value.events ?? [...DEFAULT_EVENTS] },
  )
  .meta({ id: 'TaskWebhook' });

export const deliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).optional(),
});
