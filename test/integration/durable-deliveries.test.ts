// A webhook delivery waiting for its next attempt survives a stop: the next start makes that attempt.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskView } from '#core/task';
import type { DeliveryAttemptView, WebhookEndpointView } from '#core/webhooks/model';
import { booksScheme } from '#test/helpers/books';
import { type FixtureSite, startFixtureSite } from '#test/helpers/fixture-site';
import { type ApiClient, startTestRuntime } from '#test/helpers/runtime';
import { startWebhookReceiver, type WebhookReceiver } from '#test/helpers/webhook-receiver';

let site: FixtureSite;
let receiver: WebhookReceiver;
let dataDir: string;

beforeAll(async () => {
  site = await startFixtureSite({ pages: 1, perPage: 2 });
  receiver = await startWebhookReceiver();
  dataDir = await mkdtemp(join(tmpdir(), 'dfk-durable-'));
});

afterAll(async () => {
  await receiver?.close();
  await site?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function deliveryLog(
  api: ApiClient,
  endpointId: string,
  done: (log: DeliveryAttemptView[]) => boolean,
) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await api<DeliveryAttemptView[]>('GET', `/webhooks/${endpointId}/deliveries`);
    expect(response.status, response.text).toBe(200);
    if (done(response.body)) return response.body;
    if (Date.now() > deadline) throw new Error(`Log of ${endpointId}: ${JSON.stringify(response.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition never met');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a persistent local stack', () => {
  it('makes the pending attempt of a delivery after a stop during its retry wait', async () => {
    const options = {
      ephemeral: false,
      dataDir,
      env: { DFK_WEBHOOK_TIMEOUT_SECONDS: '0.5' },
      // Long enough to stop the stack during the Wait before attempt 2.
      stepFunctions: { waitMs: 5_000 },
    };
    receiver.on('/durable', (_request, n) => ({ status: n === 0 ? 500 : 200 }));
    const first = await startTestRuntime(options);
    const endpoint = await first.api<WebhookEndpointView & { secret: string }>('POST', '/webhooks', {
      url: receiver.url('/durable'),
      events: ['task.completed'],
    });
    expect(endpoint.status, endpoint.text).toBe(201);
    const task = await first.api<TaskView>('POST', '/tasks/create', { scheme: booksScheme(site), run: true });
    expect(task.status, task.text).toBe(201);
    const failed = await deliveryLog(first.api, endpoint.body.id, (log) => log.length === 1);
    expect(failed.map((entry) => [entry.attempt, entry.status, entry.delivery])).toEqual([
      [1, 500, 'retrying'],
    ]);
    // The log is written inside the attempt: stopped before it returns, the attempt would be made again.
    const webhookId = failed[0]?.webhookId as string;
    await until(() => {
      const last = first.executions.get(webhookId)?.history.at(-1);
      return last?.type === 'StateEntered' && last.state === 'Wait before retrying';
    });
    // As a kill would: the Wait is cut short, attempt 2 is not made by this stack.
    await first.stop();
    expect(receiver.received('/durable')).toHaveLength(1);

    const second = await startTestRuntime(options);
    try {
      const log = await deliveryLog(
        second.api,
        endpoint.body.id,
        (entries) => entries[0]?.delivery === 'succeeded',
      );
      expect(log.map((entry) => [entry.attempt, entry.status, entry.delivery])).toEqual([
        [2, 200, 'succeeded'],
        [1, 500, 'retrying'],
      ]);
      const requests = receiver.received('/durable');
      expect(requests).toHaveLength(2);
      expect(requests[1]?.headers['webhook-id']).toBe(requests[0]?.headers['webhook-id']);
      const execution = await second.executions.waitFor(log[0]?.webhookId as string);
      expect(execution.status).toBe('SUCCEEDED');
    } finally {
      await second.stop();
    }
  });
});
