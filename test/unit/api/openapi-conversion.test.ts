import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#api/openapi';

type Schema = {
  $ref?: string;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  const?: unknown;
  enum?: unknown[];
};
type Response = { $ref?: string; description?: string; content?: { 'application/json': { schema: Schema } } };

describe('openApiDocument', () => {
  const document = JSON.parse(JSON.stringify(openApiDocument('https://api.example.com'))) as {
    paths: Record<string, Record<string, { requestBody?: Response; responses: Record<string, Response> }>>;
    components: { schemas: Record<string, Schema>; responses: Record<string, Response> };
  };
  const create = document.paths['/v1/tasks/create']?.post;
  // Shared objects are components: follow `$ref`s to what they name.
  const named = <T extends { $ref?: string }>(
    value: T | undefined,
    from: Record<string, T>,
  ): T | undefined => (value?.$ref ? named(from[value.$ref.split('/').pop() ?? ''], from) : value);
  const schema = (value: Schema | undefined) => named(value, document.components.schemas);
  const response = (value: Response | undefined) => named(value, document.components.responses);
  const schemaOf = (content: Response | undefined) => schema(content?.content?.['application/json'].schema);

  it('describes create with an extraction or a conversion body', () => {
    const body = schemaOf(create?.requestBody);
    const variants = (body?.anyOf ?? []).map(schema);
    const types = variants.map((variant) => variant?.properties?.type);
    expect(types).toEqual([
      expect.objectContaining({ const: 'extraction' }),
      expect.objectContaining({ const: 'conversion' }),
    ]);
    const conversion = schema(variants[1]?.properties?.scheme)?.properties;
    expect(Object.keys(conversion ?? {})).toEqual(['source', 'from', 'to', 'options']);
    expect(Object.keys(schema(conversion?.options)?.properties ?? {})).toEqual(
      expect.arrayContaining([
        'delimiter',
        'quote',
        'header',
        'encoding',
        'sheet',
        'rootElement',
        'recordElement',
        'flatten',
        'inferTypes',
        'strict',
      ]),
    );
  });

  it('shows the upload link in the created task and the 409 of a run before the upload', () => {
    expect(schemaOf(create?.responses[201])?.properties?.upload).toBeDefined();
    expect(response(document.paths['/v1/tasks/{id}/run']?.post?.responses[409])).toMatchObject({
      description: expect.stringContaining('upload'),
    });
  });
});
