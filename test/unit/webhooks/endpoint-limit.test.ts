// The 25-endpoint limit under concurrency, on the memory repository (the port's conditions).
import { describe, expect, it } from 'vitest';
import { MAX_ACCOUNT_ENDPOINTS, saveTaskWebhook } from '#core/webhooks/endpoints';
import { LIMIT_MESSAGE, raceCreates, raceDeletes } from './endpoint-races.ts';
import { MemoryWebhooks } from './memory-webhooks.ts';

const taskWebhook = {
  url: 'https://hooks.example.com/task',
  events: ['task.completed' as const],
  secret: 'whsec_x',
};

describe('the account endpoint limit', () => {
  it('gives 25 of 40 concurrent creates an endpoint and the other 15 the 409', async () => {
    // Prepare
    const webhooks = new MemoryWebhooks();

    // Act
    const { created, refused } = await raceCreates(webhooks, 'acme', 40);

    // Assert
    expect(created).toHaveLength(MAX_ACCOUNT_ENDPOINTS);
    expect(refused).toHaveLength(15);
    for (const error of refused)
      expect(error).toMatchObject({ statusCode: 409, code: 'conflict', message: LIMIT_MESSAGE });
    expect(await webhooks.listForAccount('acme')).toHaveLength(MAX_ACCOUNT_ENDPOINTS);
    expect((await raceCreates(webhooks, 'globex', 1)).created).toHaveLength(1);
  });

  it('frees exactly one slot when racing deletes remove one endpoint', async () => {
    // Prepare
    const webhooks = new MemoryWebhooks();
    const { created } = await raceCreates(webhooks, 'acme', MAX_ACCOUNT_ENDPOINTS);
    const [gone] = created;
    if (!gone) throw new Error('no endpoint');

    // Act
    await raceDeletes(webhooks, gone, 5);
    const again = await raceCreates(webhooks, 'acme', 40);

    // Assert
    expect(again.created).toHaveLength(1);
    expect(again.refused).toHaveLength(39);
    const listed = (await webhooks.listForAccount('acme')).map((endpoint) => endpoint.id);
    expect(listed).toHaveLength(MAX_ACCOUNT_ENDPOINTS);
    expect(listed).not.toContain(gone.id);
  });

  it('does not count tasks’ own webhooks, which a full account still gets', async () => {
    // Prepare
    const webhooks = new MemoryWebhooks();
    await saveTaskWebhook(webhooks, { id: 'task-before', account: 'acme' }, taskWebhook);

    // Act
    const { created } = await raceCreates(webhooks, 'acme', 40);
    await saveTaskWebhook(webhooks, { id: 'task-after', account: 'acme' }, taskWebhook);

    // Assert
    expect(created).toHaveLength(MAX_ACCOUNT_ENDPOINTS);
    expect(await webhooks.get('task-after')).toMatchObject({ taskId: 'task-after' });
  });
});
