import * as z from 'zod';
import { TASK_STATUSES } from './values.ts';

/** Every error: `{"error": {"code", "message"}}`, with the fields some carry. */
export const errorEnvelope = z
  .strictObject({
    error: z.strictObject({
      code: z.string().describe('snake_case'),
      message: z.string(),
      details: z
        .array(z.strictObject({ path: z.string(), reason: z.string() }))
        .optional()
        .describe('400: the path and reason of each invalid field'),
      status: z.enum(TASK_STATUSES).optional().describe('409: the task’s current status'),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorEnvelope = z.output<typeof errorEnvelope>;
