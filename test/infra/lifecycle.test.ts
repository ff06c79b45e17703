import { Match } from 'aws-cdk-lib/assertions';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { logicalIdOf } from '#infra/function';
import { CONVERT_V8_FLAGS, STATES } from '#infra/lifecycle';
import { stateMachineDefinition } from '#infra/template';
import { ref, synthStack } from './fixture.ts';

type State = Record<string, unknown> & { Type: string; Next?: string; Resource?: string };
type Definition = { StartAt: string; States: Record<string, State> };

const arnOf = (logicalId: string) => `arn:aws:lambda:us-east-1:000000000000:function:${logicalId}`;

describe('TaskLifecycle state machine', () => {
  const { stack, template } = synthStack();
  const definition = stateMachineDefinition(template.toJSON(), (id, attribute) =>
    attribute === 'Arn' ? arnOf(id) : id,
  ) as unknown as Definition;
  const state = (name: string): State => {
    const found = definition.States[name];
    if (!found) throw new Error(`No state "${name}"`);
    return found;
  };
  const { steps } = stack.lifecycle;
  const tasks = [
    [STATES.start, steps.start],
    [STATES.extractBatch, steps.extractBatch],
    [STATES.export, steps.export],
    [STATES.convert, steps.convert],
    [STATES.finish, steps.finish],
    [STATES.fail, steps.fail],
  ] as const;

  it('is a standard state machine, logging everything and traced', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: true,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: Match.anyValue() } }],
      },
      TracingConfiguration: { Enabled: true },
    });
  });

  it('has exactly the states of the lifecycle, named as sentences', () => {
    expect(Object.keys(definition.States).sort()).toEqual(Object.values(STATES).sort());
    expect(definition.StartAt).toBe('Start task');
  });

  it.each(tasks)('runs "%s" as its step function, whose result becomes the state', (name, fn) => {
    expect(state(name)).toMatchObject({ Type: 'Task', Resource: arnOf(logicalIdOf(fn.fn)) });
    // payloadResponseOnly: no Parameters/ResultSelector wrapping the Lambda response.
    expect(state(name)).not.toHaveProperty('Parameters');
    expect(state(name)).not.toHaveProperty('ResultSelector');
    expect(state(name)).not.toHaveProperty('ResultPath');
  });

  it.each(tasks)('retries Lambda service errors and throttling in "%s"', (name) => {
    expect(state(name).Retry).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ErrorEquals: expect.arrayContaining([
            'Lambda.ServiceException',
            'Lambda.AWSLambdaException',
            'Lambda.SdkClientException',
          ]),
          MaxAttempts: 6,
          BackoffRate: 2,
        }),
        expect.objectContaining({ ErrorEquals: ['Lambda.TooManyRequestsException'], JitterStrategy: 'FULL' }),
      ]),
    );
  });

  it.each(tasks.filter(([name]) => name !== STATES.fail))(
    'catches any error of "%s" into Fail task at $.failure',
    (name) => {
      expect(state(name).Catch).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Fail task' },
      ]);
    },
  );

  it('does not catch errors of Fail task itself (that would loop)', () => {
    expect(state(STATES.fail).Catch).toBeUndefined();
    expect(state(STATES.fail).Next).toBe('Task failed');
    expect(state('Task failed').Type).toBe('Fail');
  });

  it('wires the transitions of the lifecycle', () => {
    expect(state('Start task').Next).toBe('Still wanted?');
    expect(state('Still wanted?')).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.proceed', BooleanEquals: false, Next: 'Finish task' }],
      Default: 'What kind of task?',
    });
    expect(state('What kind of task?')).toMatchObject({
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.type', StringEquals: 'extraction' },
            { Variable: '$.renderer', IsPresent: true },
            { Variable: '$.renderer', StringEquals: 'chrome' },
          ],
          Next: 'Render next batch',
        },
        { Variable: '$.type', StringEquals: 'extraction', Next: 'Extract next batch' },
        { Variable: '$.type', StringEquals: 'conversion', Next: 'Convert file' },
      ],
      Default: 'Fail task',
    });
    expect(state('Render next batch').Next).toBe('More pages to render?');
    expect(state('More pages to render?')).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.done', BooleanEquals: false, Next: 'Render next batch' }],
      Default: 'Export results',
    });
    expect(state('Extract next batch').Next).toBe('More pages?');
    expect(state('More pages?')).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.done', BooleanEquals: false, Next: 'Extract next batch' }],
      Default: 'Export results',
    });
    expect(state('Export results').Next).toBe('Finish task');
    expect(state('Convert file').Next).toBe('Finish task');
    expect(state('Finish task').Next).toBe('Task finished');
    expect(state('Task finished').Type).toBe('Succeed');
  });

  it('gives Convert file one vCPU, 15 minutes and a small young generation (flat memory while streaming)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      MemorySize: 1769,
      Timeout: 900,
      EphemeralStorage: { Size: 10240 },
      Environment: {
        Variables: Match.objectLike({ NODE_OPTIONS: `--enable-source-maps ${CONVERT_V8_FLAGS}` }),
      },
    });
    expect(CONVERT_V8_FLAGS).toMatch(/--max-semi-space-size=\d+/);
  });

  it('is exported as StateMachineArn', () => {
    template.hasOutput('StateMachineArn', { Value: ref(stack.lifecycle.stateMachine) });
  });

  it('alarms on failed executions and on every function’s errors', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: ref(stack.lifecycle.stateMachine) }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    for (const fn of stack.functions.values()) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: ref(fn.fn) }],
      });
    }
  });

  describe('run on a local engine with scripted steps', () => {
    /** Runs the synthesized definition with a handler per task state; returns the states entered. */
    async function run(handlers: Record<string, (input: Record<string, unknown>) => unknown>) {
      const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
      const entered: string[] = [];
      const execution = machine.run(
        { taskId: 't1' },
        {
          overrides: {
            taskResourceLocalHandlers: Object.fromEntries(
              Object.entries(handlers).map(([name, fn]) => [
                name,
                (input: unknown) => fn(input as Record<string, unknown>),
              ]),
            ) as never,
            retryIntervalOverrides: Object.fromEntries(tasks.map(([name]) => [name, 0])),
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
      return { ...outcome, entered };
    }

    const happy = {
      [STATES.start]: ({ taskId }: Record<string, unknown>) => ({
        taskId,
        type: 'extraction',
        proceed: true,
      }),
      [STATES.export]: ({ taskId }: Record<string, unknown>) => ({ taskId }),
      [STATES.finish]: ({ taskId }: Record<string, unknown>) => ({ taskId }),
      [STATES.fail]: ({ taskId }: Record<string, unknown>) => ({ taskId }),
    };
    const batches = (count: number) => (input: Record<string, unknown>) => {
      const batch = typeof input.batch === 'number' ? input.batch + 1 : 1;
      return { taskId: input.taskId, type: input.type, batch, done: batch >= count };
    };

    it('extracts batch after batch until done, then exports and finishes', async () => {
      const { entered, error } = await run({ ...happy, [STATES.extractBatch]: batches(3) });
      expect(error).toBeUndefined();
      expect(entered).toEqual([
        'Start task',
        'Still wanted?',
        'What kind of task?',
        ...Array(3).fill(['Extract next batch', 'More pages?']).flat(),
        'Export results',
        'Finish task',
        'Task finished',
      ]);
    });

    it('finishes at once a task that is no longer wanted (cancelled before it started)', async () => {
      const { entered } = await run({
        ...happy,
        [STATES.start]: ({ taskId }) => ({ taskId, type: 'extraction', proceed: false }),
        [STATES.extractBatch]: batches(1),
      });
      expect(entered).toEqual(['Start task', 'Still wanted?', 'Finish task', 'Task finished']);
    });

    it('hands a failing step’s error to Fail task, then fails the execution', async () => {
      const failInputs: unknown[] = [];
      const { entered, error } = await run({
        ...happy,
        [STATES.extractBatch]: () => {
          throw Object.assign(new Error('first page unreachable'), { name: 'FirstPageError' });
        },
        [STATES.fail]: (input) => {
          failInputs.push(input);
          return { taskId: input.taskId };
        },
      });
      expect(entered.slice(-3)).toEqual(['Extract next batch', 'Fail task', 'Task failed']);
      expect(failInputs).toEqual([
        expect.objectContaining({
          taskId: 't1',
          failure: expect.objectContaining({
            Error: 'FirstPageError',
            Cause: expect.stringContaining('first page unreachable'),
          }),
        }),
      ]);
      expect(error).toBeDefined();
    });

    it('retries a transient Lambda service error instead of failing the task', async () => {
      let calls = 0;
      const { entered, error } = await run({
        ...happy,
        [STATES.extractBatch]: (input) => {
          calls += 1;
          if (calls === 1) throw Object.assign(new Error('try again'), { name: 'Lambda.ServiceException' });
          return batches(1)(input);
        },
      });
      expect(error).toBeUndefined();
      expect(calls).toBe(2);
      expect(entered).not.toContain('Fail task');
    });

    it('converts a conversion in one step, then finishes', async () => {
      const { entered, error } = await run({
        ...happy,
        [STATES.start]: ({ taskId }) => ({ taskId, type: 'conversion', proceed: true }),
        [STATES.convert]: ({ taskId }) => ({ taskId, type: 'conversion' }),
        [STATES.extractBatch]: batches(1),
      });
      expect(error).toBeUndefined();
      expect(entered).toEqual([
        'Start task',
        'Still wanted?',
        'What kind of task?',
        'Convert file',
        'Finish task',
        'Task finished',
      ]);
    });

    it('hands a failed conversion to Fail task', async () => {
      const { entered } = await run({
        ...happy,
        [STATES.start]: ({ taskId }) => ({ taskId, type: 'conversion', proceed: true }),
        [STATES.convert]: () => {
          throw Object.assign(new Error('Line 3: unterminated quote'), { name: 'TaskFailed' });
        },
      });
      expect(entered.slice(-3)).toEqual(['Convert file', 'Fail task', 'Task failed']);
    });

    it('fails a task of a kind it does not know', async () => {
      const { entered } = await run({
        ...happy,
        [STATES.start]: ({ taskId }) => ({ taskId, type: 'transcription', proceed: true }),
        [STATES.extractBatch]: batches(1),
      });
      expect(entered).toEqual([
        'Start task',
        'Still wanted?',
        'What kind of task?',
        'Fail task',
        'Task failed',
      ]);
    });
  });
});
