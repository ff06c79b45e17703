// `npm run openapi`: writes the API description that GetOpenApi serves, built with zod-openapi from the
// contract (routes, response schemas) and the request schemas. Generated here, not in the function, so
// serving it bundles neither zod nor zod-openapi; test/unit/api/openapi-document.test.ts fails when it is stale.
import { writeFile } from 'node:fs/promises';
import { openApiDocument } from '#api/openapi';

/** The committed document (generated: Biome leaves it as written). */
export const OPENAPI_FILE = new URL('../functions/api/openapi.json', import.meta.url);

/** The document as committed: any server URL; GetOpenApi puts the caller's in its place. */
export function generatedDocument(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(openApiDocument('https://api.example.com')));
}

if (import.meta.main) {
  await writeFile(OPENAPI_FILE, `${JSON.stringify(generatedDocument(), null, 2)}\n`);
  console.error(`Wrote ${OPENAPI_FILE.pathname}`);
}
