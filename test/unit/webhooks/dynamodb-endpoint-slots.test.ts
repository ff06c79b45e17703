// The 25-endpoint limit on the DynamoDB repository (dynalite: conditional writes, no transactions):
// concurrent creates and deletes, and the slot of a create or delete that fails or dies half-way.
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ABANDONED_SLOT_MS, DynamoDbWebhookRepository } from '#adapters/aws/dynamodb-webhook-repository';
import {
  createEndpoint,
  deleteEndpoint,
  MAX_ACCOUNT_ENDPOINTS,
  removeTaskWebhook,
  saveTaskWebhook,
} from '#core/webhooks/endpoints';
import type { Emulator } from '#local/emulators';
import { type Fault, startTable, TABLE, tableClient } from './dynalite-table.ts';
import { LIMIT_MESSAGE, raceCreates, raceDeletes } from './endpoint-races.ts';

let dynamodb: Emulator;
beforeAll(async () => {
  dynamodb = await startTable();
});
afterAll(async () => {
  await dynamodb?.close();
});

let accounts = 0;
function newAccount(): string {
  accounts += 1;
  return `account-${accounts}`;
}

/** The repository as a function sees it; `fault` picks calls that fail or never answer. */
const repository = (fault?: (command: string, input: string) => Fault) =>
  new DynamoDbWebhookRepository(tableClient(dynamodb.endpoint, fault), TABLE);

/** Runs `act` as long ago as a function would have to have been running for its slot to be abandoned. */
async function longAgo(act: () => Promise<void>): Promise<void> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() - ABANDONED_SLOT_MS - 1000);
  try {
    await act();
  } finally {
    vi.useRealTimers();
  }
}

/** A fault on the first call `matches` picks; `reached` resolves with that call's input. */
function faultOnce(matches: (command: string, input: string) => boolean, fault: Fault) {
  let resolve = (_input: string) => {};
  const reached = new Promise<string>((done) => {
    resolve = done;
  });
  let done = false;
  const pick = (command: string, input: string): Fault => {
    if (done || !matches(command, input)) return undefined;
    done = true;
    resolve(input);
    return fault;
  };
  return { pick, reached };
}

const membershipPut = (account: string) => (command: string, input: string) =>
  command === 'PutItemCommand' && input.includes(`"pk":"webhooks#${account}"`);
const slotRelease = (command: string, input: string) =>
  command === 'UpdateItemCommand' && input.includes('DELETE slots');
const subscription = { url: 'https://hooks.example.com/one', events: ['task.completed' as const] };
const taskWebhook = { ...subscription, secret: 'whsec_x' };

