import * as z from 'zod';
import { formats } from '#conversion/formats';
import { time } from './time.ts';

/** `POST /v1/tasks/{id}/store`: a presigned link to the results. */
export const storeLink = z
  .strictObject({
    url: z.url(),
    format: z.enum(formats),
    size: z.int().describe('Bytes'),
    expiresAt: time,
  })
  .meta({ id: 'StoreLink' });

export type StoreLink = z.output<typeof storeLink>;
