import { dynamo } from '#adapters/aws/clients/dynamodb';
import { DynamoDbKeyRepository } from '#adapters/aws/dynamodb-key-repository';
import { createAuthenticator } from '#core/accounts';
import type { Authenticate } from '../api-handler.ts';
import { requireEnv, settings } from '../config.ts';

/** API keys checked against the table (SHA-256, one read), each cached in the container a while. */
export const apiKeys = (): Authenticate =>
  createAuthenticator(
    new DynamoDbKeyRepository(dynamo, requireEnv('TABLE_NAME')),
    settings.keyCacheSeconds * 1000,
  );
