import * as z from 'zod';
import { createDocument, type ZodOpenApiPathsObject } from 'zod-openapi';
import { operations } from '#contract/routes';
import { conversionSchemeSchema } from '#conversion/scheme';
import { ID_PATTERN } from '#core/ids';
import { extractionSchemeSchema } from '#extraction/scheme';
import { OPERATIONS } from './openapi-operations.ts';
import { webhookOperations } from './openapi-webhooks.ts';

type Method = 'get' | 'post' | 'delete';

const idParam = z.object({
  id: z
    .string()
    .regex(ID_PATTERN)
    .meta({ description: '24 base62 characters', param: { id: 'Id' } }),
});

/** Every route of the contract's table, as the operation its endpoint describes. */
function paths(): ZodOpenApiPathsObject {
  const result: ZodOpenApiPathsObject = {};
  for (const { endpointId, operationId, method, path } of operations()) {
    const operation = OPERATIONS[endpointId];
    const requestParams = path.includes('{id}')
      ? { ...operation.requestParams, path: idParam }
      : operation.requestParams;
    result[path] ??= {};
    result[path][method.toLowerCase() as Method] = {
      operationId,
      ...operation,
      ...(requestParams && { requestParams }),
    };
  }
  return result;
}

/** The OpenAPI 3.1 description: the contract's routes and response schemas, the handlers' request schemas. */
export function openApiDocument(serverUrl: string): ReturnType<typeof createDocument> {
  return createDocument(
    {
      openapi: '3.1.0',
      info: { title: 'Dataflow Tasks API', version: '1.0.0' },
      servers: [{ url: serverUrl }],
      security: [{ apiKeyQuery: [] }, { apiKeyHeader: [] }],
      paths: paths(),
      webhooks: webhookOperations(),
      components: {
        // Named here, not by `.meta({ id })`: the scheme schemas are the engines' own modules.
        schemas: {
          ExtractionScheme: extractionSchemeSchema,
          SchemeFields: extractionSchemeSchema.shape.fields,
          ConversionScheme: conversionSchemeSchema,
        },
        securitySchemes: {
          apiKeyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
    },
    {
      // z.int()'s safe-integer bounds tell a reader nothing.
      override: ({ jsonSchema }) => {
        if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
        if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
      },
    },
  );
}
