import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  type CfnStateMachine,
  DefinitionBody,
  type IChainable,
  JitterType,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { acknowledge, logicalIdOf, type ServiceFunction, toRetention } from './function.ts';
import { STATE_MACHINE_METADATA } from './template.ts';

/**
 * A Lambda step whose return value becomes the state (`payloadResponseOnly`), retrying Lambda's
 * own transient errors: CDK's default list, and throttling, the likeliest error under a burst.
 */
export function invokeStep(scope: Construct, fn: ServiceFunction, stateName: string): LambdaInvoke {
  const task = new LambdaInvoke(scope, stateName, {
    stateName,
    lambdaFunction: fn.fn,
    payloadResponseOnly: true,
    retryOnServiceExceptions: true,
  });
  task.addRetry({
    errors: ['Lambda.TooManyRequestsException'],
    interval: Duration.seconds(1),
    maxAttempts: 8,
    backoffRate: 2,
    maxDelay: Duration.seconds(30),
    jitterStrategy: JitterType.FULL,
  });
  return task;
}

export interface LoggedStateMachineProps {
  /** The `dfk:stateMachine` name the local runtime and tests find it by. */
  name: string;
  comment: string;
  definition: IChainable;
  /** The functions its tasks invoke (their grants are acknowledged for cdk-nag). */
  steps: readonly ServiceFunction[];
  logRetentionDays: number;
}

/** A Standard state machine with X-Ray, every execution logged to its own log group. */
export function loggedStateMachine(
  scope: Construct,
  props: LoggedStateMachineProps,
): { stateMachine: StateMachine; logGroup: LogGroup } {
  const logGroup = new LogGroup(scope, 'Logs', {
    retention: toRetention(props.logRetentionDays),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const stateMachine = new StateMachine(scope, 'StateMachine', {
    comment: props.comment,
    stateMachineType: StateMachineType.STANDARD,
    definitionBody: DefinitionBody.fromChainable(props.definition),
    tracingEnabled: true,
    logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: true },
  });
  (stateMachine.node.defaultChild as CfnStateMachine).addMetadata(STATE_MACHINE_METADATA, props.name);
  acknowledge(
    stateMachine.role,
    'AwsSolutions-IAM5[Resource::*]',
    'Log delivery (logs:CreateLogDelivery and friends) and X-Ray (xray:PutTraceSegments) support no ' +
      'resource-level permissions.',
  );
  for (const step of props.steps) {
    acknowledge(
      stateMachine.role,
      `AwsSolutions-IAM5[Resource::<${logicalIdOf(step.fn)}.Arn>:*]`,
      "CDK's Lambda task grant covers the function's versions and aliases (ARN:*); it names this one function.",
    );
  }
  return { stateMachine, logGroup };
}
