import { dynamo } from '#adapters/aws/clients/dynamodb';
import { DynamoDbWebhookRepository } from '#adapters/aws/dynamodb-webhook-repository';
import { requireEnv } from '../config.ts';

/** Webhook endpoints and delivery attempts, in the tasks table. */
export const webhookRepository = () => new DynamoDbWebhookRepository(dynamo, requireEnv('TABLE_NAME'));
