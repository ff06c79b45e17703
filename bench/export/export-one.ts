// One export in its own process: parts on disk → exportResults (the workflow's code) → a file.

import type { Format } from '#conversion/formats';
import type { TaskRepository } from '#core/ports/task-repository';
import { exportResults } from '#core/results/export';
import type { Task } from '#core/task';
import { type ChildUsage, usageSince } from '../lib/child.ts';
import { FileTaskStore } from './file-store.ts';

export interface ExportRun extends ChildUsage {
  format: Format;
  records: number;
  bytes: number;
}

const [dir, storeID, format] = process.argv.slice(2) as [string, string, Format];
const startedAt = performance.now();
let records = 0;
const tasks = {
  saveResult: async (_id: string, _format: Format, _result: unknown, counters?: { records?: number }) => {
    records = counters?.records ?? 0;
  },
} as unknown as TaskRepository;
const task = { id: 'bench', storeID, format, type: 'extraction' } as Task;

const result = await exportResults({ tasks, store: new FileTaskStore(dir) }, task, format);
const run: ExportRun = { format, records, bytes: result.size, ...usageSince(startedAt) };
console.log(JSON.stringify(run));
