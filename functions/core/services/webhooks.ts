import { dynamo } from '../clients/dynamodb.ts';
import { requireEnv } from '../config.ts';
import { DynamoDbWebhookRepository } from '../webhooks/dynamodb-webhook-repository.ts';

/** Webhook endpoints and delivery attempts, in the tasks table. */
export const webhookRepository = () => new DynamoDbWebhookRepository(dynamo, requireEnv('TABLE_NAME'));
