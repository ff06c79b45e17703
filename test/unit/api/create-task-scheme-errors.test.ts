// CreateTask's answer to a scheme with a bad selector: the real handler, its key read from dynalite.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoDbKeyRepository } from '#adapters/aws/dynamodb-key-repository';
import { hashKey } from '#core/accounts';
import type { Emulator } from '#local/emulators';
import { assertDocumentedResponse } from '#test/helpers/response-check';
import { startTable, TABLE, tableClient } from '../webhooks/dynalite-table.ts';

const key = 'dfk_scheme-errors-test-key';
const context = {
  functionName: 'test',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

let dynamodb: Emulator;
let handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

// The handler reads these when its module loads and the SDK when it first sends; nothing else is called.
function stubEnvironment(endpoint: string): void {
  vi.stubEnv('TABLE_NAME', TABLE);
  vi.stubEnv('BUCKET_NAME', 'unused-bucket');
  vi.stubEnv('STATE_MACHINE_ARN', 'arn:aws:states:us-east-1:000000000000:stateMachine:unused');
  vi.stubEnv('DELIVERY_STATE_MACHINE_ARN', 'arn:aws:states:us-east-1:000000000000:stateMachine:unused');
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', endpoint);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
}

beforeAll(async () => {
  dynamodb = await startTable();
  await new DynamoDbKeyRepository(tableClient(dynamodb.endpoint), TABLE).create(hashKey(key), {
    keyId: 'k1',
    account: 'acme',
    createdAt: '2024-01-01T00:00:00',
    revoked: false,
  });
  stubEnvironment(dynamodb.endpoint);
  ({ handler } = await import('#api/create-task'));
});

beforeEach(() => stubEnvironment(dynamodb.endpoint));

afterAll(async () => {
  await dynamodb?.close();
});

async function create(selector: string) {
  const body = {
    scheme: {
      name: 'books',
      request: { url: 'https://books.example/catalogue/page-1.html' },
      fields: [{ name: 'Title', selector, type: 1, attrs: ['text'] }],
    },
  };
  const response = await handler(
    {
      version: '2.0',
      routeKey: 'POST /v1/tasks/create',
      rawPath: '/v1/tasks/create',
      rawQueryString: '',
      headers: { host: 'api.example.com', 'content-type': 'application/json', 'x-api-key': key },
      requestContext: {} as APIGatewayProxyEventV2['requestContext'],
      body: JSON.stringify(body),
      isBase64Encoded: false,
    },
    context,
  );
  const answer = JSON.parse(response.body ?? '{}');
  assertDocumentedResponse('POST', '/v1/tasks/create', response.statusCode ?? 0, answer);
  return { status: response.statusCode, error: answer.error };
}

describe('CreateTask with a selector it cannot run', () => {
  it.each([
    ['h1[', 'unclosed attribute selector: "h1[" — expected an attribute name after "[" at character 3'],
    [
      '//div[@class="x"]/a',
      'XPath instead of CSS: "//div[@class="x"]/a" — selectors are CSS, not XPath ("//" at character 1 is XPath)',
    ],
  ])('answers 400 naming the field and what is wrong with %j', async (selector, reason) => {
    // Act
    const { status, error } = await create(selector);

    // Assess
    expect(status).toBe(400);
    expect(error).toEqual({
      code: 'bad_request',
      message: `Invalid request: scheme.fields.0.selector: ${reason}`,
      details: [{ path: 'scheme.fields.0.selector', reason }],
    });
  });
});
