// HTTP (no key) → the OpenAPI document (`npm run openapi` builds it from the contract and the request schemas) with this server's URL → 200
import { apiHandler } from '#runtime/api-handler';
import document from './openapi.json' with { type: 'json' };

export const handler = apiHandler({ public: true }, async ({ baseUrl }) => ({
  status: 200,
  // The same keys in the same order as `openApiDocument(baseUrl)`: only the server is replaced.
  body: { ...document, servers: [{ url: baseUrl }] },
}));
