import * as z from 'zod';
import { formats } from '#conversion/formats';
import { TASK_STATUSES } from '#core/task';

// Queries and response objects only: the create bodies, which need the scheme validators, are in
// task-bodies.ts, so a handler that reads a query bundles no engine.

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().min(1).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
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
  format: z.enum(formats),
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
