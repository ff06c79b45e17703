import * as z from 'zod';
import { ENDPOINTS } from '#infra/routes';
import { errorObject, listQuery, storeLinkObject, taskObject } from './schemas.ts';
import { storeQuery } from './store-query.ts';
import { createConversionBody, createTaskBody, uploadLinkObject } from './task-bodies.ts';
import {
  createdWebhookObject,
  createWebhookBody,
  deliveriesQuery,
  deliveryAttemptObject,
  webhookEndpointObject,
  webhookEventObject,
} from './webhook-schemas.ts';

type Operation = Record<string, unknown>;

const json = (schema: z.ZodType) => ({
  'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
});

const errors = {
  400: { description: 'Invalid input; `details` names each field', content: json(errorObject) },
  401: { description: 'No API Key provided, or Invalid API key', content: json(errorObject) },
  404: { description: 'No such task for this account', content: json(errorObject) },
};

const queryParameters = (schema: { shape: Record<string, z.core.$ZodType> }) =>
  Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: false,
    schema: z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }),
  }));

/** What each endpoint does, keyed by its function id in the route table. */
const OPERATIONS: Record<string, Operation> = {
  CreateTask: {
    summary: 'Create a task (and run it at once with run: true): an extraction or a file conversion',
    description:
      'A conversion reads `source.url` (fetched), `source.upload` (PUT the file to the returned `upload.url`, ' +
      'then run; run before it arrives is 409) or `source.taskId` (an extraction of the account). `from` is ' +
      'inferred from the file name, the content type or the first bytes when left out. An option that does ' +
      'not apply to the input format, or a format converted to itself (but csv), is a 400 on its path.',
    requestBody: { required: true, content: json(z.union([createTaskBody, createConversionBody])) },
    responses: {
      201: {
        description:
          'The task; with a `webhook`, also its `webhookSecret` (shown only here); a conversion of an upload, ' +
          'its `upload` link (a presigned PUT, valid 1 hour)',
        content: json(
          taskObject.extend({ webhookSecret: z.string().optional(), upload: uploadLinkObject.optional() }),
        ),
      },
      ...errors,
    },
  },
  RunTask: {
    summary: 'Run a task; idempotent while queued or running',
    responses: {
      200: { description: 'The task, queued', content: json(taskObject) },
      409: {
        description: 'Finished; or a conversion whose input is not there yet (upload not arrived)',
        content: json(errorObject),
      },
      ...errors,
    },
  },
  CancelTask: {
    summary: 'Cancel a task; the data extracted so far stays available',
    responses: {
      200: { description: 'The task, cancelled', content: json(taskObject) },
      409: { description: 'Finished' },
      ...errors,
    },
  },
  GetTask: {
    summary: 'The task object',
    responses: { 200: { description: 'The task', content: json(taskObject) }, ...errors },
  },
  DeleteTask: {
    summary: 'Delete the task and all its data',
    responses: { 204: { description: 'Deleted' }, ...errors },
  },
  ListTasks: {
    summary: 'List the account’s tasks by creation time; the next page is in the Link header',
    parameters: queryParameters(listQuery),
    responses: { 200: { description: 'Tasks', content: json(z.array(taskObject)) }, ...errors },
  },
  GetScheme: {
    summary: 'The task’s scheme as submitted',
    responses: { 200: { description: 'The scheme' }, ...errors },
  },
  GetStore: {
    summary: 'A presigned link to the task’s results',
    parameters: queryParameters(storeQuery),
    responses: {
      200: { description: 'The link', content: json(storeLinkObject) },
      409: { description: 'results_not_ready', content: json(errorObject) },
      ...errors,
    },
  },
  GetOpenApi: { summary: 'This document', security: [], responses: { 200: { description: 'OpenAPI 3.1' } } },
  CreateWebhook: {
    summary: 'Add a webhook endpoint to the account; its signing secret is shown only in this answer',
    requestBody: { required: true, content: json(createWebhookBody) },
    responses: {
      201: { description: 'The endpoint and its secret', content: json(createdWebhookObject) },
      ...errors,
    },
  },
  ListWebhooks: {
    summary: 'The account’s webhook endpoints (a disabled one answered 410 Gone)',
    responses: {
      200: { description: 'Endpoints', content: json(z.array(webhookEndpointObject)) },
      ...errors,
    },
  },
  DeleteWebhook: {
    summary: 'Delete a webhook endpoint (an account’s, or a task’s own by the task id)',
    responses: { 204: { description: 'Deleted' }, ...errors },
  },
  ListDeliveries: {
    summary:
      'The endpoint’s delivery log, one entry per attempt, newest first; the next page is in the Link header',
    parameters: queryParameters(deliveriesQuery),
    responses: { 200: { description: 'Attempts', content: json(z.array(deliveryAttemptObject)) }, ...errors },
  },
};

/** What the service POSTs to webhook endpoints (OpenAPI 3.1 `webhooks`), signed as Standard Webhooks says. */
function webhookEvents(): Record<string, unknown> {
  const header = (name: string, description: string) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' },
  });
  const delivery = {
    post: {
      summary: 'A task event; answer 2xx within 15 s, or it is retried (410 Gone disables the endpoint)',
      parameters: [
        header('webhook-id', 'The same for every attempt of one event to one endpoint: de-duplicate by it'),
        header('webhook-timestamp', 'Unix seconds of this attempt'),
        header('webhook-signature', 'v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed by the secret'),
      ],
      requestBody: { required: true, content: json(webhookEventObject) },
      responses: { 200: { description: 'Received' } },
    },
  };
  return Object.fromEntries(webhookEventObject.shape.type.options.map((type) => [type, delivery]));
}

/** The OpenAPI 3.1 description, built from the route table and the same zod schemas the handlers use. */
export function openApiDocument(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, Operation>> = {};
  for (const endpoint of ENDPOINTS) {
    for (const route of endpoint.routes) {
      const [method = 'GET', path = '/'] = route.split(' ');
      const parameters = path.includes('{id}')
        ? [
            {
              name: 'id',
              in: 'path',
              required: true,
              schema: { type: 'string', pattern: '^[0-9A-Za-z]{24}$' },
            },
          ]
        : [];
      const operation = OPERATIONS[endpoint.id] ?? {};
      paths[path] ??= {};
      paths[path][method.toLowerCase()] = {
        operationId: `${endpoint.id}${method === 'GET' ? '' : method[0]}${method.slice(1).toLowerCase()}`,
        ...operation,
        parameters: [...parameters, ...((operation.parameters as unknown[]) ?? [])],
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Dataflow Tasks API', version: '1.0.0' },
    servers: [{ url: serverUrl }],
    security: [{ apiKeyQuery: [] }, { apiKeyHeader: [] }],
    components: {
      securitySchemes: {
        apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
        apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
      },
    },
    paths,
    webhooks: webhookEvents(),
  };
}
