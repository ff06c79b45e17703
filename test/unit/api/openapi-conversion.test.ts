import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#api/openapi';

type Schema = { anyOf?: Schema[]; properties?: Record<string, Schema>; const?: unknown; enum?: unknown[] };

describe('openApiDocument', () => {
  const document = openApiDocument('https://api.example.com') as {
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
  };
  const create = document.paths['/v1/tasks/create']?.post;
  const schemaOf = (content: unknown) =>
    (content as { content: { 'application/json': { schema: Schema } } }).content['application/json'].schema;

  it('describes create with an extraction or a conversion body', () => {
    const body = schemaOf(create?.requestBody);
    const types = (body.anyOf ?? []).map((variant) => variant.properties?.type);
    expect(types).toEqual([
      expect.objectContaining({ const: 'extraction' }),
      expect.objectContaining({ const: 'conversion' }),
    ]);
    const conversion = body.anyOf?.[1]?.properties?.scheme?.properties;
    expect(Object.keys(conversion ?? {})).toEqual(['source', 'from', 'to', 'options']);
    expect(Object.keys(conversion?.options?.properties ?? {})).toEqual(
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
    expect(schemaOf(create?.responses[201]).properties?.upload).toBeDefined();
    expect(document.paths['/v1/tasks/{id}/run']?.post?.responses[409]).toMatchObject({
      description: expect.stringContaining('upload'),
    });
  });
});
