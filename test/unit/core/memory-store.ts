import { Readable } from 'node:stream';
import type { PresignOptions, StoredObject, TaskStore } from '#core/ports/store';
import type { TaskRepository, TransitionOptions } from '#core/ports/task-repository';
import type { StoredResult, Task, TaskStatus } from '#core/task';
import { allowedFrom } from '#core/transitions';

/** The task store in memory, for use cases tested without S3. */
export class MemoryStore implements TaskStore {
  readonly objects = new Map<string, { body: Buffer; contentType?: string }>();

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
  async presignGet(key: string, _options: PresignOptions) {
    return `memory://${key}`;
  }
  async presignPut(key: string) {
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

/** Tasks in memory with the same conditional transitions as the table. */
export class MemoryTasks implements TaskRepository {
  readonly tasks = new Map<string, Task>();
  progressWrites = 0;

  async create(task: Task) {
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
    Object.assign(task, options.set ?? {}, { status: to });
    return structuredClone(task);
  }
  async recordProgress(id: string) {
    this.progressWrites++;
    return this.tasks.get(id)?.status === 'running';
  }
  async saveResult(
    id: string,
    format: Task['format'],
    result: StoredResult,
    counters: { records?: number; fileSize?: number } = {},
  ) {
    const task = this.tasks.get(id);
    if (!task) return;
    task.results[format] = result;
    if (counters.records !== undefined) task.records = counters.records;
    if (counters.fileSize !== undefined) task.fileSize = counters.fileSize;
  }
  async markSettled(id: string) {
    const task = this.tasks.get(id);
    if (task) task.settled = true;
    return task !== undefined;
  }
  async list() {
    return { tasks: [...this.tasks.values()] };
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
