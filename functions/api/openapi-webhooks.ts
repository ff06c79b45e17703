import * as z from 'zod';
import type { ZodOpenApiPathsObject } from 'zod-openapi';
import { webhookEvent } from '#contract/webhooks';
import { TASK_EVENTS } from '#core/webhooks/events';

const signatureHeaders = z.object({
  'webhook-id': z
    .string()
    .describe('The same for every attempt of one event to one endpoint: de-duplicate by it'),
  'webhook-timestamp': z.string().describe('Unix seconds of this attempt'),
  'webhook-signature': z
    .string()
    .describe('v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed by the secret'),
});

/** What the service POSTs to webhook endpoints (OpenAPI 3.1 `webhooks`), signed as Standard Webhooks says. */
export function webhookOperations(): ZodOpenApiPathsObject {
  return Object.fromEntries(
    TASK_EVENTS.map((event) => [
      event,
      {
        post: {
          operationId: `${event.replace('task.', 'Task-')}Event`,
          summary: 'A task event; answer 2xx within 15 s, or it is retried (410 Gone disables the endpoint)',
          requestParams: { header: signatureHeaders },
          requestBody: { required: true, content: { 'application/json': { schema: webhookEvent } } },
          responses: { 200: { description: 'Received' } },
        },
      },
    ]),
  );
}
