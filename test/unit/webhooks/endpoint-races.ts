import { ApiError } from '#core/errors';
import type { WebhookRepository } from '#core/ports/webhook-repository';
import { createEndpoint, deleteEndpoint, MAX_ACCOUNT_ENDPOINTS } from '#core/webhooks/endpoints';
import type { WebhookEndpoint } from '#core/webhooks/model';

export const LIMIT_MESSAGE = `An account may have at most ${MAX_ACCOUNT_ENDPOINTS} webhook endpoints`;

const subscription = (n: number) => ({
  url: `https://hooks.example.com/${n}`,
  events: ['task.completed' as const],
});

/** `count` creates of the account at once: the endpoints made and the errors of the others. */
export async function raceCreates(webhooks: WebhookRepository, account: string, count: number) {
  const deps = { webhooks, checkUrl: async () => null };
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, (_, n) => createEndpoint(deps, account, subscription(n))),
  );
  const created: WebhookEndpoint[] = [];
  const refused: unknown[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') created.push(outcome.value);
    else refused.push(outcome.reason);
  }
  return { created, refused };
}

/** `count` deletes of one endpoint at once; a delete that comes after another has finished is a 404. */
export async function raceDeletes(webhooks: WebhookRepository, endpoint: WebhookEndpoint, count: number) {
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, () => deleteEndpoint(webhooks, endpoint.account, endpoint.id)),
  );
  for (const outcome of outcomes) {
    const { reason } = outcome.status === 'rejected' ? outcome : { reason: null };
    if (reason !== null && !(reason instanceof ApiError && reason.statusCode === 404)) throw reason;
  }
}
