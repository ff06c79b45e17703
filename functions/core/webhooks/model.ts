import { formatTime } from '../time.ts';
import type { TaskEventType } from './events.ts';

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
export interface WebhookEndpointView {
  id: string;
  url: string;
  events: TaskEventType[];
  status: 'enabled' | 'disabled';
  createdAt: string;
  disabledAt: string | null;
  disabledReason: string | null;
  taskId?: string;
}

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

export interface DeliveryAttemptView {
  webhookId: string;
  event: TaskEventType;
  taskId: string;
  attempt: number;
  time: string;
  status: number | null;
  error: string | null;
  durationMs: number;
  nextRetry: string | null;
  delivery: DeliveryState;
  reason: string | null;
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

export interface AttemptPage {
  attempts: DeliveryAttempt[];
  nextCursor?: string;
}

/** The port to endpoints and the delivery log (DynamoDB in every deployment). */
export interface WebhookRepository {
  /** Stores a new endpoint; an account's endpoint is also listed under its account. */
  create(endpoint: WebhookEndpoint): Promise<void>;
  get(id: string): Promise<WebhookEndpoint | null>;
  /** The account's own endpoints (not the tasks'), oldest first. */
  listForAccount(account: string): Promise<WebhookEndpoint[]>;
  delete(endpoint: WebhookEndpoint): Promise<void>;
  /** Conditional: true only for the call that disabled it. */
  disable(id: string, reason: string, at: string): Promise<boolean>;
  /** Appends an attempt to the endpoint's log; returns its log key. */
  putAttempt(attempt: DeliveryAttempt): Promise<string>;
  /** Marks the delivery of a logged attempt failed; false when that entry no longer exists. */
  markFailed(endpointId: string, logKey: string, reason: string): Promise<boolean>;
  /** The endpoint's log, newest first. */
  listAttempts(endpointId: string, options: { limit: number; cursor?: string }): Promise<AttemptPage>;
}
