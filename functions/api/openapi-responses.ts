import * as z from 'zod';
import type { ZodOpenApiResponseObject } from 'zod-openapi';
import { errorEnvelope } from '#contract/error';

const json = (schema: z.core.$ZodType) => ({ 'application/json': { schema } });

/** A response in the contract's error envelope, registered once in `components.responses`. */
const error = (id: string, description: string): ZodOpenApiResponseObject => ({
  id,
  description,
  content: json(errorEnvelope),
});

export const errorResponses = {
  badRequest: error('BadRequest', 'Invalid input (or a body that is not JSON); `details` names each field'),
  unauthorized: error('Unauthorized', 'No API Key provided, or Invalid API key'),
  notFound: error('NotFound', 'No such task (or endpoint) for this account'),
  conflict: error('Conflict', 'Not possible in the task’s current `status`'),
  payloadTooLarge: error('PayloadTooLarge', 'The body is larger than 1 MiB'),
  unsupportedMediaType: error('UnsupportedMediaType', 'A Content-Type that is not JSON'),
  internal: error('Internal', 'An unexpected failure; nothing of it is shown'),
  unavailable: error('Unavailable', 'The request took longer than the gateway waits'),
};

/** What any call may answer besides its own results: its body is read before anything else. */
export const requestErrors = {
  400: errorResponses.badRequest,
  413: errorResponses.payloadTooLarge,
  415: errorResponses.unsupportedMediaType,
  500: errorResponses.internal,
  503: errorResponses.unavailable,
};

/** What any authenticated call may answer besides its own results. */
export const commonErrors = { ...requestErrors, 401: errorResponses.unauthorized };

/** The answers of a call on one task or endpoint by its id. */
export const byIdErrors = { ...commonErrors, 404: errorResponses.notFound };

/** A 200 or 201 with a JSON body. */
export function ok(description: string, schema: z.core.$ZodType, headers?: z.core.$ZodObject) {
  return { description, content: json(schema), ...(headers && { headers }) };
}

/** `Link: <…>; rel="next"` on a page that is not the last. */
export const nextPageHeader = z.object({
  Link: z
    .string()
    .optional()
    .describe('`<url>; rel="next"` when there is a next page; it carries no API key, add yours'),
});