describe('DynamoDbWebhookRepository slots', () => {
  it('gives 25 of 40 concurrent creates an endpoint and the other 15 the 409', async () => {
    // Prepare
    const webhooks = repository();
    const account = newAccount();

    // Act
    const { created, refused } = await raceCreates(webhooks, account, 40);

    // Assert
    expect(created).toHaveLength(MAX_ACCOUNT_ENDPOINTS);
    expect(refused).toHaveLength(15);
    for (const error of refused)
      expect(error).toMatchObject({ statusCode: 409, code: 'conflict', message: LIMIT_MESSAGE });
    expect(await webhooks.listForAccount(account)).toHaveLength(MAX_ACCOUNT_ENDPOINTS);
  });

  it('frees exactly one slot when racing deletes remove one endpoint', async () => {
    // Prepare
    const webhooks = repository();
    const account = newAccount();
    const [gone] = (await raceCreates(webhooks, account, MAX_ACCOUNT_ENDPOINTS)).created;
    if (!gone) throw new Error('no endpoint');

    // Act
    await raceDeletes(webhooks, gone, 5);
    const again = await raceCreates(webhooks, account, 40);

    // Assert
    expect(again.created).toHaveLength(1);
    const listed = (await webhooks.listForAccount(account)).map((endpoint) => endpoint.id);
    expect(listed).toHaveLength(MAX_ACCOUNT_ENDPOINTS);
    expect(listed).not.toContain(gone.id);
    expect(await webhooks.get(gone.id)).toBeNull();
  });

  it('frees the slot of a create whose write failed at once', async () => {
    // Prepare
    const account = newAccount();
    const failing = faultOnce(membershipPut(account), 'fail');
    const deps = { webhooks: repository(failing.pick), checkUrl: async () => null };

    // Act
    const failed = createEndpoint(deps, account, subscription);
    await expect(failed).rejects.toThrow('PutItemCommand failed');
    const { created } = await raceCreates(repository(), account, 40);

    // Assert
    expect(created).toHaveLength(MAX_ACCOUNT_ENDPOINTS);
  });

  it('keeps the slot of a create that died after taking it until no function can still be running', async () => {
    // Prepare
    const account = newAccount();
    const dying = faultOnce(membershipPut(account), 'hang');
    let meanwhile = { created: [] as unknown[] };
    let dead = '';

    // Act
    await longAgo(async () => {
      const deps = { webhooks: repository(dying.pick), checkUrl: async () => null };
      void createEndpoint(deps, account, subscription);
      dead = (JSON.parse(await dying.reached) as { Item: { id: string } }).Item.id;
      meanwhile = await raceCreates(repository(), account, 40);
    });
    const later = await raceCreates(repository(), account, 40);

    // Assert
    expect(meanwhile.created).toHaveLength(MAX_ACCOUNT_ENDPOINTS - 1);
    expect(later.created).toHaveLength(1);
    expect(await repository().listForAccount(account)).toHaveLength(MAX_ACCOUNT_ENDPOINTS);
    expect(await repository().get(dead)).toBeNull();
  });

  it('keeps the slot of a delete that died after unlisting until no function can still be running', async () => {
    // Prepare
    const account = newAccount();
    const dying = faultOnce(slotRelease, 'hang');
    let gone = { id: '' };
    let meanwhile = { created: [] as unknown[] };

    // Act
    await longAgo(async () => {
      const [first] = (await raceCreates(repository(), account, MAX_ACCOUNT_ENDPOINTS)).created;
      if (!first) throw new Error('no endpoint');
      gone = first;
      void deleteEndpoint(repository(dying.pick), account, first.id);
      await dying.reached;
      meanwhile = await raceCreates(repository(), account, 5);
    });
    const later = await raceCreates(repository(), account, 5);

    // Assert
    expect(meanwhile.created).toHaveLength(0);
    expect(later.created).toHaveLength(1);
    const listed = (await repository().listForAccount(account)).map((endpoint) => endpoint.id);
    expect(listed).toHaveLength(MAX_ACCOUNT_ENDPOINTS);
    expect(await repository().get(gone.id)).toBeNull();
  });

  it('counts the endpoints an account had before its slots were kept', async () => {
    // Prepare
    const webhooks = repository();
    const account = newAccount();
    const [first] = (await raceCreates(webhooks, account, MAX_ACCOUNT_ENDPOINTS)).created;
    if (!first) throw new Error('no endpoint');
    const slots = { pk: `webhookslots#${account}`, sk: 'slots' };
    await tableClient(dynamodb.endpoint).send(new DeleteCommand({ TableName: TABLE, Key: slots }));

    // Act
    const full = await raceCreates(webhooks, account, 5);
    await deleteEndpoint(webhooks, account, first.id);
    const freed = await raceCreates(webhooks, account, 5);

    // Assert
    expect(full.created).toHaveLength(0);
    expect(freed.created).toHaveLength(1);
  });

  it('does not count tasks’ own webhooks, which a full account still gets', async () => {
    // Prepare
    const webhooks = repository();
    const account = newAccount();
    await saveTaskWebhook(webhooks, { id: 'task-before', account }, taskWebhook);

    // Act
    const { created } = await raceCreates(webhooks, account, 40);
    await saveTaskWebhook(webhooks, { id: `task-after-${account}`, account }, taskWebhook);
    await removeTaskWebhook(webhooks, 'task-before');
    const afterRemoval = await raceCreates(webhooks, account, 5);

    // Assert
    expect(created).toHaveLength(MAX_ACCOUNT_ENDPOINTS);
    expect(await webhooks.get(`task-after-${account}`)).toMatchObject({ taskId: `task-after-${account}` });
    expect(afterRemoval.created).toHaveLength(0);
  });
});
