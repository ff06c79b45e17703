import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStepFunctions } from './stepfunctions.ts';

/**
 * Tasks whose workflow had not finished when the local stack last stopped (its executions live
 * in memory): queued, running, or cancelled but not yet settled. In AWS executions outlive any
 * process; locally, restarting them lets each carry on from its saved frontier.
 */
export async function unfinishedTaskIds(
  documents: DynamoDBDocumentClient,
  tableName: string,
): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: 'sk = :task AND #status IN (:queued, :running, :cancelled) AND settled = :false',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':task': 'task',
          ':queued': 'queued',
          ':running': 'running',
          ':cancelled': 'cancelled',
          ':false': false,
        },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) ids.push(String(item.id));
    start = page.LastEvaluatedKey;
  } while (start);
  return ids;
}

/** Starts the lifecycle again for every unfinished task, each execution named by its task id as RunTask names it. */
export async function resumeTasks(options: {
  documents: DynamoDBDocumentClient;
  tableName: string;
  /** The lifecycle (the stack's `StateMachineArn` output); none, nothing to resume. */
  lifecycleArn: string | undefined;
  service: LocalStepFunctions;
  log(message: string): void;
}): Promise<void> {
  const { lifecycleArn } = options;
  if (!lifecycleArn) return;
  const unfinished = await unfinishedTaskIds(options.documents, options.tableName);
  for (const taskId of unfinished)
    options.service.startExecution({
      stateMachineArn: lifecycleArn,
      input: JSON.stringify({ taskId }),
      name: taskId,
    });
  if (unfinished.length > 0) options.log(`Resumed ${unfinished.length} task(s) interrupted by the last stop`);
}
