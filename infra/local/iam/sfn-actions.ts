/**
 * Step Functions (JSON 1.0, `X-Amz-Target: AWSStepFunctions.<Op>`) → `states:<Op>` on the state
 * machine or execution the call names.
 */
import { type Mapping, mapped, parseJsonBody, refused, requiredString } from './actions.ts';
import { notMapped } from './errors.ts';

const TARGET_PREFIX = 'AWSStepFunctions.';

/** The request parameter holding each operation's resource ARN. */
const RESOURCE_PARAMETER: Record<string, 'stateMachineArn' | 'executionArn'> = {
  StartExecution: 'stateMachineArn',
  StartSyncExecution: 'stateMachineArn',
  ListExecutions: 'stateMachineArn',
  DescribeStateMachine: 'stateMachineArn',
  StopExecution: 'executionArn',
  DescribeExecution: 'executionArn',
  GetExecutionHistory: 'executionArn',
  DescribeStateMachineForExecution: 'executionArn',
  RedriveExecution: 'executionArn',
};

/** Actions IAM only grants on `*`. */
const WILDCARD_ONLY = new Set(['ListStateMachines', 'ListActivities']);

export function sfnChecks(target: string | undefined, body: Uint8Array): Mapping {
  if (!target?.startsWith(TARGET_PREFIX))
    return refused(notMapped('sfn', `the target ${JSON.stringify(target ?? '')}`));
  const operation = target.slice(TARGET_PREFIX.length);
  const action = `states:${operation}`;
  if (WILDCARD_ONLY.has(operation)) return mapped([{ action, resource: '*' }]);
  const parameter = RESOURCE_PARAMETER[operation];
  if (!parameter) return refused(notMapped('sfn', `Step Functions ${operation}`));
  const parsed = parseJsonBody('sfn', body);
  if (!parsed.ok) return parsed;
  const arn = requiredString('sfn', parsed.value, parameter);
  return arn.ok ? mapped([{ action, resource: arn.value }]) : arn;
}
