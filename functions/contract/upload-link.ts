import * as z from 'zod';
import { time } from './time.ts';

/** The presigned PUT a conversion of an upload gets at create. */
export const uploadLink = z
  .strictObject({
    url: z.url().describe('PUT the file here (any Content-Type; it helps infer `from`)'),
    expiresAt: time,
  })
  .meta({ id: 'UploadLink' });

export type UploadLink = z.output<typeof uploadLink>;
