import type { Cursors } from '../cursor.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { newId } from '../ids.ts';
import type { WebhookRepository } from '../ports/webhook-repository.ts';
import type { Task } from '../task.ts';
import { nowIso } from '../time.ts';
import type { TaskEventType } from './events.ts';
import { type DeliveryAttemptView, toAttemptView, type WebhookEndpoint } from './model.ts';
import { newWebhookSecret } from './signing.ts';

/** An account keeps its endpoints few: every event reads them all. Tasks' own webhooks do not count. */
export const MAX_ACCOUNT_ENDPOINTS = 25;

export interface Subscription {
  url: string;
  events: TaskEventType[];
}

/** Why a URL cannot receive webhooks (SSRF guard), or null. */
export type UrlCheck = (url: string) => Promise<string | null>;

export interface WebhookDeps {
  webhooks: WebhookRepository;
  checkUrl: UrlCheck;
}

async function assertUsableUrl(checkUrl: UrlCheck, url: string, path: string): Promise<void> {
  const problem = await checkUrl(url);
  if (problem !== null) throw badRequest(`Invalid webhook URL: ${problem}`, [{ path, reason: problem }]);
}

/** `POST /v1/webhooks`: a new endpoint of the account, with its secret (the only time it is shown). */
export async function createEndpoint(
  deps: WebhookDeps,
  account: string,
  subscription: Subscription,
): Promise<WebhookEndpoint> {
  await assertUsableUrl(deps.checkUrl, subscription.url, 'url');
  const endpoint = newEndpoint(newId(), account, subscription, null);
  if (!(await deps.webhooks.create(endpoint, MAX_ACCOUNT_ENDPOINTS)))
    throw new ApiError(
      409,
      'conflict',
      `An account may have at most ${MAX_ACCOUNT_ENDPOINTS} webhook endpoints`,
    );
  return endpoint;
}

function newEndpoint(id: string, account: string, subscription: Subscription, taskId: string | null) {
  return {
    id,
    account,
    url: subscription.url,
    events: [...new Set(subscription.events)],
    secret: newWebhookSecret(),
    createdAt: nowIso(),
    taskId,
    disabled: false,
    disabledAt: null,
    disabledReason: null,
  } satisfies WebhookEndpoint;
}

export const listEndpoints = (webhooks: WebhookRepository, account: string) =>
  webhooks.listForAccount(account);

/** The account's endpoint (or one of its tasks'), or a 404 that is the same for another account's. */
export async function findEndpoint(webhooks: WebhookRepository, account: string, id: string) {
  const endpoint = await webhooks.get(id);
  if (!endpoint || endpoint.account !== account) throw notFound('Webhook endpoint');
  return endpoint;
}

/** `DELETE /v1/webhooks/{id}`: its deliveries still under way end at their next attempt. */
export async function deleteEndpoint(
  webhooks: WebhookRepository,
  account: string,
  id: string,
): Promise<void> {
  await webhooks.delete(await findEndpoint(webhooks, account, id));
}

/** An attempt's position in its endpoint's log: its time, its delivery, its number. */
const ATTEMPT_POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z#msg_[0-9a-f]{32}#\d{2}$/;

/** `GET /v1/webhooks/{id}/deliveries`: the endpoint's attempts, newest first. */
export async function listDeliveries(
  { webhooks, cursors }: { webhooks: WebhookRepository; cursors: Cursors },
  account: string,
  id: string,
  options: { limit: number; cursor?: string | undefined },
): Promise<{ attempts: DeliveryAttemptView[]; nextCursor?: string }> {
  await findEndpoint(webhooks, account, id);
  const listing = `attempts\n${account}\n${id}`;
  const after =
    options.cursor === undefined ? undefined : await cursors.open(options.cursor, listing, ATTEMPT_POSITION);
  const page = await webhooks.listAttempts(id, { limit: options.limit, after });
  return {
    attempts: page.attempts.map(toAttemptView),
    nextCursor: page.last === undefined ? undefined : await cursors.seal(listing, page.last),
  };
}

/** A task's own webhook, ready to store with the task: its URL checked, its secret made. */
export interface TaskWebhook extends Subscription {
  secret: string;
}

/** Checks the URL of `create`'s `webhook` (a 400 on `webhook.url`) and makes its secret. */
export async function prepareTaskWebhook(
  checkUrl: UrlCheck,
  subscription: Subscription,
): Promise<TaskWebhook> {
  await assertUsableUrl(checkUrl, subscription.url, 'webhook.url');
  return { ...subscription, secret: newWebhookSecret() };
}

/** Stores the task's own webhook; its id is the task's id, its log `/v1/webhooks/{taskId}/deliveries`. */
export async function saveTaskWebhook(
  webhooks: WebhookRepository | undefined,
  task: Pick<Task, 'id' | 'account'>,
  webhook: TaskWebhook,
): Promise<void> {
  if (!webhooks) throw new Error('A task webhook needs the webhook repository');
  await webhooks.create({ ...newEndpoint(task.id, task.account, webhook, task.id), secret: webhook.secret });
}

/** Deletes a task's own webhook with the task (its secret is the task's data). */
export async function removeTaskWebhook(
  webhooks: WebhookRepository | undefined,
  taskId: string,
): Promise<void> {
  const endpoint = await webhooks?.get(taskId);
  if (webhooks && endpoint?.taskId === taskId) await webhooks.delete(endpoint);
}
