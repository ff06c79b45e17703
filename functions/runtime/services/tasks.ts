import { dynamo } from '#adapters/aws/clients/dynamodb';
import { DynamoDbTaskRepository } from '#adapters/aws/dynamodb-task-repository';
import { requireEnv } from '../config.ts';

// A composition root per adapter, so a function bundles only the clients it uses. Each reads only
// the variable its grant comes with (see infra/function.ts), once per container.
export const taskRepository = () => new DynamoDbTaskRepository(dynamo, requireEnv('TABLE_NAME'));
