// The contract's objects under their own names, from the generated types.
import type { components, operations } from './api-types.ts';

type Schemas = components['schemas'];

export type Task = Schemas['Task'];
export type CreatedTask = Schemas['CreatedTask'];
export type TaskStatus = Task['status'];
export type ExtractionScheme = Schemas['ExtractionScheme'];
export type ConversionScheme = Schemas['ConversionScheme'];
export type ConversionOptions = NonNullable<ConversionScheme['options']>;
export type Format = Schemas['StoreLink']['format'];
export type StoreLink = Schemas['StoreLink'];
export type TaskWebhook = Schemas['TaskWebhook'];
export type CreateTaskBody = Schemas['CreateExtractionTask'] | Schemas['CreateConversionTask'];
export type CreateWebhookBody = Schemas['CreateWebhook'];
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type CreatedWebhookEndpoint = Schemas['CreatedWebhookEndpoint'];
export type DeliveryAttempt = Schemas['DeliveryAttempt'];
export type WebhookEvent = Schemas['WebhookEvent'];

/** `store`'s query as the API describes it: every value a string. */
export type StoreQuery = NonNullable<operations['GetStore']['parameters']['query']>;
/** `store`'s `format` and export options: `fields` and `omit` as lists (or `a,b`), `flatten` and `bom` as booleans too. */
export interface StoreOptions extends Omit<StoreQuery, 'fields' | 'omit' | 'flatten' | 'bom'> {
  fields?: string | readonly string[];
  omit?: string | readonly string[];
  flatten?: boolean | StoreQuery['flatten'];
  bom?: boolean | StoreQuery['bom'];
}
/** `tasks`' query: `limit` (per page), `status`, `order`, `cursor`. */
export type ListTasksQuery = NonNullable<operations['ListTasks']['parameters']['query']>;

/** The statuses a task never leaves. */
export const FINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['completed', 'error', 'cancelled']);
