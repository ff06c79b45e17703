import * as z from 'zod';
import { conversionSchemeSchema } from '#conversion/scheme';
import { notFound } from '#core/errors';
import { ID_PATTERN } from '#core/ids';
import { TASK_STATUSES } from '#core/task';
import { extractionSchemeSchema } from '#extraction/scheme';
import { taskWebhook } from './webhook-schemas.ts';

export const RESULT_FORMATS = ['csv', 'json', 'jsonl', 'excel', 'xml'] as const;

/** `POST /v1/tasks/create` of an extraction (`type` may be left out). */
export const createTaskBody = z.strictObject({
  type: z.literal('extraction').default('extraction'),
  scheme: extractionSchemeSchema,
  run: z.boolean().default(false),
  webhook: taskWebhook.optional(),
});

/** `POST /v1/tasks/create` of a conversion: the same body with the conversion scheme. */
export const createConversionBody = createTaskBody.extend({
  type: z.literal('conversion'),
  scheme: conversionSchemeSchema,
});

/** The body's schema by its `type`, so a conversion's errors name conversion fields. */
export const createBodyFor = (body: unknown) =>
  (body as { type?: unknown } | undefined)?.type === 'conversion' ? createConversionBody : createTaskBody;

/** The presigned PUT a conversion of an upload gets at create. */
export const uploadLinkObject = z.object({
  url: z.url().describe('PUT the file here'),
  expiresAt: z.string().describe('UTC, YYYY-MM-DDTHH:mm:ss'),
});

/** Any id that is not one of ours names no task: a 404, like an id that does not exist. */
export function taskIdOf(params: Record<string, string>): string {
  const id = params.id ?? '';
  if (!ID_PATTERN.test(id)) throw notFound();
  return id;
}

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
});

export const storeQuery = z.object({
  format: z.enum(RESULT_FORMATS).optional(),
});

const time = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/)
  .describe('UTC, YYYY-MM-DDTHH:mm:ss');

/** The task object of the contract, for the API description. */
export const taskObject = z.object({
  id: z.string().describe('24 base62 characters'),
  type: z.enum(['extraction', 'conversion']),
  payloadID: z.string().describe('MD5 of the canonical scheme JSON'),
  storeID: z.string(),
  requests: z.int().describe('Successful page fetches so far'),
  failedRequests: z.int().describe('Pages that failed after their retries'),
  fileSize: z.number().describe('Size of a converted file in MB'),
  status: z.enum(TASK_STATUSES),
  createdAt: time,
  startTime: time.nullable(),
  endTime: time.nullable(),
  elapsed: z.string().nullable().describe('Whole seconds from startTime to endTime (or now)'),
  error: z.string().nullable(),
});

export const storeLinkObject = z.object({
  url: z.url(),
  format: z.enum(RESULT_FORMATS),
  size: z.int().describe('Bytes'),
  expiresAt: time,
});

export const errorObject = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
    status: z.enum(TASK_STATUSES).optional(),
  }),
});
