import { createLogUpdate } from 'log-update';
import type { Task } from '#client/index';

/** Records so far, when the task reports them (an additive field). */
export const recordsOf = (task: Task): number | undefined =>
  'records' in task && typeof task.records === 'number' ? task.records : undefined;

/** `running  requests 12  failed 0  records 240  elapsed 6s  2.0 pages/s`: what is known of the task now. */
export function progressLine(task: Task): string {
  const parts: string[] = [task.status];
  const seconds = task.elapsed === null ? undefined : Number(task.elapsed);
  if (task.type === 'extraction') parts.push(`requests ${task.requests}`, `failed ${task.failedRequests}`);
  const records = recordsOf(task);
  if (records !== undefined) parts.push(`records ${records}`);
  if (seconds !== undefined) parts.push(`elapsed ${seconds}s`);
  if (task.type === 'extraction' && seconds) parts.push(`${(task.requests / seconds).toFixed(1)} pages/s`);
  return parts.join('  ');
}

/** What changes the plain output: the same counters at a later second are not a new line. */
const stateOf = (task: Task) => [task.status, task.requests, task.failedRequests, recordsOf(task)].join('/');

export interface Progress {
  update(task: Task): void;
  /** A line of its own (a cancel, an error), kept above the live line rather than erased by it. */
  note(line: string): void;
  /** Leaves the last line as it is and lets other output follow. */
  done(): void;
}

/** A plain line each time the status or a counter changes: for logs, where a rewritten line would be noise. */
export function plainProgress(write: (line: string) => void): Progress {
  let last = '';
  return {
    update(task) {
      const state = stateOf(task);
      if (state !== last) write(progressLine(task));
      last = state;
    },
    note: write,
    done() {},
  };
}

/** One line rewritten in place on a terminal (log-update keeps the cursor and wrapped lines right), else plain lines. */
export function progressOn(stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY) return plainProgress((line) => stream.write(`${line}\n`));
  const line = createLogUpdate(stream);
  let finished = false;
  return {
    update: (task) => line(progressLine(task)),
    note: (text) => (finished ? stream.write(`${text}\n`) : line.persist(text)),
    done() {
      finished = true;
      line.done();
    },
  };
}
