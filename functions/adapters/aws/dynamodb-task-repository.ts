import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  ListQuery,
  Progress,
  TaskPage,
  TaskRepository,
  TransitionOptions,
} from '#core/ports/task-repository';
import type { Task, TaskStatus } from '#core/task';
import { allowedFrom } from '#core/transitions';
import { conditionalUpdate } from './conditional-update.ts';

// Table layout (see infra/stack.ts): pk/sk; GSI byCreation (account, createdKey);
// GSI byStatus (accountStatus, createdKey). createdKey sorts by creation time, then id.
export const TABLE_KEYS = {
  byCreation: 'byCreation',
  byStatus: 'byStatus',
} as const;

const taskKey = (id: string) => ({ pk: `task#${id}`, sk: 'task' });

type TaskItem = Task & { pk: string; sk: string; createdKey: string; accountStatus: string };

function toItem(task: Task): TaskItem {
  return {
    ...task,
    ...taskKey(task.id),
    createdKey: `${task.createdAt}#${task.id}`,
    accountStatus: `${task.account}#${task.status}`,
  };
}

function fromItem(item: Record<string, unknown>): Task {
  const { pk: _pk, sk: _sk, createdKey: _c, accountStatus: _a, ...task } = item as unknown as TaskItem;
  return task;
}

export class DynamoDbTaskRepository implements TaskRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async create(task: Task): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: toItem(task),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string, account?: string): Promise<Task | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: taskKey(id), ConsistentRead: true }),
    );
    if (!Item) return null;
    const task = fromItem(Item);
    return account === undefined || task.account === account ? task : null;
  }

  async transition(id: string, to: TaskStatus, options: TransitionOptions = {}): Promise<Task | null> {
    const from = allowedFrom(to).filter((status) => !options.from || options.from.includes(status));
    if (from.length === 0) return null;
    const current = await this.get(id);
    if (!current) return null;
    const update = setFields({ ...options.set, status: to, accountStatus: `${current.account}#${to}` });
    const fromPlaceholders = from.map((status, i) => {
      update.ExpressionAttributeValues[`:from${i}`] = status;
      return `:from${i}`;
    });
    const updated = await conditionalUpdate(this.client, {
      TableName: this.tableName,
      Key: taskKey(id),
      ...update,
      ConditionExpression: `attribute_exists(pk) AND #status IN (${fromPlaceholders.join(', ')})`,
      ReturnValues: 'ALL_NEW',
    });
    return updated ? fromItem(updated) : null;
  }

  recordProgress(id: string, counters: Progress): Promise<boolean> {
    return this.writeCounters(id, counters, ['running']);
  }

  recordBatchCounters(id: string, counters: Progress): Promise<boolean> {
    return this.writeCounters(id, counters, ['running', 'cancelled']);
  }

  private writeCounters(id: string, counters: Progress, statuses: TaskStatus[]): Promise<boolean> {
    // Only the task's own counters: a caller may pass a wider object (the crawl's, with pagesDone).
    const { requests, failedRequests, skippedRequests, records } = counters;
    const update = setFields({ requests, failedRequests, skippedRequests, records });
    update.ExpressionAttributeNames['#status'] = 'status';
    const placeholders = statuses.map((status, index) => {
      update.ExpressionAttributeValues[`:status${index}`] = status;
      return `:status${index}`;
    });
    return this.updateIfHolds({
      Key: taskKey(id),
      ...update,
      ConditionExpression: `#status IN (${placeholders.join(', ')})`,
    });
  }

  async saveWarnings(id: string, warnings: string[]): Promise<void> {
    await this.updateIfHolds({
      Key: taskKey(id),
      ...setFields({ warnings }),
      ConditionExpression: 'attribute_exists(pk)',
    });
  }

  async saveResult(
    id: string,
    format: string,
    result: { key: string; size: number },
    counters: { records?: number; fileSize?: number } = {},
  ): Promise<void> {
    const update = setFields(counters, ['results.#format = :result']);
    update.ExpressionAttributeNames['#format'] = format;
    update.ExpressionAttributeValues[':result'] = result;
    await this.updateIfHolds({ Key: taskKey(id), ...update, ConditionExpression: 'attribute_exists(pk)' });
  }

  async markSettled(id: string): Promise<boolean> {
    return this.updateIfHolds({
      Key: taskKey(id),
      UpdateExpression: 'SET settled = :true',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':true': true },
    });
  }

  async list(query: ListQuery): Promise<TaskPage> {
    const byStatus = query.status !== undefined;
    const { Items = [], LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byStatus ? TABLE_KEYS.byStatus : TABLE_KEYS.byCreation,
        KeyConditionExpression: byStatus ? 'accountStatus = :partition' : 'account = :partition',
        ExpressionAttributeValues: {
          ':partition': byStatus ? `${query.account}#${query.status}` : query.account,
        },
        ScanIndexForward: query.order === 'asc',
        Limit: query.limit,
        ExclusiveStartKey: query.after === undefined ? undefined : startKey(query, query.after),
      }),
    );
    return {
      tasks: Items.map(fromItem),
      last: LastEvaluatedKey ? String(LastEvaluatedKey.createdKey) : undefined,
    };
  }

  async delete(id: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: taskKey(id) }));
  }

  /** False when the condition failed (a deleted task, a finished task). */
  private async updateIfHolds(input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
    return (await conditionalUpdate(this.client, { TableName: this.tableName, ...input })) !== null;
  }
}

/** The index key of the task at `position` (`createdAt#id`), where the next page starts. */
function startKey(query: ListQuery, position: string): Record<string, unknown> {
  const id = position.slice(position.lastIndexOf('#') + 1);
  const partition = query.status
    ? { accountStatus: `${query.account}#${query.status}` }
    : { account: query.account };
  return { ...taskKey(id), createdKey: position, ...partition };
}

/** `SET #f = :f, …` for each field given (undefined ones left out) and the `also` clauses. */
function setFields(fields: Record<string, unknown>, also: string[] = []) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = [...also];
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  return {
    UpdateExpression: `SET ${sets.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
