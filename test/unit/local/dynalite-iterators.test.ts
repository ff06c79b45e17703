// dynalite closes the LevelDB iterator of every Query and Scan (issue 10, item 5). dynalite 4.0.0
// "closed" a stream's iterator with iterator.return(), which abstract-level iterators lack, so each
// one stayed open, attached to the database, for the life of `npm start`: the memory that grew with
// every task list. patches/dynalite+4.0.0.patch closes it; this counts the iterators left open.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDynamoDb, type Emulator, ensureTables, startDynamoDb } from '#local/emulators';

const TABLE = 'tasks-iterators';
const ACCOUNT = 'local';
const ITEMS = 30;
const LIMIT = 10;
const IN_FLIGHT = 8;

/** An abstract-level database as its resources see it: iterators attach on open, detach on close. */
interface ResourceHost {
  attachResource(resource: object): void;
  detachResource(resource: object): void;
}

/** The level iterators open now, across every database dynalite has (on disk and in memory). */
const openIterators = new Set<object>();

/**
 * Counts the resources of the storage classes dynalite itself loads (its own `level`, i.e.
 * classic-level, and `memory-level`), on the prototype that defines attachResource: abstract-level's.
 */
function countIterators(): void {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const fromLevel = createRequire(fromDynalite.resolve('level'));
  const classes = [
    (fromLevel('classic-level') as { ClassicLevel: { prototype: object } }).ClassicLevel,
    (fromDynalite('memory-level') as { MemoryLevel: { prototype: object } }).MemoryLevel,
  ];
  for (const storage of classes) {
    let host: object | null = storage.prototype;
    while (host !== null && !Object.hasOwn(host, 'attachResource')) host = Object.getPrototypeOf(host);
    if (host === null) throw new Error('no attachResource on the level database prototype chain');
    const prototype = host as ResourceHost & { countedByTest?: true };
    if (prototype.countedByTest) continue;
    prototype.countedByTest = true;
    const { attachResource, detachResource } = prototype;
    prototype.attachResource = function (this: ResourceHost, resource: object) {
      openIterators.add(resource);
      attachResource.call(this, resource);
    };
    prototype.detachResource = function (this: ResourceHost, resource: object) {
      openIterators.delete(resource);
      detachResource.call(this, resource);
    };
  }
}

/** Until the iterators of answered calls have finished closing (close is asynchronous). */
async function settledCount(): Promise<number> {
  for (let i = 0; i < 50 && openIterators.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
  return openIterators.size;
}

// 2,000 calls on disk (what `npm start` keeps), fewer in memory (what the other tests use).
describe.each([
  { storage: 'LevelDB on disk, as npm start', onDisk: true, calls: 2_000 },
  { storage: 'in memory, as the tests', onDisk: false, calls: 500 },
])('dynalite, $storage', ({ onDisk, calls }) => {
  let dir: string | undefined;
  let dynamodb: Emulator;
  let client: ReturnType<typeof adminDynamoDb>;

  beforeAll(async () => {
    countIterators();
    dir = onDisk ? await mkdtemp(join(tmpdir(), 'dfk-iterators-')) : undefined;
    dynamodb = await startDynamoDb({ port: 0, path: dir });
    client = adminDynamoDb(dynamodb.endpoint);
    // The stack's layout: items by pk/sk, tasks listed by account through an index (projection ALL).
    const index = (name: string, partition: string) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: partition, KeyType: 'HASH' as const },
        { AttributeName: 'createdKey', KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    });
    await ensureTables(dynamodb.endpoint, [
      {
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'account', 'accountStatus', 'createdKey'].map((name) => ({
          AttributeName: name,
          AttributeType: 'S' as const,
        })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [index('byCreation', 'account'), index('byStatus', 'accountStatus')],
      },
    ]);
    for (let start = 0; start < ITEMS; start += 25) {
      const ids = Array.from(
        { length: Math.min(25, ITEMS - start) },
        (_, i) => `t${String(start + i).padStart(4, '0')}`,
      );
      await client.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [TABLE]: ids.map((id) => ({
              PutRequest: {
                Item: {
                  pk: { S: `task#${id}` },
                  sk: { S: 'task' },
                  account: { S: ACCOUNT },
                  accountStatus: { S: `${ACCOUNT}#completed` },
                  createdKey: { S: `2026-01-01T00:00:00Z#${id}` },
                },
              },
            })),
          },
        }),
      );
    }
  });

  afterAll(async () => {
    client?.destroy();
    await dynamodb?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`leaves no iterator open after ${calls} queries and scans that stop before the end`, async () => {
    const before = await settledCount();
    // What the list endpoint sends (an index, newest first, a limit below the partition's size),
    // the next page, the other index, and Scans: each stops with items left unread.
    const call = (n: number) => {
      switch (n % 4) {
        case 0:
          return client.send(
            new QueryCommand({
              TableName: TABLE,
              IndexName: 'byCreation',
              KeyConditionExpression: 'account = :partition',
              ExpressionAttributeValues: { ':partition': { S: ACCOUNT } },
              ScanIndexForward: false,
              Limit: LIMIT,
            }),
          );
        case 1:
          return client.send(
            new QueryCommand({
              TableName: TABLE,
              IndexName: 'byStatus',
              KeyConditionExpression: 'accountStatus = :partition',
              ExpressionAttributeValues: { ':partition': { S: `${ACCOUNT}#completed` } },
              ExclusiveStartKey: {
                pk: { S: 'task#t0003' },
                sk: { S: 'task' },
                accountStatus: { S: `${ACCOUNT}#completed` },
                createdKey: { S: '2026-01-01T00:00:00Z#t0003' },
              },
              Limit: LIMIT,
            }),
          );
        case 2:
          return client.send(
            new QueryCommand({
              TableName: TABLE,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': { S: 'task#t0001' } },
            }),
          );
        default:
          return client.send(new ScanCommand({ TableName: TABLE, Limit: LIMIT }));
      }
    };

    let sent = 0;
    let mostOpen = 0;
    const worker = async () => {
      while (sent < calls) {
        const page = await call(sent++);
        expect(page.Items?.length).toBeGreaterThan(0);
        mostOpen = Math.max(mostOpen, openIterators.size);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

    // Leaked, this was one iterator per call (two on disk: classic-level's values() wraps one).
    expect(mostOpen).toBeLessThanOrEqual(4 * IN_FLIGHT);
    expect(await settledCount()).toBe(before);
  });
});
