import { dynamo } from '../clients/dynamodb.ts';
import { requireEnv } from '../config.ts';
import { DynamoDbTaskRepository } from '../dynamodb-task-repository.ts';

// A composition root per adapter, so a function bundles only the clients it uses. Each reads only
// the variable its grant comes with (see infra/function.ts), once per container.
export const taskRepository = () => new DynamoDbTaskRepository(dynamo, requireEnv('TABLE_NAME'));
