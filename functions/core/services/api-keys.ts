import { createAuthenticator } from '../accounts.ts';
import { dynamo } from '../clients/dynamodb.ts';
import { requireEnv, settings } from '../config.ts';
import { DynamoDbKeyRepository } from '../dynamodb-key-repository.ts';
import type { Authenticate } from '../http.ts';

/** API keys checked against the table (SHA-256, one read), each cached in the container a while. */
export const apiKeys = (): Authenticate =>
  createAuthenticator(
    new DynamoDbKeyRepository(dynamo, requireEnv('TABLE_NAME')),
    settings.keyCacheSeconds * 1000,
  );
