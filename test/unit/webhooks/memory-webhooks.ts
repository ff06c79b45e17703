import type { AttemptPage, WebhookRepository } from '#core/ports/webhook-repository';
import type { DeliveryAttempt, WebhookEndpoint } from '#core/webhooks/model';

/** Other calls run here, as they do between two DynamoDB writes (a microtask: fake timers leave it be). */
const turn = () => Promise.resolve();

/** Endpoints, each account's slots and the delivery log in memory, with the table's conditions. */
export class MemoryWebhooks implements WebhookRepository {
  readonly endpoints = new Map<string, WebhookEndpoint>();
  /** The ids of each account's endpoints, as the table's slots set holds them. */
  readonly slots = new Map<string, Set<string>>();
  readonly log: (DeliveryAttempt & { key: string })[] = [];

  async create(endpoint: WebhookEndpoint, max = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (this.endpoints.has(endpoint.id)) throw new Error(`ConditionalCheckFailed: endpoint ${endpoint.id}`);
    if (endpoint.taskId === null) {
      const taken = this.slotsOf(endpoint.account);
      if (taken.size >= max) return false;
      taken.add(endpoint.id);
      await turn();
    }
    this.endpoints.set(endpoint.id, structuredClone(endpoint));
    return true;
  }
  async get(id: string): Promise<WebhookEndpoint | null> {
    const endpoint = this.endpoints.get(id);
    return endpoint ? structuredClone(endpoint) : null;
  }
  async listForAccount(account: string): Promise<WebhookEndpoint[]> {
    return [...this.endpoints.values()]
      .filter((endpoint) => endpoint.account === account && endpoint.taskId === null)
      .sort((a, b) => `${a.createdAt}#${a.id}`.localeCompare(`${b.createdAt}#${b.id}`))
      .map((endpoint) => structuredClone(endpoint));
  }
  async delete(endpoint: WebhookEndpoint): Promise<void> {
    this.endpoints.delete(endpoint.id);
    if (endpoint.taskId !== null) return;
    await turn();
    this.slotsOf(endpoint.account).delete(endpoint.id);
  }
  async disable(id: string, reason: string, at: string): Promise<boolean> {
    const endpoint = this.endpoints.get(id);
    if (!endpoint || endpoint.disabled) return false;
    Object.assign(endpoint, { disabled: true, disabledReason: reason, disabledAt: at });
    return true;
  }
  async putAttempt(attempt: DeliveryAttempt): Promise<string> {
    const key = `log#${attempt.time}#${attempt.webhookId}#${String(attempt.attempt).padStart(2, '0')}`;
    this.log.push({ ...attempt, key });
    return key;
  }
  async markFailed(endpointId: string, logKey: string, reason: string): Promise<boolean> {
    const entry = this.log.find((e) => e.endpointId === endpointId && e.key === logKey);
    if (!entry) return false;
    Object.assign(entry, { delivery: 'failed', reason, nextRetry: null });
    return true;
  }
  async listAttempts(endpointId: string, options: { limit: number }): Promise<AttemptPage> {
    const attempts = this.log
      .filter((entry) => entry.endpointId === endpointId)
      .sort((a, b) => b.key.localeCompare(a.key))
      .slice(0, options.limit)
      .map(({ key: _key, ...attempt }) => attempt);
    return { attempts };
  }

  private slotsOf(account: string): Set<string> {
    const taken = this.slots.get(account) ?? new Set<string>();
    this.slots.set(account, taken);
    return taken;
  }
}

/** An enabled account endpoint with a fixed secret; `overrides` changes any field. */
export const webhookEndpoint = (overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: 'e1',
  account: 'acme',
  url: 'https://hooks.example.com/in',
  events: ['task.completed'],
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  createdAt: '2025-01-01T00:00:00.000Z',
  taskId: null,
  disabled: false,
  disabledAt: null,
  disabledReason: null,
  ...overrides,
});
