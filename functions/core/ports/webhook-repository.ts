import type { DeliveryAttempt, WebhookEndpoint } from '../webhooks/model.ts';

export interface AttemptPage {
  attempts: DeliveryAttempt[];
  /** The position of the last attempt (`time#webhookId#attempt`), when another page may follow. */
  last?: string | undefined;
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
  listAttempts(
    endpointId: string,
    options: { limit: number; after?: string | undefined },
  ): Promise<AttemptPage>;
}
