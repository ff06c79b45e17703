import * as z from 'zod';

/** The contract's time format: UTC, `YYYY-MM-DDTHH:mm:ss`, no zone suffix. */
export const time = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
  .meta({ id: 'Time', description: 'UTC, YYYY-MM-DDTHH:mm:ss' });
