import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  QueryCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AttemptPage, WebhookRepository } from '#core/ports/webhook-repository';
import type { DeliveryAttempt, WebhookEndpoint } from '#core/webhooks/model';
import { conditionalUpdate } from './conditional-update.ts';

// Items of the one table (see infra/table.ts). None has an `account`, `accountStatus` or
// `createdKey` attribute, so none lands in the task indexes; the owner is `webhookAccount`.
//   endpoint     pk webhook#<id>          sk endpoint
//   membership   pk webhooks#<account>    sk <createdAt>#<id>      (account endpoints only)
//   attempt      pk webhook#<id>          sk log#<time>#<webhook-id>#<attempt>
const endpointKey = (id: string) => ({ pk: `webhook#${id}`, sk: 'endpoint' });
const membershipKey = (endpoint: WebhookEndpoint) => ({
  pk: `webhooks#${endpoint.account}`,
  sk: `${endpoint.createdAt}#${endpoint.id}`,
});
const LOG_PREFIX = 'log#';

/** Delivery log entries expire (DynamoDB TTL on `ttl`) after this many days. */
export const DELIVERY_LOG_DAYS = 30;

function toEndpoint(item: Record<string, unknown>): WebhookEndpoint {
  return {
    id: String(item.id),
    account: String(item.webhookAccount),
    url: String(item.url),
    events: item.events as WebhookEndpoint['events'],
    secret: String(item.secret),
    createdAt: String(item.createdAt),
    taskId: typeof item.taskId === 'string' ? item.taskId : null,
    disabled: item.disabled === true,
    disabledAt: typeof item.disabledAt === 'string' ? item.disabledAt : null,
    disabledReason: typeof item.disabledReason === 'string' ? item.disabledReason : null,
  };
}

function toAttempt(item: Record<string, unknown>): DeliveryAttempt {
  const { pk: _pk, sk: _sk, ttl: _ttl, ...attempt } = item;
  return attempt as unknown as DeliveryAttempt;
}

export class DynamoDbWebhookRepository implements WebhookRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async create(endpoint: WebhookEndpoint): Promise<void> {
    const { account, ...rest } = endpoint;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...endpointKey(endpoint.id), ...rest, webhookAccount: account },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    if (endpoint.taskId === null) {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...membershipKey(endpoint), id: endpoint.id },
        }),
      );
    }
  }

  async get(id: string): Promise<WebhookEndpoint | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: endpointKey(id), ConsistentRead: true }),
    );
    return Item ? toEndpoint(Item) : null;
  }

  async listForAccount(account: string): Promise<WebhookEndpoint[]> {
    const ids: string[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `webhooks#${account}` },
        // An endpoint created a moment ago gets the next event.
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) ids.push(String(item.id));
    // An account has a few endpoints (see MAX_ACCOUNT_ENDPOINTS); a membership left by a failed
    // delete names an endpoint that is gone and is skipped.
    const endpoints = await Promise.all(ids.map((id) => this.get(id)));
    return endpoints.filter((endpoint): endpoint is WebhookEndpoint => endpoint?.account === account);
  }

  async delete(endpoint: WebhookEndpoint): Promise<void> {
    if (endpoint.taskId === null) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: membershipKey(endpoint) }));
    }
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: endpointKey(endpoint.id) }));
  }

  async disable(id: string, reason: string, at: string): Promise<boolean> {
    return this.updateIfHolds({
      Key: endpointKey(id),
      UpdateExpression: 'SET disabled = :true, disabledAt = :at, disabledReason = :reason',
      ConditionExpression: 'attribute_exists(pk) AND disabled <> :true',
      ExpressionAttributeValues: { ':true': true, ':at': at, ':reason': reason },
    });
  }

  async putAttempt(attempt: DeliveryAttempt): Promise<string> {
    const sk = `${LOG_PREFIX}${attempt.time}#${attempt.webhookId}#${String(attempt.attempt).padStart(2, '0')}`;
    const ttl = Math.floor(Date.parse(attempt.time) / 1000) + DELIVERY_LOG_DAYS * 86_400;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: `webhook#${attempt.endpointId}`, sk, ...attempt, ttl },
      }),
    );
    return sk;
  }

  async markFailed(endpointId: string, logKey: string, reason: string): Promise<boolean> {
    return this.updateIfHolds({
      Key: { pk: `webhook#${endpointId}`, sk: logKey },
      UpdateExpression: 'SET delivery = :failed, reason = :reason, nextRetry = :none',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':failed': 'failed', ':reason': reason, ':none': null },
    });
  }

  async listAttempts(endpointId: string, options: { limit: number; after?: string }): Promise<AttemptPage> {
    const pk = `webhook#${endpointId}`;
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :log)',
        ExpressionAttributeValues: { ':pk': pk, ':log': LOG_PREFIX },
        ScanIndexForward: false,
        Limit: options.limit,
        ExclusiveStartKey: options.after === undefined ? undefined : { pk, sk: LOG_PREFIX + options.after },
      }),
    );
    return {
      attempts: Items.map(toAttempt),
      last: LastEvaluatedKey ? String(LastEvaluatedKey.sk).slice(LOG_PREFIX.length) : undefined,
    };
  }

  private async updateIfHolds(input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
    return (await conditionalUpdate(this.client, { TableName: this.tableName, ...input })) !== null;
  }
}
