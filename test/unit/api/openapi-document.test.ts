import { readFile } from 'node:fs/promises';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#api/openapi';
import { generatedDocument, OPENAPI_FILE } from '#infra/openapi';

const context = {
  functionName: 'test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

describe('GetOpenApi', () => {
  it('has the committed document the routes and schemas build now', async () => {
    // Act
    const committed = JSON.parse(await readFile(OPENAPI_FILE, 'utf8'));

    // Assess: a schema or route changed without `npm run openapi` fails here.
    expect(committed, 'functions/api/openapi.json is stale: run `npm run openapi`').toEqual(
      generatedDocument(),
    );
  });

  it('answers the document with the server the caller reached, byte for byte as built for it', async () => {
    // Prepare
    const { handler } = await import('#api/get-openapi');
    const event = {
      version: '2.0',
      routeKey: 'GET /v1/openapi.json',
      rawPath: '/v1/openapi.json',
      rawQueryString: '',
      headers: { host: 'tasks.example.org', 'x-forwarded-proto': 'https' },
      requestContext: {} as APIGatewayProxyEventV2['requestContext'],
      isBase64Encoded: false,
    } as APIGatewayProxyEventV2;

    // Act
    const response = await handler(event, context);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(JSON.stringify(openApiDocument('https://tasks.example.org')));
  });
});
