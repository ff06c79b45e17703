import type { DeliveryAttemptView, WebhookEndpointView } from '#contract/webhooks';
import { formatTime } from '../time.ts';
import type { TaskEventType } from './events.ts';

export type { DeliveryAttemptView, WebhookEndpointView } from '#contract/webhooks';

/** A webhook endpoint: an account's (`taskId` null) or a task's own (its id is the task's id). */
export interface WebhookEndpoint {
  id: string;
  account: string;
  url: string;
  events: TaskEventType[];
  /** `whsec_…`: stored because every attempt is signed with it; shown once, never logged. */
  secret: string;
  createdAt: string;
  taskId: string | null;
  disabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
}

export type DeliveryState = 'succeeded' | 'retrying' | 'failed';

/** One attempt of one delivery (an event to an endpoint), as the delivery log keeps it. */
export interface DeliveryAttempt {
  endpointId: string;
  /** The `webhook-id` header: the same for every attempt of a delivery. */
  webhookId: string;
  event: TaskEventType;
  taskId: string;
  attempt: number;
  /** When the attempt was made (ISO). */
  time: string;
  /** The receiver's HTTP status, or null when there was no answer. */
  status: number | null;
  /** Why the attempt failed when there was no answer (timeout, refused, unreachable). */
  error: string | null;
  durationMs: number;
  /** When the next attempt is due (ISO), or null when none will follow. */
  nextRetry: string | null;
  /** The delivery after this attempt. */
  delivery: DeliveryState;
  /** Why the delivery failed, on the attempt that ended it. */
  reason: string | null;
}

/** The endpoint as the API shows it: never the secret. */
export function toEndpointView(endpoint: WebhookEndpoint): WebhookEndpointView {
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events,
    status: endpoint.disabled ? 'disabled' : 'enabled',
    createdAt: formatTime(endpoint.createdAt) as string,
    disabledAt: formatTime(endpoint.disabledAt),
    disabledReason: endpoint.disabledReason,
    ...(endpoint.taskId ? { taskId: endpoint.taskId } : {}),
  };
}

export function toAttemptView(attempt: DeliveryAttempt): DeliveryAttemptView {
  return {
    webhookId: attempt.webhookId,
    event: attempt.event,
    taskId: attempt.taskId,
    attempt: attempt.attempt,
    time: formatTime(attempt.time) as string,
    status: attempt.status,
    error: attempt.error,
    durationMs: attempt.durationMs,
    nextRetry: formatTime(attempt.nextRetry),
    delivery: attempt.delivery,
    reason: attempt.reason,
  };
}
