import { Readable } from 'node:stream';
import type { PresignOptions, StoredObject, TaskStore } from '#core/ports/store';
import type {
  ListQuery,
  Progress,
  TaskPage,
  TaskRepository,
  TransitionOptions,
} from '#core/ports/task-repository';
import type { StoredResult, Task, TaskStatus } from '#core/task';
import { allowedFrom } from '#core/transitions';

/** A presigned link handed out by the memory store, with the options it was asked for. */
export interface Presigned {
  method: 'GET' | 'PUT';
  key: string;
  options: PresignOptions | { expiresInSeconds: number };
}

/** The task store in memory, for use cases tested without S3. */
export class MemoryStore implements TaskStore {
  readonly objects = new Map<string, { body: Buffer; contentType?: string }>();
  /** Every link presigned, in order. */
  readonly presigned: Presigned[] = [];

  async putJson(key: string, value: unknown) {
    this.objects.set(key, { body: Buffer.from(JSON.stringify(value)) });
  }
  async getJson<T>(key: string): Promise<T | null> {
    const object = this.objects.get(key);
    return object ? (JSON.parse(object.body.toString('utf8')) as T) : null;
  }
  async putText(key: string, body: string) {
    this.objects.set(key, { body: Buffer.from(body) });
  }
  async list(prefix: string) {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
  async read(key: string) {
    const object = this.objects.get(key);
    if (!object) throw Object.assign(new Error(`NoSuchKey ${key}`), { name: 'NoSuchKey' });
    return Readable.from([object.body]);
  }
  async upload(key: string, body: Readable, contentType: string): Promise<StoredResult> {
    const parts: Buffer[] = [];
    for await (const chunk of body) parts.push(Buffer.from(chunk as Buffer | string));
    const all = Buffer.concat(parts);
    this.objects.set(key, { body: all, contentType });
    return { key, size: all.length };
  }
  async presignGet(key: string, options: PresignOptions) {
    this.presigned.push({ method: 'GET', key, options });
    return `memory://${key}`;
  }
  async presignPut(key: string, options: { expiresInSeconds: number } = { expiresInSeconds: 0 }) {
    this.presigned.push({ method: 'PUT', key, options });
    return `memory://${key}?put`;
  }
  async head(key: string): Promise<StoredObject | null> {
    const object = this.objects.get(key);
    return object ? { size: object.body.length, contentType: object.contentType } : null;
  }
  async deleteAll(prefix: string) {
    const keys = await this.list(prefix);
    for (const key of keys) this.objects.delete(key);
    return keys.length;
  }
}

/** The table's sort key of the creation indexes: creation time, then id. */
const createdKey = (task: Task) => `${task.createdAt}#${task.id}`;

/** Byte order, as DynamoDB compares string sort keys (these are ASCII). */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Tasks in memory with the same conditional writes as the table (DynamoDbTaskRepository):
 * `create` refuses an id that exists, `transition` moves only from a status the lifecycle
 * allows (narrowed by `from`) and returns null otherwise, `recordProgress` writes only while
 * running (`recordBatchCounters` also once cancelled), `saveResult` and `markSettled` only on a task that exists; `list` is one account's
 * page by creation time then id (optionally of one status), after a position, with the position
 * of its last task whenever the page is full.
 * Every check and write happens without an await between them, as one conditional update does.
 */
export class MemoryTasks implements TaskRepository {
  readonly tasks = new Map<string, Task>();
  progressWrites = 0;

  async create(task: Task) {
    if (this.tasks.has(task.id)) throw new Error(`ConditionalCheckFailed: task ${task.id} exists`);
    this.tasks.set(task.id, structuredClone(task));
  }
  async get(id: string, account?: string) {
    const task = this.tasks.get(id);
    return task && (account === undefined || task.account === account) ? structuredClone(task) : null;
  }
  async transition(id: string, to: TaskStatus, options: TransitionOptions = {}) {
    const task = this.tasks.get(id);
    const from = allowedFrom(to).filter((status) => !options.from || options.from.includes(status));
    if (!task || !from.includes(task.status)) return null;
    for (const [field, value] of Object.entries(options.set ?? {})) {
      if (value !== undefined) Object.assign(task, { [field]: structuredClone(value) });
    }
    task.status = to;
    return structuredClone(task);
  }
  async recordProgress(id: string, counters?: Progress) {
    return this.writeCounters(id, counters, ['running']);
  }
  async recordBatchCounters(id: string, counters?: Progress) {
    return this.writeCounters(id, counters, ['running', 'cancelled']);
  }
  private writeCounters(id: string, counters: Progress | undefined, statuses: TaskStatus[]) {
    this.progressWrites++;
    const task = this.tasks.get(id);
    if (task === undefined || !statuses.includes(task.status)) return false;
    for (const [field, value] of Object.entries(counters ?? {})) {
      if (value !== undefined) Object.assign(task, { [field]: value });
    }
    return true;
  }
  async saveWarnings(id: string, warnings: string[]) {
    const task = this.tasks.get(id);
    if (task) task.warnings = [...warnings];
  }
  async saveResult(
    id: string,
    format: Task['format'],
    result: StoredResult,
    counters: { records?: number; fileSize?: number } = {},
  ) {
    const task = this.tasks.get(id);
    if (!task) return;
    task.results[format] = { ...result };
    if (counters.records !== undefined) task.records = counters.records;
    if (counters.fileSize !== undefined) task.fileSize = counters.fileSize;
  }
  async markSettled(id: string) {
    const task = this.tasks.get(id);
    if (task) task.settled = true;
    return task !== undefined;
  }
  async list(query: ListQuery): Promise<TaskPage> {
    const sign = query.order === 'asc' ? 1 : -1;
    const page = [...this.tasks.values()]
      .filter((task) => task.account === query.account && (!query.status || task.status === query.status))
      .sort((a, b) => sign * byteOrder(createdKey(a), createdKey(b)))
      .filter((task) => query.after === undefined || sign * byteOrder(createdKey(task), query.after) > 0)
      .slice(0, query.limit);
    const last = page.at(-1);
    // As DynamoDB's LastEvaluatedKey: present whenever the page is full, even if nothing follows.
    return {
      tasks: page.map((task) => structuredClone(task)),
      ...(last && page.length === query.limit ? { last: createdKey(last) } : {}),
    };
  }
  async delete(id: string) {
    this.tasks.delete(id);
  }
}

let counter = 0;
export function newTask(fields: Partial<Task> = {}): Task {
  counter++;
  const id = `t${String(counter).padStart(23, '0')}`;
  return {
    id,
    account: 'acme',
    type: 'conversion',
    payloadID: 'x',
    storeID: `s${String(counter).padStart(23, '0')}`,
    format: 'json',
    status: 'running',
    requests: 0,
    failedRequests: 0,
    fileSize: 0,
    records: 0,
    createdAt: new Date().toISOString(),
    startTime: null,
    endTime: null,
    error: null,
    results: {},
    settled: false,
    ...fields,
  };
}
