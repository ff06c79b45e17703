import * as z from 'zod';
import { TASK_STATUSES } from '#core/task';

/** `POST /v1/tasks`: one page of the account's tasks by creation time. */
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
});
