import { z } from 'zod';
import { TASK_STATUSES } from '#core/task';
import { extractionSchemeSchema } from '#extraction/scheme';

export const RESULT_FORMATS = ['csv', 'json', 'jsonl', 'excel', 'xml'] as const;

/** `POST /v1/tasks/create`; the conversion issue adds `type: "conversion"` with its scheme. */
export const createTaskBody = z.strictObject({
  type: z.literal('extraction').default('extraction'),
  scheme: extractionSchemeSchema,
  run: z.boolean().default(false),
});

export const taskIdParams = z.object({
  id: z.string().regex(/^[0-9A-Za-z]{24}$/, 'must be a task id: 24 letters and digits'),
});

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
});

export const storeQuery = z.object({
  format: z.enum(RESULT_FORMATS).optional(),
});
