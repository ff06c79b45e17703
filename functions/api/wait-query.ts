// zod/mini: the info and run functions' bundles stay small.
import * as z from 'zod/mini';
import { MAX_WAIT_SECONDS } from '#core/tasks/await-final';

const RANGE = `wait must be a number of seconds from 0 to ${MAX_WAIT_SECONDS}`;

/** `wait` in seconds: how long info, run and create may hold the answer for the task to finish. */
export const waitSeconds = z
  .number({ error: RANGE })
  .check(z.minimum(0, RANGE), z.maximum(MAX_WAIT_SECONDS, RANGE));

/** `?wait=20` on info and run. */
export const waitQuery = z.object({
  wait: z.optional(
    z.pipe(z.pipe(z.string().check(z.regex(/^\d+(\.\d+)?$/, RANGE)), z.transform(Number)), waitSeconds),
  ),
});
