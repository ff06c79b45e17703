import type { ResultFormat, StoredResult, Task, TaskStatus } from '../task.ts';

/** The live counters of a running task. */
export interface Progress {
  requests: number;
  failedRequests: number;
  /** Pages left out by `maxRequests`; absent where the work has no pages (conversions). */
  skippedRequests?: number | undefined;
  /** Records extracted (or converted) so far. */
  records?: number | undefined;
}

export interface ListQuery {
  account: string;
  limit: number;
  order: 'asc' | 'desc';
  status?: TaskStatus;
  /** Start after this task's position (`createdAt#id`), as the previous page's `last` gave it. */
  after?: string | undefined;
}

export interface TaskPage {
  tasks: Task[];
  /** The position of the last task, when another page may follow. */
  last?: string | undefined;
}

export interface TransitionOptions {
  /** Narrows the statuses the task may move from (within those the lifecycle allows). */
  from?: readonly TaskStatus[];
  /** Fields written in the same conditional update as the status. */
  set?: Partial<
    Pick<
      Task,
      'startTime' | 'endTime' | 'error' | 'requests' | 'failedRequests' | 'fileSize' | 'records' | 'settled'
    >
  >;
}

/** The port through which use cases read and change tasks (DynamoDB in every deployment). */
export interface TaskRepository {
  create(task: Task): Promise<void>;
  /** The task, or null when it does not exist or belongs to another account. */
  get(id: string, account?: string): Promise<Task | null>;
  /** Conditional status change; null when the task was not in a status that may move to `to`. */
  transition(id: string, to: TaskStatus, options?: TransitionOptions): Promise<Task | null>;
  /** Writes live counters while running; false when the task is no longer running. */
  recordProgress(id: string, counters: Progress): Promise<boolean>;
  /**
   * Writes a batch's last counters while running or once cancelled (a cancel's batch still fetched
   * its pages and its records are exported); false when the task is in another status.
   */
  recordBatchCounters(id: string, counters: Progress): Promise<boolean>;
  /** Replaces what the task's info says went wrong without failing it (pages left out, …). */
  saveWarnings(id: string, warnings: string[]): Promise<void>;
  saveResult(
    id: string,
    format: ResultFormat,
    result: StoredResult,
    counters?: { records?: number; fileSize?: number },
  ): Promise<void>;
  /** False when the task no longer exists. */
  markSettled(id: string): Promise<boolean>;
  list(query: ListQuery): Promise<TaskPage>;
  delete(id: string): Promise<void>;
}
