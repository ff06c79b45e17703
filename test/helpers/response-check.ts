/**
 * Every answer of the local stack against the API description it serves: the operation of the
 * request's method and path, the response of that status, its JSON schema (ajv, draft 2020-12 as
 * OpenAPI 3.1 says). The committed document is checked, the one GetOpenApi serves; a unit test keeps
 * it equal to what the schemas build.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import document from '../../functions/api/openapi.json' with { type: 'json' };

const DOCUMENT_ID = 'openapi.json';

interface Response {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
}

interface Operation {
  operationId: string;
  responses: Record<string, Response>;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Literal routes win over templated ones, as API Gateway picks the most specific. */
  templated: number;
  pointer: string;
  operation: Operation;
}

// Formats are assertions only when ajv knows them; the URL parser of the platform judges `uri`.
const ajv = new Ajv2020({ allErrors: true, formats: { uri: (value: string) => URL.canParse(value) } });
// The document's own fields are no JSON Schema keywords: named so, the document itself is the root schema.
ajv.addVocabulary(Object.keys(document));
ajv.addSchema(document, DOCUMENT_ID);

const pointerPart = (key: string) => encodeURIComponent(key.replaceAll('~', '~0').replaceAll('/', '~1'));

const routes: Route[] = Object.entries(document.paths as unknown as Record<string, Record<string, Operation>>)
  .flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      templated: (path.match(/\{/g) ?? []).length,
      pointer: `#/paths/${pointerPart(path)}/${method}`,
      operation,
    })),
  )
  .sort((a, b) => a.templated - b.templated);

const validators = new Map<string, ValidateFunction>();

function validatorAt(pointer: string): ValidateFunction {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}${pointer}` });
    validators.set(pointer, validate);
  }
  return validate;
}

/** The pointer of the JSON schema a response of `route` with `status` has, or null when it has no body. */
function schemaPointer(route: Route, status: number): string | null {
  const response = route.operation.responses[String(status)];
  if (!response)
    throw new Error(`${route.operation.operationId}: status ${status} is not in the API description`);
  const [pointer, resolved] = response.$ref
    ? [response.$ref, componentResponse(response.$ref)]
    : [`${route.pointer}/responses/${status}`, response];
  return resolved.content?.['application/json'] ? `${pointer}/content/application~1json/schema` : null;
}

function componentResponse(ref: string): Response {
  const name = ref.split('/').pop() ?? '';
  const responses = document.components.responses as Record<string, Response>;
  const response = responses[name];
  if (!response) throw new Error(`${ref} is not in the API description`);
  return response;
}

function check(validate: ValidateFunction, body: unknown, what: string): void {
  if (!validate(body)) throw new Error(`${what}: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
}

/**
 * Throws, naming operation, status and the ajv error, when an answer is not what the description
 * says. `pathname` is the URL's path on the API (`/v1/tasks/…`); `body` the parsed JSON, or the
 * text when it is not JSON, or undefined when empty.
 */
export function assertDocumentedResponse(
  method: string,
  pathname: string,
  status: number,
  body: unknown,
): void {
  const route = routes.find((candidate) => candidate.method === method && candidate.pattern.test(pathname));
  if (!route) {
    // No route: the gateway's own 404, in the contract's envelope.
    if (status !== 404)
      throw new Error(`${method} ${pathname} is no operation of the API description (${status})`);
    check(validatorAt('#/components/schemas/Error'), body, `${method} ${pathname} (no route): 404`);
    return;
  }
  const what = `${route.operation.operationId} (${method} ${pathname}): ${status}`;
  const pointer = schemaPointer(route, status);
  if (pointer === null) {
    if (body !== undefined) throw new Error(`${what}: a body where the API description has none`);
    return;
  }
  check(validatorAt(pointer), body, what);
}
