import * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { createdTask } from '#contract/created-task';
import type { EndpointId } from '#contract/routes';
import { storeLink } from '#contract/store-link';
import { taskList, taskView } from '#contract/task';
import { createdWebhookEndpoint, deliveryLog, webhookEndpointList } from '#contract/webhooks';
import { listQuery } from './list-query.ts';
import {
  byIdErrors,
  commonErrors,
  errorResponses,
  nextPageHeader,
  ok,
  requestErrors,
} from './openapi-responses.ts';
import { storeQuery } from './store-query.ts';
import { createConversionBody, createTaskBody } from './task-bodies.ts';
import { waitQuery } from './wait-query.ts';
import { createWebhookBody, deliveriesQuery } from './webhook-schemas.ts';

type Operation = Omit<ZodOpenApiOperationObject, 'operationId'>;

const body = (schema: z.core.$ZodType) => ({
  required: true,
  content: { 'application/json': { schema } },
});

const deleted = { description: 'Deleted' };

const WAIT =
  '`wait` (seconds, 0 to 25) holds the answer until the task is completed, failed or cancelled, or until ' +
  '`wait` seconds have passed, then answers the task as it is: one call instead of a polling loop.';

/** What each endpoint does, keyed by its id in the contract's route table. */
export const OPERATIONS: Record<EndpointId, Operation> = {
  CreateTask: {
    summary: 'Create a task (and run it at once with run: true): an extraction or a file conversion',
    description:
      'A conversion reads `source.url` (fetched), `source.upload` (PUT the file to the returned `upload.url`, ' +
      'then run; run before it arrives is 409) or `source.taskId` (an extraction of the account). `from` is ' +
      'inferred from the file name, the content type or the first bytes when left out. An option that does ' +
      'not apply to the input format, or a format converted to itself (but csv), is a 400 on its path.',
    requestBody: body(z.union([createTaskBody, createConversionBody])),
    responses: {
      201: ok(
        'The task; with a `webhook`, also its `webhookSecret` (shown only here); a conversion of an upload, ' +
          'its `upload` link (a presigned PUT, valid 1 hour)',
        createdTask,
      ),
      ...commonErrors,
      404: { ...errorResponses.notFound, id: 'SourceNotFound', description: 'No such `source.taskId`' },
      409: {
        ...errorResponses.conflict,
        id: 'SourceNotReady',
        description: '`run: true` before the input is there',
      },
    },
  },
  RunTask: {
    summary: 'Run a task; idempotent while queued or running',
    description: WAIT,
    requestParams: { query: waitQuery },
    responses: {
      200: ok('The task, queued (or, with `wait`, as it ended or is after `wait` seconds)', taskView),
      ...byIdErrors,
      409: {
        ...errorResponses.conflict,
        id: 'RunConflict',
        description: 'Finished; or a conversion whose input is not there yet (upload not arrived)',
      },
    },
  },
  CancelTask: {
    summary: 'Cancel a task; the data extracted so far stays available',
    responses: {
      200: ok('The task, cancelled', taskView),
      ...byIdErrors,
      409: errorResponses.conflict,
    },
  },
  GetTask: {
    summary: 'The task object',
    description: WAIT,
    requestParams: { query: waitQuery },
    responses: { 200: ok('The task', taskView), ...byIdErrors },
  },
  DeleteTask: {
    summary: 'Delete the task and all its data',
    responses: { 204: deleted, ...byIdErrors },
  },
  ListTasks: {
    summary: 'List the account’s tasks by creation time; the next page is in the Link header',
    requestParams: { query: listQuery },
    responses: { 200: ok('Tasks', taskList, nextPageHeader), ...commonErrors },
  },
  GetScheme: {
    summary: 'The task’s scheme as submitted',
    responses: { 200: ok('The scheme', z.record(z.string(), z.unknown())), ...byIdErrors },
  },
  GetStore: {
    summary: 'A presigned link to the task’s results',
    description:
      '`format` gives the same records in another format. The export options (Apify’s names) apply to every ' +
      'format they concern and are ignored by the others: `fields` and `omit` (columns as csv names them, ' +
      '`Title_text`, or a group such as `Title_details`; an unknown name is a 400 listing the known ones), ' +
      '`flatten=false` (csv, excel), `bom`, `delimiter` (csv), `xmlRoot`, `xmlRow` (xml), `arrayJoin` (csv, ' +
      'excel). Each distinct set is written once and kept; the answer’s `options` says which the file holds, ' +
      'and `md5` is that file’s.',
    requestParams: { query: storeQuery },
    responses: {
      200: ok('The link', storeLink),
      ...byIdErrors,
      409: {
        ...errorResponses.conflict,
        id: 'ResultsNotReady',
        description: '`results_not_ready`, with `Retry-After` while a cancelled task is still writing',
        headers: z.object({ 'Retry-After': z.string().optional().describe('Seconds') }),
      },
    },
  },
  GetOpenApi: {
    summary: 'This document',
    security: [],
    responses: { 200: ok('OpenAPI 3.1', z.record(z.string(), z.unknown())), ...requestErrors },
  },
  CreateWebhook: {
    summary: 'Add a webhook endpoint to the account; its signing secret is shown only in this answer',
    requestBody: body(createWebhookBody),
    responses: {
      201: ok('The endpoint and its secret', createdWebhookEndpoint),
      ...commonErrors,
      409: {
        ...errorResponses.conflict,
        id: 'TooManyEndpoints',
        description: 'The account has 25 endpoints',
      },
    },
  },
  ListWebhooks: {
    summary: 'The account’s webhook endpoints (a disabled one answered 410 Gone)',
    responses: { 200: ok('Endpoints', webhookEndpointList), ...commonErrors },
  },
  DeleteWebhook: {
    summary: 'Delete a webhook endpoint (an account’s, or a task’s own by the task id)',
    responses: { 204: deleted, ...byIdErrors },
  },
  ListDeliveries: {
    summary:
      'The endpoint’s delivery log, one entry per attempt, newest first; the next page is in the Link header',
    requestParams: { query: deliveriesQuery },
    responses: { 200: ok('Attempts', deliveryLog, nextPageHeader), ...byIdErrors },
  },
};
