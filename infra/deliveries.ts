import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { LogGroup } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  Errors,
  Fail,
  type IStateMachine,
  Pass,
  Result,
  type StateMachine,
  Succeed,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { defaults } from '#core/settings';
import { RETRY_SCHEDULE } from '#core/webhooks/schedule';
import { ServiceFunction, useTable } from './function.ts';
import { invokeStep, loggedStateMachine } from './state-machine.ts';

/** The state names of a delivery, as they appear in the definition and the console. */
export const DELIVERY_STATES = {
  plan: 'Plan the retries',
  deliver: 'Deliver',
  delivered: 'Delivered?',
  wait: 'Wait before retrying',
  recordFailure: 'Record failed delivery',
  succeeded: 'Delivery succeeded',
  failed: 'Delivery failed',
} as const;

export const DELIVERIES_NAME = 'WebhookDeliveries';

/** The steps of the delivery state machine, one function each. */
export const DELIVERY_STEPS = {
  deliver: { id: 'DeliverWebhookStep', entry: 'functions/webhooks/deliver.ts' },
  recordFailure: { id: 'RecordFailedDeliveryStep', entry: 'functions/webhooks/record-failure.ts' },
} as const;

/** The lifecycle steps that announce a transition (task.running; the final event once settled). */
export const EVENT_STEPS = ['start', 'finish', 'fail'] as const;

/** How long a receiver has to answer one attempt (the Deliver function gets a margin over it). */
const WEBHOOK_TIMEOUT_SECONDS = defaults.webhookTimeoutSeconds;

type StepKey = keyof typeof DELIVERY_STEPS;

export interface WebhookDeliveriesProps {
  table: ITable;
  logRetentionDays: number;
}

/**
 * One execution per event and endpoint, named by its `webhook-id` (input `{"delivery": {…}}`):
 *
 *   Plan the retries → Deliver → Delivered? ─delivered→ Delivery succeeded
 *                        ↑          ├─retry→ Wait before retrying (SecondsPath $.waitSeconds) ─┐
 *                        └──────────┼──────────────────────────────────────────────────────────┘
 *                                   └─failed→ Record failed delivery → Delivery failed
 *
 * The schedule lives in the definition (`Plan the retries`), the pauses are the engine's Wait
 * states: an irregular schedule with ±10 % jitter and `Retry-After` cannot be said with a Retry
 * policy (its jitter is FULL: anywhere from 0 to the interval). Deliver computes each pause from
 * the planned one and the receiver's answer. Any error of Deliver itself is caught into the
 * failure record, so no delivery ends without the log saying how.
 */
export class WebhookDeliveries extends Construct {
  readonly stateMachine: StateMachine;
  readonly steps: Readonly<Record<StepKey, ServiceFunction>>;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: WebhookDeliveriesProps) {
    super(scope, id);

    const deliver = new ServiceFunction(this, DELIVERY_STEPS.deliver.id, {
      entry: DELIVERY_STEPS.deliver.entry,
      description: 'Makes one signed webhook delivery attempt and logs it',
      timeout: Duration.seconds(WEBHOOK_TIMEOUT_SECONDS + 45),
      memorySize: 256,
      environment: { DFK_WEBHOOK_TIMEOUT_SECONDS: String(WEBHOOK_TIMEOUT_SECONDS) },
      logRetentionDays: props.logRetentionDays,
    });
    const recordFailure = new ServiceFunction(this, DELIVERY_STEPS.recordFailure.id, {
      entry: DELIVERY_STEPS.recordFailure.entry,
      description: 'Records a webhook delivery as failed',
      timeout: Duration.seconds(30),
      memorySize: 256,
      logRetentionDays: props.logRetentionDays,
    });
    for (const fn of [deliver, recordFailure]) useTable(fn, props.table, { write: true });
    this.steps = { deliver, recordFailure };

    const invoke = (fn: ServiceFunction, stateName: string) => invokeStep(this, fn, stateName);

    const plan = new Pass(this, DELIVERY_STATES.plan, {
      stateName: DELIVERY_STATES.plan,
      result: Result.fromObject({
        delaysSeconds: [...RETRY_SCHEDULE.delaysSeconds],
        jitter: RETRY_SCHEDULE.jitter,
      }),
      resultPath: '$.schedule',
    });
    const attempt = invoke(deliver, DELIVERY_STATES.deliver);
    const record = invoke(recordFailure, DELIVERY_STATES.recordFailure);
    record.next(
      new Fail(this, DELIVERY_STATES.failed, {
        error: 'DeliveryFailed',
        cause: 'The webhook delivery failed; see the endpoint’s delivery log.',
      }),
    );
    attempt.addCatch(record, { errors: [Errors.ALL], resultPath: '$.failure' });
    const wait = new Wait(this, DELIVERY_STATES.wait, {
      stateName: DELIVERY_STATES.wait,
      time: WaitTime.secondsPath('$.waitSeconds'),
    });
    wait.next(attempt);
    plan
      .next(attempt)
      .next(
        new Choice(this, DELIVERY_STATES.delivered)
          .when(
            Condition.stringEquals('$.outcome', 'delivered'),
            new Succeed(this, DELIVERY_STATES.succeeded),
          )
          .when(Condition.stringEquals('$.outcome', 'retry'), wait)
          .otherwise(record),
      );

    const { stateMachine, logGroup } = loggedStateMachine(this, {
      name: DELIVERIES_NAME,
      comment: 'One webhook delivery: attempts on the Standard Webhooks schedule, every one logged',
      definition: plan,
      steps: [deliver, recordFailure],
      logRetentionDays: props.logRetentionDays,
    });
    this.stateMachine = stateMachine;
    this.logGroup = logGroup;
  }
}

/** Starts delivery executions (nothing else on the machine); sets DELIVERY_STATE_MACHINE_ARN. */
export function useDeliveries(target: ServiceFunction, stateMachine: IStateMachine): void {
  stateMachine.grantStartExecution(target.fn);
  target.addEnvironment('DELIVERY_STATE_MACHINE_ARN', stateMachine.stateMachineArn);
}
