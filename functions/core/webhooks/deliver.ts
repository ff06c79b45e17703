import type { DeliveryRequest } from '../ports/executions.ts';
import type { Log } from '../ports/log.ts';
import type { Meter } from '../ports/meter.ts';
import type { WebhookRepository } from '../ports/webhook-repository.ts';
import type { SendWebhook } from '../ports/webhook-sender.ts';
import type { DeliveryAttempt } from './model.ts';
import { nextDelaySeconds, type RetrySchedule, retryAfterSeconds } from './schedule.ts';
import { webhookHeaders } from './signing.ts';

/** The state of a delivery execution, as every step of the delivery state machine receives it. */
export interface DeliveryExecutionState {
  delivery: DeliveryRequest;
  /** Put there by the definition: the pauses between attempts. */
  schedule: RetrySchedule;
  /** Attempts made so far. */
  attempt?: number;
  /** What the state machine does next: stop, wait `waitSeconds` and retry, or record the failure. */
  outcome?: 'delivered' | 'retry' | 'failed';
  waitSeconds?: number;
  /** The log key of the last attempt. */
  log?: string;
  /** Why the delivery failed. */
  reason?: string;
  /** Set by the definition's Catch when a step itself failed. */
  failure?: { Error?: string; Cause?: string };
}

export interface DeliverDeps {
  webhooks: WebhookRepository;
  send: SendWebhook;
  log: Log;
  meter?: Meter;
  now?: () => Date;
  random?: () => number;
}

const isSuccess = (status: number | null) => status !== null && status >= 200 && status <= 299;

/**
 * One attempt: sign with the endpoint's secret (read here, never carried in the execution),
 * POST, log the attempt, and tell the state machine what comes next. A 2xx is success; anything
 * else, a timeout or no answer is a failure, retried on the schedule; `410 Gone` disables the
 * endpoint and ends the delivery.
 */
export async function attemptDelivery(
  deps: DeliverDeps,
  state: DeliveryExecutionState,
): Promise<DeliveryExecutionState> {
  const now = deps.now ?? (() => new Date());
  const { delivery } = state;
  const attempt = (state.attempt ?? 0) + 1;
  const endpoint = await deps.webhooks.get(delivery.endpointId);
  if (!endpoint || endpoint.account !== delivery.account)
    return { ...state, outcome: 'failed', reason: 'The endpoint was deleted' };
  if (endpoint.disabled) return { ...state, outcome: 'failed', reason: 'The endpoint is disabled' };

  const startedAt = now();
  const started = performance.now();
  const response = await deps.send({
    url: endpoint.url,
    headers: webhookHeaders(endpoint.secret, delivery.webhookId, delivery.body, startedAt),
    body: delivery.body,
  });
  const durationMs = Math.round(performance.now() - started);
  const succeeded = isSuccess(response.status);
  const gone = response.status === 410;

  let waitSeconds: number | null = null;
  if (!succeeded && !gone) {
    const retryAfter =
      response.status === null ? null : retryAfterSeconds(response.status, response.retryAfter, startedAt);
    waitSeconds = nextDelaySeconds(state.schedule, attempt, retryAfter, deps.random);
  }
  let reason: string | null = null;
  if (gone) {
    reason = 'The endpoint answered 410 Gone and was disabled';
    await deps.webhooks.disable(endpoint.id, reason, startedAt.toISOString());
    deps.log.warn('Webhook endpoint disabled by 410 Gone', { endpointId: endpoint.id });
  } else if (!succeeded && waitSeconds === null) {
    reason = `No success after ${attempt} attempts`;
  }

  const entry: DeliveryAttempt = {
    endpointId: endpoint.id,
    webhookId: delivery.webhookId,
    event: delivery.event,
    taskId: delivery.taskId,
    attempt,
    time: startedAt.toISOString(),
    status: response.status,
    error: response.status === null ? response.error : null,
    durationMs,
    nextRetry: waitSeconds === null ? null : new Date(startedAt.getTime() + waitSeconds * 1000).toISOString(),
    delivery: succeeded ? 'succeeded' : waitSeconds === null ? 'failed' : 'retrying',
    reason,
  };
  const log = await deps.webhooks.putAttempt(entry);
  const { waitSeconds: _previous, reason: _reason, ...rest } = state;
  if (succeeded) {
    deps.meter?.count('Deliveries', 1, { outcome: 'delivered' });
    return { ...rest, attempt, log, outcome: 'delivered' };
  }
  if (waitSeconds !== null) return { ...rest, attempt, log, outcome: 'retry', waitSeconds };
  return { ...rest, attempt, log, outcome: 'failed', reason: reason ?? 'The delivery failed' };
}

/**
 * The delivery machine's last step on every failure path (attempts exhausted, endpoint disabled
 * or deleted, a step that itself failed): the log says the delivery failed, and why.
 */
export async function recordFailedDelivery(
  deps: { webhooks: WebhookRepository; log: Log; meter?: Meter; now?: () => Date },
  state: DeliveryExecutionState,
): Promise<DeliveryExecutionState> {
  const { delivery } = state;
  const reason = state.failure
    ? 'Internal error while delivering'
    : (state.reason ?? `No success after ${state.attempt ?? 0} attempts`);
  const recorded = state.log ? await deps.webhooks.markFailed(delivery.endpointId, state.log, reason) : false;
  if (!recorded && state.failure) {
    // The step failed before it could log its attempt: the log still shows the failure.
    const endpoint = await deps.webhooks.get(delivery.endpointId);
    if (endpoint?.account === delivery.account) {
      await deps.webhooks.putAttempt({
        endpointId: delivery.endpointId,
        webhookId: delivery.webhookId,
        event: delivery.event,
        taskId: delivery.taskId,
        attempt: (state.attempt ?? 0) + 1,
        time: (deps.now?.() ?? new Date()).toISOString(),
        status: null,
        error: 'Internal error',
        durationMs: 0,
        nextRetry: null,
        delivery: 'failed',
        reason,
      });
    }
  }
  deps.meter?.count('Deliveries', 1, { outcome: 'failed' });
  deps.log.warn('Webhook delivery failed', {
    webhookId: delivery.webhookId,
    endpointId: delivery.endpointId,
    event: delivery.event,
    taskId: delivery.taskId,
    attempts: state.attempt ?? 0,
    reason,
    error: state.failure?.Error,
  });
  return { ...state, reason };
}
