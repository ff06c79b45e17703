import * as z from 'zod';
import { formats } from '#conversion/formats';
import { time } from './time.ts';

const md5 = z.string().regex(/^[0-9a-f]{32}$/);

/** `POST /v1/tasks/{id}/store`: a presigned link to the results. */
export const storeLink = z
  .strictObject({
    url: z.url(),
    format: z.enum(formats),
    size: z.int().describe('Bytes'),
    md5: md5.optional().describe('Hex MD5 of the file: unchanged data gives the same md5 run after run'),
    md5sum: md5.optional().describe('The same MD5, under the name of Dataflow Kit’s later API'),
    expiresAt: time,
  })
  .meta({ id: 'StoreLink' });

export type StoreLink = z.output<typeof storeLink>;
