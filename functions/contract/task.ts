import * as z from 'zod';
import { time } from './time.ts';
import { TASK_STATUSES, TASK_TYPES } from './values.ts';

/** The contract's task object, field for field. */
export const taskView = z
  .strictObject({
    id: z.string().describe('24 base62 characters'),
    type: z.enum(TASK_TYPES),
    payloadID: z.string().describe('MD5 of the canonical scheme JSON'),
    storeID: z.string(),
    requests: z.int().describe('Successful page fetches so far'),
    failedRequests: z.int().describe('Pages that failed after their retries'),
    skippedRequests: z.int().describe('Pages found but not fetched because maxRequests was reached'),
    records: z.int().describe('Records extracted so far (for a conversion, converted)'),
    fileSize: z.number().describe('Size of a converted file in MB'),
    status: z.enum(TASK_STATUSES),
    createdAt: time,
    startTime: time.nullable(),
    endTime: time.nullable(),
    elapsed: z.string().nullable().describe('Whole seconds from startTime to endTime (or now)'),
    error: z.string().nullable(),
    warnings: z
      .array(z.string())
      .describe('What went wrong without failing the task, e.g. pages left out by maxRequests'),
  })
  .meta({ id: 'Task' });

export type TaskView = z.output<typeof taskView>;

/** `POST /v1/tasks`: one page, by creation time. */
export const taskList = z.array(taskView);
