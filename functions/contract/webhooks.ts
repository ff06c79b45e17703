import * as z from 'zod';
import { TASK_EVENTS } from '#core/webhooks/events';
import { taskView } from './task.ts';
import { time } from './time.ts';

/** An endpoint as `GET /v1/webhooks` shows it (the secret only in the create response). */
export const webhookEndpointView = z
  .strictObject({
    id: z.string().describe('24 base62 characters'),
    url: z.string(),
    events: z.array(z.enum(TASK_EVENTS)),
    status: z.enum(['enabled', 'disabled']).describe('disabled after the receiver answered 410 Gone'),
    createdAt: time,
    disabledAt: time.nullable(),
    disabledReason: z.string().nullable(),
    taskId: z.string().optional().describe('A task’s own webhook: the task'),
  })
  .meta({ id: 'WebhookEndpoint' });

export type WebhookEndpointView = z.output<typeof webhookEndpointView>;

export const webhookEndpointList = z.array(webhookEndpointView);

/** `POST /v1/webhooks`: the endpoint and its secret, shown only here. */
export const createdWebhookEndpoint = webhookEndpointView
  .extend({ secret: z.string().describe('whsec_…, the signing secret; shown only here') })
  .meta({ id: 'CreatedWebhookEndpoint' });

export type CreatedWebhookEndpoint = z.output<typeof createdWebhookEndpoint>;

/** One attempt of one delivery, as the delivery log shows it. */
export const deliveryAttemptView = z
  .strictObject({
    webhookId: z.string().describe('The webhook-id header: one per event and endpoint, kept across retries'),
    event: z.enum(TASK_EVENTS),
    taskId: z.string(),
    attempt: z.int().describe('1 for the first attempt'),
    time,
    status: z.int().nullable().describe('The receiver’s HTTP status; null when it did not answer'),
    error: z.string().nullable().describe('Why there was no answer (timeout, refused, unreachable)'),
    durationMs: z.int(),
    nextRetry: time.nullable().describe('When the next attempt is due; null when none follows'),
    delivery: z.enum(['succeeded', 'retrying', 'failed']).describe('The delivery after this attempt'),
    reason: z.string().nullable().describe('Why the delivery failed'),
  })
  .meta({ id: 'DeliveryAttempt' });

export type DeliveryAttemptView = z.output<typeof deliveryAttemptView>;

/** `GET /v1/webhooks/{id}/deliveries`: one page of the log, newest first. */
export const deliveryLog = z.array(deliveryAttemptView);

/** The body of each delivery (Standard Webhooks). */
export const webhookEvent = z
  .strictObject({
    type: z.enum(TASK_EVENTS),
    timestamp: z.string().describe('ISO 8601 with milliseconds, when the event happened'),
    data: taskView,
  })
  .meta({ id: 'WebhookEvent' });

export type WebhookEvent = z.output<typeof webhookEvent>;
