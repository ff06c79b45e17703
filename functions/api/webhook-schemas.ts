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
  .transform(({ url, events }) => ({ url, events: events ?? [...DEFAULT_EVENTS] }));

/** `webhook` in `create`: `{url, events}`, or a bare URL (Dataflow Kit's later form) for the default events. */
export const taskWebhook = z
  .union([webhookUrl, z.strictObject({ url: webhookUrl, events: eventList.optional() })])
  .transform((value) =>
    typeof value === 'string'
      ? { url: value, events: [...DEFAULT_EVENTS] }
      : { url: value.url, events: value.events ?? [...DEFAULT_EVENTS] },
  );

export const deliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).optional(),
});

const time = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
  .describe('UTC, YYYY-MM-DDTHH:mm:ss');

/** An endpoint as `GET /v1/webhooks` shows it (the secret only in the create response). */
export const webhookEndpointObject = z.object({
  id: z.string().describe('24 base62 characters'),
  url: z.string(),
  events: z.array(z.enum(TASK_EVENTS)),
  status: z.enum(['enabled', 'disabled']).describe('disabled after the receiver answered 410 Gone'),
  createdAt: time,
  disabledAt: time.nullable(),
  disabledReason: z.string().nullable(),
});

export const createdWebhookObject = webhookEndpointObject.extend({
  secret: z.string().describe('whsec_…, the signing secret; shown only here'),
});

export const deliveryAttemptObject = z.object({
  webhookId: z.string().describe('The webhook-id header: one per event and endpoint, kept across retries'),
  event: z.enum(TASK_EVENTS),
  taskId: z.string(),
  attempt: z.int().describe('1 for the first attempt'),
  time: time,
  status: z.int().nullable().describe('The receiver’s HTTP status; null when it did not answer'),
  error: z.string().nullable().describe('Why there was no answer (timeout, refused, unreachable)'),
  durationMs: z.int(),
  nextRetry: time.nullable().describe('When the next attempt is due; null when none follows'),
  delivery: z.enum(['succeeded', 'retrying', 'failed']).describe('The delivery after this attempt'),
  reason: z.string().nullable().describe('Why the delivery failed'),
});

/** The body of each delivery (Standard Webhooks), for the API description. */
export const webhookEventObject = z.object({
  type: z.enum(TASK_EVENTS),
  timestamp: z.string().describe('ISO 8601, when the event happened'),
  data: z.unknown().describe('The task object at that moment'),
});
