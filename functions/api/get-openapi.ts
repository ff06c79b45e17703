// HTTP (no key) → the OpenAPI document built from the route table and the request schemas → 200
import { apiHandler } from '#core/http';
import { openApiDocument } from './openapi.ts';

export const handler = apiHandler({ public: true }, async ({ baseUrl }) => ({
  status: 200,
  body: openApiDocument(baseUrl),
}));
