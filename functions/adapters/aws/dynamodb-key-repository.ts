import { type DynamoDBDocumentClient, GetCommand, PutCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord, KeyRepository } from '#core/ports/key-repository';
import { conditionalUpdate } from './conditional-update.ts';

const keyKey = (hash: string) => ({ pk: `key#${hash}`, sk: 'key' });

function toRecord(item: Record<string, unknown>): ApiKeyRecord {
  return {
    keyId: String(item.keyId),
    account: String(item.keyAccount),
    createdAt: String(item.createdAt),
    revoked: item.revoked === true,
  };
}

// Key items keep their account in `keyAccount`, not `account`, so they stay out of the task indexes.
export class DynamoDbKeyRepository implements KeyRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: keyKey(hash) }));
    return Item ? toRecord(Item) : null;
  }

  async create(hash: string, record: ApiKeyRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keyKey(hash),
          keyId: record.keyId,
          keyAccount: record.account,
          createdAt: record.createdAt,
          revoked: record.revoked,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async revoke(keyIdOrHash: string): Promise<ApiKeyRecord | null> {
    const match = (await this.scanKeys()).find(
      (item) => item.keyId === keyIdOrHash || item.pk === `key#${keyIdOrHash}`,
    );
    if (!match) return null;
    const revoked = await conditionalUpdate(this.client, {
      TableName: this.tableName,
      Key: { pk: match.pk, sk: 'key' },
      UpdateExpression: 'SET revoked = :true',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':true': true },
      ReturnValues: 'ALL_NEW',
    });
    return revoked ? toRecord(revoked) : null;
  }

  async list(): Promise<ApiKeyRecord[]> {
    return (await this.scanKeys()).map(toRecord);
  }

  // An operator's command, not a request path: a scan of the key items is acceptable here.
  private async scanKeys(): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateScan(
      { client: this.client },
      {
        TableName: this.tableName,
        FilterExpression: 'sk = :key',
        ExpressionAttributeValues: { ':key': 'key' },
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  }
}
