import { Match } from 'aws-cdk-lib/assertions';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { DELIVERIES_NAME, DELIVERY_STATES, EVENT_STEPS } from '#infra/deliveries';
import { logicalIdOf } from '#infra/function';
import { ENDPOINTS } from '#infra/routes';
import { stateMachineDefinition } from '#infra/template';
import { actionsOf, ref, resourcesFor, synthStack } from './fixture.ts';

type State = Record<string, unknown> & { Type: string; Next?: string; Resource?: string };
type Definition = { StartAt: string; States: Record<string, State> };

const arnOf = (logicalId: string) => `arn:aws:lambda:us-east-1:000000000000:function:${logicalId}`;
const HOUR = 3600;

describe('WebhookDeliveries state machine', () => {
  const { stack, template } = synthStack();
  const definition = stateMachineDefinition(
    template.toJSON(),
    (id, attribute) => (attribute === 'Arn' ? arnOf(id) : id),
    DELIVERIES_NAME,
  ) as unknown as Definition;
  const state = (name: string): State => {
    const found = definition.States[name];
    if (!found) throw new Error(`No state "${name}"`);
    return found;
  };
  const { steps } = stack.deliveries;

  it('is a standard state machine of its own, logging everything and traced', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine', {
      Metadata: { 'dfk:stateMachine': DELIVERIES_NAME },
    });
    expect(Object.keys(machines)).toEqual([logicalIdOf(stack.deliveries.stateMachine)]);
    expect(Object.values(machines)[0]).toMatchObject({
      Properties: {
        StateMachineType: 'STANDARD',
        LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
        TracingConfiguration: { Enabled: true },
      },
    });
  });

  it('has exactly the states of a delivery', () => {
    expect(Object.keys(definition.States).sort()).toEqual(Object.values(DELIVERY_STATES).sort());
    expect(definition.StartAt).toBe(DELIVERY_STATES.plan);
  });

  it('carries the Standard Webhooks schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, ±10 %', () => {
    expect(state(DELIVERY_STATES.plan)).toEqual({
      Type: 'Pass',
      Result: {
        delaysSeconds: [5, 300, 1800, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR],
        jitter: 0.1,
      },
      ResultPath: '$.schedule',
      Next: DELIVERY_STATES.deliver,
    });
  });

  it('retries by looping through a Wait whose pause Deliver computes, not by a Retry policy', () => {
    expect(state(DELIVERY_STATES.deliver)).toMatchObject({
      Type: 'Task',
      Resource: arnOf(logicalIdOf(steps.deliver.fn)),
      Next: DELIVERY_STATES.delivered,
    });
    expect(state(DELIVERY_STATES.delivered)).toEqual({
      Type: 'Choice',
      Choices: [
        { Variable: '$.outcome', StringEquals: 'delivered', Next: DELIVERY_STATES.succeeded },
        { Variable: '$.outcome', StringEquals: 'retry', Next: DELIVERY_STATES.wait },
      ],
      Default: DELIVERY_STATES.recordFailure,
    });
    expect(state(DELIVERY_STATES.wait)).toEqual({
      Type: 'Wait',
      SecondsPath: '$.waitSeconds',
      Next: DELIVERY_STATES.deliver,
    });
    expect(state(DELIVERY_STATES.succeeded).Type).toBe('Succeed');
  });

  it('retries only Lambda’s own transient errors in its steps, throttling with full jitter', () => {
    for (const name of [DELIVERY_STATES.deliver, DELIVERY_STATES.recordFailure]) {
      expect(state(name).Retry).toEqual([
        expect.objectContaining({
          ErrorEquals: expect.arrayContaining(['Lambda.ServiceException', 'Lambda.SdkClientException']),
          MaxAttempts: 6,
          BackoffRate: 2,
        }),
        {
          ErrorEquals: ['Lambda.TooManyRequestsException'],
          IntervalSeconds: 1,
          MaxAttempts: 8,
          BackoffRate: 2,
          MaxDelaySeconds: 30,
          JitterStrategy: 'FULL',
        },
      ]);
    }
  });

  it('ends every failure (exhausted, disabled, deleted, a step error) in the failure record', () => {
    expect(state(DELIVERY_STATES.deliver).Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: DELIVERY_STATES.recordFailure },
    ]);
    expect(state(DELIVERY_STATES.recordFailure)).toMatchObject({
      Resource: arnOf(logicalIdOf(steps.recordFailure.fn)),
      Next: DELIVERY_STATES.failed,
    });
    expect(state(DELIVERY_STATES.recordFailure).Catch).toBeUndefined();
    expect(state(DELIVERY_STATES.failed)).toMatchObject({ Type: 'Fail', Error: 'DeliveryFailed' });
  });

  it('gives Deliver 15 s per attempt and a function timeout with room for it', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 60,
      Environment: { Variables: Match.objectLike({ DFK_WEBHOOK_TIMEOUT_SECONDS: '15' }) },
      Handler: 'index.handler',
    });
    const resources = template.toJSON().Resources;
    expect(resources[logicalIdOf(steps.deliver.fn)].Metadata['dfk:entry']).toBe(
      'functions/webhooks/deliver.ts',
    );
  });

  it('lets its steps use the table only, and only emitting functions start deliveries', () => {
    for (const fn of Object.values(steps)) {
      const actions = actionsOf(template, fn);
      expect(
        actions.filter((a) => /^(s3|states):/.test(a)),
        fn.entry,
      ).toEqual([]);
      expect(actions).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']),
      );
    }
    const machine = ref(stack.deliveries.stateMachine);
    const variables = (id: string) =>
      template.toJSON().Resources[id].Properties.Environment.Variables as Record<string, unknown>;
    for (const endpoint of ENDPOINTS) {
      const fn = stack.api.functions.get(endpoint.id)!;
      const starts = resourcesFor(template, fn, 'states:StartExecution');
      expect(
        starts.some((r) => JSON.stringify(r) === JSON.stringify(machine)),
        endpoint.id,
      ).toBe(endpoint.emitsEvents === true);
      expect(variables(logicalIdOf(fn.fn)).DELIVERY_STATE_MACHINE_ARN, endpoint.id).toEqual(
        endpoint.emitsEvents ? machine : undefined,
      );
    }
    for (const [key, fn] of Object.entries(stack.lifecycle.steps)) {
      const emits = (EVENT_STEPS as readonly string[]).includes(key);
      expect(variables(logicalIdOf(fn.fn)).DELIVERY_STATE_MACHINE_ARN, key).toEqual(
        emits ? machine : undefined,
      );
    }
  });

  it('expires delivery log entries with the table’s TTL attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  describe('run on a local engine with a scripted Deliver', () => {
    async function run(outcomes: Record<string, unknown>[]) {
      const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
      const entered: string[] = [];
      const inputs: Record<string, unknown>[] = [];
      let calls = 0;
      const execution = machine.run(
        { delivery: { webhookId: 'msg_1' } },
        {
          overrides: {
            taskResourceLocalHandlers: {
              [DELIVERY_STATES.deliver]: (input: Record<string, unknown>) => {
                inputs.push(input);
                const outcome = outcomes[calls++];
                if (!outcome) throw Object.assign(new Error('boom'), { name: 'Error' });
                return { ...input, attempt: calls, ...outcome };
              },
              [DELIVERY_STATES.recordFailure]: (input: Record<string, unknown>) => input,
            } as never,
            waitTimeOverrides: { [DELIVERY_STATES.wait]: 0 },
          },
        },
      );
      const log = (async () => {
        for await (const event of execution.eventLogs)
          if (event.type === 'StateEntered') entered.push(event.state.name);
      })();
      const outcome = await execution.result.then(
        (output) => ({ output, error: undefined }),
        (error: Error) => ({ output: undefined, error }),
      );
      await log;
      return { ...outcome, entered, inputs };
    }

    it('hands Deliver the schedule and waits between attempts until delivered', async () => {
      const retry = { outcome: 'retry', waitSeconds: 5 };
      const { entered, error, inputs } = await run([retry, retry, retry, { outcome: 'delivered' }]);
      expect(error).toBeUndefined();
      expect(entered.filter((name) => name === DELIVERY_STATES.deliver)).toHaveLength(4);
      expect(entered.filter((name) => name === DELIVERY_STATES.wait)).toHaveLength(3);
      expect(entered.at(-1)).toBe(DELIVERY_STATES.succeeded);
      expect(inputs[0]).toMatchObject({ schedule: { delaysSeconds: expect.any(Array), jitter: 0.1 } });
      expect(inputs[3]).toMatchObject({ attempt: 3, waitSeconds: 5 });
    });

    it('records the failure when Deliver gives up, or throws, and fails the execution', async () => {
      const gaveUp = await run([{ outcome: 'failed', reason: 'No success after 10 attempts' }]);
      expect(gaveUp.entered.slice(-2)).toEqual([DELIVERY_STATES.recordFailure, DELIVERY_STATES.failed]);
      expect(gaveUp.error).toBeDefined();
      const threw = await run([]);
      expect(threw.entered.slice(-2)).toEqual([DELIVERY_STATES.recordFailure, DELIVERY_STATES.failed]);
    });
  });
});
