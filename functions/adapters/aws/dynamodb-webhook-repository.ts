import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DeleteCommandInput,
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
//   membership   pk webhooks#<account>    sk <slot>                (account endpoints only)
//   slots        pk webhookslots#<account> sk slots                `slots`: a string set of <slot>
//   attempt      pk webhook#<id>          sk log#<time>#<webhook-id>#<attempt>
// An account endpoint's <slot> is <createdAt>#<id>. The slots set counts the account's endpoints:
// a create adds to it only while it holds fewer than the limit, a delete removes its own slot.
const endpointKey = (id: string) => ({ pk: `webhook#${id}`, sk: 'endpoint' });
const slotOf = (endpoint: WebhookEndpoint) => `${endpoint.createdAt}#${endpoint.id}`;
const membershipKey = (account: string, slot: string) => ({ pk: `webhooks#${account}`, sk: slot });
const slotsKey = (account: string) => ({ pk: `webhookslots#${account}`, sk: 'slots' });
const LOG_PREFIX = 'log#';

/** No Lambda runs longer: a slot this old whose endpoint is not listed was left by a create or delete that died. */
export const ABANDONED_SLOT_MS = 15 * 60_000;

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

  async create(endpoint: WebhookEndpoint, max?: number): Promise<boolean> {
    if (endpoint.taskId !== null) {
      await this.putEndpoint(endpoint);
      return true;
    }
    const slot = slotOf(endpoint);
    if (!(await this.takeSlot(endpoint.account, slot, max))) return false;
    try {
      await this.putEndpoint(endpoint);
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...membershipKey(endpoint.account, slot), id: endpoint.id },
        }),
      );
    } catch (error) {
      // Freed now rather than once abandoned; should this fail too, it is freed then.
      await this.discard(endpoint.account, slot).catch(() => false);
      throw error;
    }
    return true;
  }

  private async putEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    const { account, ...rest } = endpoint;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...endpointKey(endpoint.id), ...rest, webhookAccount: account },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** Adds the slot unless `max` are taken (and none of them abandoned): false only when full. */
  private async takeSlot(account: string, slot: string, max: number | undefined): Promise<boolean> {
    // Each further round follows a change made meanwhile: slots counted, freed or found abandoned.
    for (let round = 0; round < 5; round += 1) {
      if (await this.addSlot(account, slot, max)) return true;
      const taken = await this.slotsOf(account);
      if (taken === null) {
        await this.countSlots(account);
        continue;
      }
      const full = max !== undefined && taken.length >= max;
      if (full && !(await this.freeAbandoned(account, taken))) return false;
    }
    return false;
  }

  private addSlot(account: string, slot: string, max: number | undefined): Promise<boolean> {
    return this.updateIfHolds({
      Key: slotsKey(account),
      UpdateExpression: 'ADD slots :slot',
      // The item exists once the account's slots are counted (countSlots).
      ConditionExpression:
        max === undefined
          ? 'attribute_exists(pk)'
          : 'attribute_exists(pk) AND (attribute_not_exists(slots) OR size(slots) < :max)',
      ExpressionAttributeValues: { ':slot': new Set([slot]), ...(max === undefined ? {} : { ':max': max }) },
    });
  }

  /** The account's taken slots, or null before they are counted. */
  private async slotsOf(account: string): Promise<string[] | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: slotsKey(account), ConsistentRead: true }),
    );
    if (!Item) return null;
    return Item.slots instanceof Set ? [...Item.slots].map(String) : [];
  }

  /** The account's first slot counts the endpoints it already has (listed before slots were kept). */
  private async countSlots(account: string): Promise<void> {
    const slots = (await this.memberships(account)).map((item) => String(item.sk));
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...slotsKey(account), ...(slots.length > 0 ? { slots: new Set(slots) } : {}) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Frees the slots that no listed endpoint holds and no live call can still fill; true if any. */
  private async freeAbandoned(account: string, slots: string[]): Promise<boolean> {
    const listed = new Set((await this.listForAccount(account)).map(slotOf));
    const cutoff = Date.now() - ABANDONED_SLOT_MS;
    const abandoned = slots.filter(
      (slot) => !listed.has(slot) && Date.parse(slot.slice(0, slot.indexOf('#'))) < cutoff,
    );
    const freed = await Promise.all(abandoned.map((slot) => this.discard(account, slot)));
    return freed.includes(true);
  }

  /** Unlists an account endpoint, frees its slot (true for the one call that does), drops the endpoint. */
  private async discard(account: string, slot: string): Promise<boolean> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: membershipKey(account, slot) }),
    );
    const freed = await this.updateIfHolds({
      Key: slotsKey(account),
      UpdateExpression: 'DELETE slots :slot',
      ConditionExpression: 'contains(slots, :member)',
      ExpressionAttributeValues: { ':slot': new Set([slot]), ':member': slot },
    });
    const at = slot.indexOf('#');
    await this.deleteIfHolds({
      Key: endpointKey(slot.slice(at + 1)),
      // Never another endpoint of the same id: a failed create's id may be taken.
      ConditionExpression: 'createdAt = :createdAt',
      ExpressionAttributeValues: { ':createdAt': slot.slice(0, at) },
    });
    return freed;
  }

  async get(id: string): Promise<WebhookEndpoint | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: endpointKey(id), ConsistentRead: true }),
    );
    return Item ? toEndpoint(Item) : null;
  }

  async listForAccount(account: string): Promise<WebhookEndpoint[]> {
    const ids = (await this.memberships(account)).map((item) => String(item.id));
    // An account has a few endpoints (see MAX_ACCOUNT_ENDPOINTS); a membership left by a failed
    // delete names an endpoint that is gone and is skipped.
    const endpoints = await Promise.all(ids.map((id) => this.get(id)));
    return endpoints.filter((endpoint): endpoint is WebhookEndpoint => endpoint?.account === account);
  }

  private async memberships(account: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
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
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  }

  async delete(endpoint: WebhookEndpoint): Promise<void> {
    if (endpoint.taskId === null) {
      await this.discard(endpoint.account, slotOf(endpoint));
      return;
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

  private async deleteIfHolds(input: Omit<DeleteCommandInput, 'TableName'>): Promise<boolean> {
    try {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, ...input }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
