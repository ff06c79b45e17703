import { describe, expect, it } from 'vitest';
import type { DeliveryRequest } from '#core/ports/executions';
import type { WebhookRepository } from '#core/ports/webhook-repository';
import type { SendWebhook, WebhookResponse } from '#core/ports/webhook-sender';
import type { Task } from '#core/task';
import { attemptDelivery, type DeliveryExecutionState, recordFailedDelivery } from '#core/webhooks/deliver';
import { messageIdOf } from '#core/webhooks/events';
import type { DeliveryAttempt, WebhookEndpoint } from '#core/webhooks/model';
import { WebhookEvents } from '#core/webhooks/notify';
import { RETRY_SCHEDULE } from '#core/webhooks/schedule';
import { recordingLog } from '#test/helpers/log';
import { webhookEndpoint } from './memory-webhooks.ts';

/** The repository in memory: endpoints by id, the log as a list. */
function memoryWebhooks(endpoints: WebhookEndpoint[] = []) {
  const byId = new Map(endpoints.map((endpoint) => [endpoint.id, { ...endpoint }]));
  const log: (DeliveryAttempt & { key: string })[] = [];
  const repository: WebhookRepository = {
    create: async (endpoint) => {
      byId.set(endpoint.id, endpoint);
      return true;
    },
    get: async (id) => byId.get(id) ?? null,
    listForAccount: async (account) => [...byId.values()].filter((e) => e.account === account && !e.taskId),
    delete: async (endpoint) => void byId.delete(endpoint.id),
    disable: async (id, reason, at) => {
      const endpoint = byId.get(id);
      if (!endpoint || endpoint.disabled) return false;
      Object.assign(endpoint, { disabled: true, disabledReason: reason, disabledAt: at });
      return true;
    },
    putAttempt: async (attempt) => {
      const key = `log#${log.length}`;
      log.push({ ...attempt, key });
      return key;
    },
    markFailed: async (_endpointId, key, reason) => {
      const entry = log.find((e) => e.key === key);
      if (!entry) return false;
      Object.assign(entry, { delivery: 'failed', reason, nextRetry: null });
      return true;
    },
    listAttempts: async () => ({ attempts: log }),
  };
  return { repository, byId, log };
}

const endpoint = webhookEndpoint;

const delivery: DeliveryRequest = {
  webhookId: 'msg_1',
  endpointId: 'e1',
  account: 'acme',
  taskId: 't1',
  event: 'task.completed',
  body: '{"type":"task.completed"}',
};

const answering = (...answers: WebhookResponse[]): SendWebhook & { calls: number } => {
  const send = Object.assign(
    async () => answers[Math.min(send.calls++, answers.length - 1)] as WebhookResponse,
    {
      calls: 0,
    },
  );
  return send;
};

const start = (attempt = 0): DeliveryExecutionState => ({ delivery, schedule: RETRY_SCHEDULE, attempt });
const now = () => new Date('2025-01-01T00:00:00.000Z');
const silent = recordingLog();

