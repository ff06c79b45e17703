import { Duration } from 'aws-cdk-lib';
import type { IHttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ServiceFunction } from './function.ts';

export interface AlarmsProps {
  /** Functions by construct id (`RunTask`, `ExtractBatchStep`). */
  functions: ReadonlyMap<string, ServiceFunction>;
  lifecycle: IStateMachine;
  stage: IHttpStage;
}

/**
 * Alarms on what should never happen unnoticed: a failed or timed-out lifecycle execution, a
 * function error (an unhandled one: handled errors are answers, not errors), API 5xx.
 * No actions are attached: subscribe a topic or a chat channel per deployment.
 */
export class Alarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const period = Duration.minutes(5);
    const atLeastOnce = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    };

    this.alarms.push(
      new Alarm(this, 'ExecutionsFailed', {
        ...atLeastOnce,
        alarmDescription: 'A task lifecycle execution failed',
        metric: props.lifecycle.metricFailed({ period, statistic: 'Sum' }),
      }),
      new Alarm(this, 'ExecutionsTimedOut', {
        ...atLeastOnce,
        alarmDescription: 'A task lifecycle execution timed out',
        metric: props.lifecycle.metricTimedOut({ period, statistic: 'Sum' }),
      }),
      new Alarm(this, 'ApiServerErrors', {
        ...atLeastOnce,
        threshold: 5,
        alarmDescription: 'The API answered 5xx',
        metric: props.stage.metricServerError({ period, statistic: 'Sum' }),
      }),
    );
    for (const [name, fn] of props.functions) {
      this.alarms.push(
        new Alarm(this, `${name}Errors`, {
          ...atLeastOnce,
          alarmDescription: `${name} (${fn.entry}) threw`,
          metric: fn.fn.metricErrors({ period, statistic: 'Sum' }),
        }),
      );
    }
  }
}
