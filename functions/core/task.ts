import type { TaskView } from '#contract/task';
import type { TaskStatus, TaskType } from '#contract/values';
import type { Format } from '#conversion/formats';
import { elapsed, formatTime } from './time.ts';

export type { TaskView } from '#contract/task';
export { TASK_STATUSES, type TaskStatus, type TaskType } from '#contract/values';
export type ResultFormat = Format;
export type Renderer = 'chrome';

/** A file of the task's store: the exported results in one format. */
export interface StoredResult {
  key: string;
  size: number;
  /** Hex MD5 of the file (absent on results stored before it was taken). */
  md5?: string;
}

/** The task as the table keeps it (times are full ISO strings with milliseconds). */
export interface Task {
  id: string;
  account: string;
  type: TaskType;
  /** How its pages load: absent for HTTP, `chrome` for a headless browser (its batches run in the browser step). */
  renderer?: Renderer;
  payloadID: string;
  storeID: string;
  format: ResultFormat;
  status: TaskStatus;
  requests: number;
  failedRequests: number;
  /** Pages left out by `maxRequests` (absent on tasks stored before it was counted). */
  skippedRequests?: number;
  fileSize: number;
  /** Records so far: written by a crawl's progress, then by the export (a conversion's: converted). */
  records: number;
  createdAt: string;
  startTime: string | null;
  endTime: string | null;
  error: string | null;
  /** What went wrong without failing the task, for its info (absent on older tasks). */
  warnings?: string[];
  /** Exported files by format, written by the Export step and by `store?format=`. */
  results: Partial<Record<ResultFormat, StoredResult>>;
  /** True once the workflow has nothing more to write for this task. */
  settled: boolean;
}

export function toTaskView(task: Task, now = new Date()): TaskView {
  return {
    id: task.id,
    type: task.type,
    payloadID: task.payloadID,
    storeID: task.storeID,
    requests: task.requests,
    failedRequests: task.failedRequests,
    skippedRequests: task.skippedRequests ?? 0,
    records: task.records,
    fileSize: task.fileSize,
    status: task.status,
    createdAt: formatTime(task.createdAt) as string,
    startTime: formatTime(task.startTime),
    endTime: formatTime(task.endTime),
    elapsed: elapsed(task.startTime, task.endTime, now),
    error: task.error,
    warnings: task.warnings ?? [],
  };
}

/** Completed tasks, and cancelled or failed ones that extracted something, have results to serve. */
export function hasResults(task: Task): boolean {
  if (task.status === 'completed') return true;
  return (task.status === 'cancelled' || task.status === 'error') && task.settled && task.records > 0;
}
