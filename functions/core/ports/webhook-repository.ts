import type { DeliveryAttempt, WebhookEndpoint } from '../webhooks/model.ts';

export interface AttemptPage {
  attempts: DeliveryAttempt[];
  /** The position of the last attempt (`time#webhookId#attempt`), when another page may follow. */
  last?: string | undefined;
}

/** The port to endpoints and the delivery log (DynamoDB in every deployment). */
export interface WebhookRepository {
  /**
   * Stores a new endpoint. An account's endpoint takes one of its account's slots, listed under the
   * account: conditionally, so however many creates race, no more than `max` slots are ever taken;
   * false, with nothing stored, when none is free. A task's own endpoint takes no slot.
   */
  create(endpoint: WebhookEndpoint, max?: number): Promise<boolean>;
  get(id: string): Promise<WebhookEndpoint | null>;
  /** The account's own endpoints (not the tasks'), oldest first. */
  listForAccount(account: string): Promise<WebhookEndpoint[]>;
  /** Removes the endpoint; an account's endpoint frees its slot once, however many deletes race. */
  delete(endpoint: WebhookEndpoint): Promise<void>;
  /** Conditional: true only for the call that disabled it. */
  disable(id: string, reason: string, at: string): Promise<boolean>;
  /** Appends an attempt to the endpoint's log; returns its log key. */
  putAttempt(attempt: DeliveryAttempt): Promise<string>;
  /** Marks the delivery of a logged attempt failed; false when that entry no longer exists. */
  markFailed(endpointId: string, logKey: string, reason: string): Promise<boolean>;
  /** The endpoint's log, newest first. */
  listAttempts(
    endpointId: string,
    options: { limit: number; after?: string | undefined },
  ): Promise<AttemptPage>;
}