describe('attemptDelivery', () => {
  it('logs a 2xx as the delivery’s success', async () => {
    const { repository, log } = memoryWebhooks([endpoint()]);
    const state = await attemptDelivery(
      { webhooks: repository, send: answering({ status: 204, retryAfter: null }), now, log: silent },
      start(),
    );
    expect(state).toMatchObject({ attempt: 1, outcome: 'delivered', log: 'log#0' });
    expect(log[0]).toMatchObject({ attempt: 1, status: 204, delivery: 'succeeded', nextRetry: null });
    expect(JSON.stringify(state)).not.toContain('whsec_');
  });

  it('schedules the next attempt after a failure, and gives up after the tenth', async () => {
    const { repository, log } = memoryWebhooks([endpoint()]);
    const deps = {
      webhooks: repository,
      send: answering({ status: 500, retryAfter: null }),
      now,
      random: () => 0.5,
      log: silent,
    };
    const first = await attemptDelivery(deps, start());
    expect(first).toMatchObject({ attempt: 1, outcome: 'retry', waitSeconds: 5 });
    expect(log[0]).toMatchObject({ delivery: 'retrying', nextRetry: '2025-01-01T00:00:05.000Z' });
    const last = await attemptDelivery(deps, start(9));
    expect(last).toMatchObject({ attempt: 10, outcome: 'failed', reason: 'No success after 10 attempts' });
    expect(last).not.toHaveProperty('waitSeconds');
    expect(log[1]).toMatchObject({ attempt: 10, delivery: 'failed', nextRetry: null });
  });

  it('disables the endpoint on 410 Gone and ends the delivery', async () => {
    const { repository, byId } = memoryWebhooks([endpoint()]);
    const state = await attemptDelivery(
      { webhooks: repository, send: answering({ status: 410, retryAfter: null }), now, log: silent },
      start(),
    );
    expect(state.outcome).toBe('failed');
    expect(byId.get('e1')).toMatchObject({ disabled: true, disabledAt: '2025-01-01T00:00:00.000Z' });
  });

  it('sends nothing to an endpoint deleted, disabled or of another account', async () => {
    for (const endpoints of [[], [endpoint({ disabled: true })], [endpoint({ account: 'other' })]]) {
      const { repository, log } = memoryWebhooks(endpoints);
      const send = answering({ status: 200, retryAfter: null });
      const state = await attemptDelivery({ webhooks: repository, send, now, log: silent }, start(2));
      expect(state).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(/deleted|disabled/) });
      expect(send.calls).toBe(0);
      expect(log).toEqual([]);
    }
  });
});

describe('recordFailedDelivery', () => {
  it('marks the last logged attempt failed with the reason', async () => {
    const { repository, log } = memoryWebhooks([endpoint()]);
    const deps = {
      webhooks: repository,
      send: answering({ status: 500, retryAfter: null }),
      now,
      log: silent,
    };
    const retrying = await attemptDelivery(deps, start());
    await recordFailedDelivery(deps, { ...retrying, outcome: 'failed', reason: 'The endpoint is disabled' });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ delivery: 'failed', reason: 'The endpoint is disabled', nextRetry: null });
  });

  it('logs a failed attempt when the step itself failed before logging one', async () => {
    const { repository, log } = memoryWebhooks([endpoint()]);
    await recordFailedDelivery(
      { webhooks: repository, now, log: silent },
      { ...start(), failure: { Error: 'Error' } },
    );
    expect(log).toEqual([
      expect.objectContaining({
        attempt: 1,
        status: null,
        delivery: 'failed',
        reason: 'Internal error while delivering',
      }),
    ]);
  });
});

describe('WebhookEvents.emit', () => {
  const task = { id: 't1', account: 'acme', status: 'completed' } as Task;

  it('starts one delivery per subscribed, enabled endpoint of the account and the task’s own', async () => {
    const { repository } = memoryWebhooks([
      endpoint({ id: 'subscribed' }),
      endpoint({ id: 'unsubscribed', events: ['task.error'] }),
      endpoint({ id: 'disabled', disabled: true }),
      endpoint({ id: 'foreign', account: 'other' }),
      endpoint({ id: 't1', taskId: 't1', events: ['task.completed', 'task.queued'] }),
      endpoint({ id: 't2', taskId: 't2' }),
    ]);
    const started: DeliveryRequest[] = [];
    const events = new WebhookEvents(
      repository,
      { start: async (request) => void started.push(request) },
      now,
    );
    await events.emit(task, 'task.completed');
    expect(started.map((request) => request.endpointId).sort()).toEqual(['subscribed', 't1']);
    expect(started[0]).toMatchObject({
      webhookId: messageIdOf('t1', 'task.completed', started[0]?.endpointId as string),
      account: 'acme',
      taskId: 't1',
      event: 'task.completed',
    });
    const body = JSON.parse(started[0]?.body as string);
    expect(body).toMatchObject({ type: 'task.completed', timestamp: '2025-01-01T00:00:00.000Z' });
    expect(body.data).toMatchObject({ id: 't1', status: 'completed' });
    expect(started.map((request) => request.body).join()).not.toContain('whsec_');
  });
});
