import { Readable } from 'node:stream';
import type { Deliveries, DeliveryRequest, Executions } from '#core/ports/executions';
import type { TaskEvents } from '#core/ports/task-events';
import { storeKeys } from '#core/store-keys';
import type { Task, TaskStatus } from '#core/task';
import type { TaskEventType } from '#core/webhooks/events';
import { MemoryWebhooks } from '#test/unit/webhooks/memory-webhooks';
import { MemoryStore, MemoryTasks, newTask } from './memory-store.ts';

export { MemoryWebhooks };

/**
 * Step Functions' executions as the port promises them: named by the task id, a start of a
 * name already started is a no-op. `calls` keeps every call, `started` the executions made.
 */
export class MemoryExecutions implements Executions {
  readonly calls: string[] = [];
  readonly started: string[] = [];

  async start(taskId: string): Promise<void> {
    this.calls.push(taskId);
    if (!this.started.includes(taskId)) this.started.push(taskId);
  }
}

/** What a task looked like when an event announced it. */
export interface EmittedEvent {
  event: TaskEventType;
  taskId: string;
  status: TaskStatus;
  settled: boolean;
  records: number;
  error: string | null;
  /** The formats whose results file existed at that moment. */
  results: string[];
}

/** A TaskEvents that records each emit (and the task it was given), in order. */
export class RecordingEvents implements TaskEvents {
  readonly emitted: EmittedEvent[] = [];

  async emit(task: Task, event: TaskEventType): Promise<void> {
    this.emitted.push({
      event,
      taskId: task.id,
      status: task.status,
      settled: task.settled,
      records: task.records,
      error: task.error,
      results: Object.keys(task.results).sort(),
    });
  }

  /** The event types emitted, in order. */
  get types(): TaskEventType[] {
    return this.emitted.map((entry) => entry.event);
  }
}

/** Delivery executions named by the message id, as the Deliveries state machine dedupes them. */
export class MemoryDeliveries implements Deliveries {
  readonly calls: DeliveryRequest[] = [];
  readonly started = new Map<string, DeliveryRequest>();

  async start(request: DeliveryRequest): Promise<void> {
    this.calls.push(request);
    if (!this.started.has(request.webhookId)) this.started.set(request.webhookId, request);
  }
}

/** The operator's log in memory (the Log port: info, warn, error with attributes). */
export class MemoryLog {
  readonly entries: { level: 'info' | 'warn' | 'error'; message: string; attributes?: object }[] = [];

  info(message: string, attributes?: object): void {
    this.entries.push({ level: 'info', message, ...(attributes ? { attributes } : {}) });
  }
  warn(message: string, attributes?: object): void {
    this.entries.push({ level: 'warn', message, ...(attributes ? { attributes } : {}) });
  }
  error(message: string, attributes?: object): void {
    this.entries.push({ level: 'error', message, ...(attributes ? { attributes } : {}) });
  }
}

/** Every adapter a task use case or lifecycle step takes, in memory. */
export function memoryDeps() {
  return {
    tasks: new MemoryTasks(),
    store: new MemoryStore(),
    executions: new MemoryExecutions(),
    events: new RecordingEvents(),
    webhooks: new MemoryWebhooks(),
    log: new MemoryLog(),
  };
}

export type MemoryDeps = ReturnType<typeof memoryDeps>;

/** A minimal valid extraction scheme: one text field `a`, records `{a_text}`. */
export const EXTRACTION_SCHEME = {
  name: 'n',
  request: { url: 'https://example.com/' },
  fields: [{ name: 'a', selector: 'p', type: 1, attrs: ['text'] }],
} as const;

/**
 * An extraction task in the repository with its scheme stored and, for each batch given, one
 * part of records `{a_text}` (what ExtractBatch leaves behind).
 */
export async function seedExtraction(
  deps: Pick<MemoryDeps, 'tasks' | 'store'>,
  fields: Partial<Task> = {},
  batches: string[][] = [],
): Promise<Task> {
  const task = newTask({ type: 'extraction', format: 'json', ...fields });
  await deps.store.putJson(storeKeys.scheme(task.storeID), EXTRACTION_SCHEME);
  for (const [index, values] of batches.entries()) {
    const lines = values.map((value) => `${JSON.stringify({ a_text: value })}\n`).join('');
    await deps.store.upload(
      storeKeys.part(task.storeID, index),
      Readable.from([lines]),
      'application/x-ndjson',
    );
  }
  await deps.tasks.create(task);
  return task;
}

/** The records of a JSON results file in the store. */
export function jsonRecords(store: MemoryStore, key: string): unknown {
  const object = store.objects.get(key);
  if (!object) throw new Error(`No object ${key}`);
  return JSON.parse(object.body.toString('utf8'));
}
