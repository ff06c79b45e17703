import { dynamo, s3, sfn } from './clients.ts';
import { requireEnv } from './config.ts';
import { DynamoDbTaskRepository } from './dynamodb-task-repository.ts';
import { StepFunctionsExecutions } from './executions.ts';
import { S3TaskStore } from './s3-task-store.ts';

// Each reads only the variable its grant comes with (see infra/function.ts), once per container.
export const taskRepository = () => new DynamoDbTaskRepository(dynamo, requireEnv('TABLE_NAME'));
export const taskStore = () => new S3TaskStore(s3, requireEnv('BUCKET_NAME'));
export const executions = () => new StepFunctionsExecutions(sfn, requireEnv('STATE_MACHINE_ARN'));
