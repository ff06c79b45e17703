import { describe, expect, it } from 'vitest';
import { createEngineRunner } from '#local/engine';
import { toLambdaError } from '#local/lambda';
import type { ExecutionEvent, RunRequest } from '#local/stepfunctions';
import {
  type LocalFunction,
  type LocalStateMachine,
  readFunctions,
  readStateMachines,
} from '#local/template';
import { fixtureTemplate } from './fixture-template.ts';

class BoomError extends Error {
  override name = 'BoomError';
}
class FlakyError extends Error {
  override name = 'FlakyError';
}

const template = fixtureTemplate();
const functions = readFunctions(template);
const [lifecycle] = readStateMachines(template) as [LocalStateMachine];

type StepBehaviour = (event: unknown) => unknown;

/** Runs the fixture lifecycle with the step function doing `step`; records what the catch step got. */
async function runLifecycle(step: StepBehaviour, options: { machine?: LocalStateMachine } = {}) {
  const caught: unknown[] = [];
  const events: ExecutionEvent[] = [];
  const runner = createEngineRunner({
    stateMachines: [options.machine ?? lifecycle],
    functions,
    invoke: async (fn: LocalFunction, event: unknown) => {
      if (fn.logicalId === 'StepFunctionEEEE5555') return step(event);
      caught.push(event);
      return event;
    },
    waitMs: 0,
    retryIntervalMs: 0,
  });
  const machine = options.machine ?? lifecycle;
  const request: RunRequest = {
    stateMachineArn: machine.arn,
    stateMachineName: machine.name,
    executionArn: `${machine.arn.replace(':stateMachine:', ':execution:')}:run1`,
    name: 'run1',
    input: { taskId: 'run1' },
    startDate: new Date(),
    onEvent: (event) => events.push(event),
  };
  const outcome = await runner(request).result;
  return { outcome, caught, events };
}

describe('toLambdaError', () => {
  it("names the error by the thrown error's name and gives the runtime's JSON cause", () => {
    const error = toLambdaError(new BoomError('boom'));

    expect(error.name).toBe('BoomError');
    expect(JSON.parse(error.message)).toMatchObject({
      errorType: 'BoomError',
      errorMessage: 'boom',
      trace: expect.arrayContaining([expect.stringContaining('BoomError: boom')]),
      stackTrace: expect.any(Array),
    });
  });

  it('handles a thrown value that is not an Error', () => {
    expect(JSON.parse(toLambdaError('plain').message)).toMatchObject({
      errorType: 'Error',
      errorMessage: 'plain',
    });
  });
});

describe('createEngineRunner', () => {
  it('runs the Task states on the handlers, after a Wait shortened to nothing', async () => {
    const { outcome, events } = await runLifecycle((event) => ({ ...(event as object), stepped: true }));

    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { taskId: 'run1', stepped: true } });
    expect(events.filter((e) => e.type === 'StateEntered').map((e) => e.state)).toEqual([
      'Pause a while',
      'Do the step',
    ]);
  });

  it('gives a Catch on States.ALL the Error and Cause Step Functions reports for a Lambda error', async () => {
    const { outcome, caught } = await runLifecycle(() => {
      throw new BoomError('the page could not be fetched');
    });

    expect(caught).toHaveLength(1);
    const failure = (caught[0] as { failure: { Error: string; Cause: string } }).failure;
    expect(failure.Error).toBe('BoomError');
    expect(JSON.parse(failure.Cause)).toMatchObject({
      errorType: 'BoomError',
      errorMessage: 'the page could not be fetched',
    });
    expect(outcome).toEqual({ status: 'FAILED', error: 'TaskFailed', cause: 'See the task' });
  });

  it('retries an error its Retry names, with the interval overridden', async () => {
    let attempts = 0;
    const { outcome, caught } = await runLifecycle(() => {
      attempts += 1;
      if (attempts === 1) throw new FlakyError('try again');
      return { ok: true };
    });

    expect(attempts).toBe(2);
    expect(caught).toHaveLength(0);
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { ok: true } });
  });

  it('fails with States.DataLimitExceeded, not caught by States.ALL, when a result exceeds 256 KiB', async () => {
    const { outcome, caught } = await runLifecycle(() => ({ big: 'x'.repeat(300 * 1024) }));

    expect(caught).toHaveLength(0);
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it('passes the Payload of a lambda:invoke Task and wraps the result as the integration does', async () => {
    const machine: LocalStateMachine = {
      ...lifecycle,
      definition: {
        StartAt: 'Invoke',
        States: {
          Invoke: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: {
              FunctionName: functions.find((f) => f.logicalId === 'StepFunctionEEEE5555')?.arn,
              'Payload.$': '$',
            },
            ResultSelector: { 'result.$': '$.Payload', 'status.$': '$.StatusCode' },
            End: true,
          },
        },
      },
    };

    const { outcome } = await runLifecycle((event) => ({ got: event }), { machine });

    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: { result: { got: { taskId: 'run1' } }, status: 200 },
    });
  });

  it('refuses a definition with a Task state that nothing local can run', () => {
    const machine: LocalStateMachine = {
      ...lifecycle,
      definition: {
        StartAt: 'Write',
        States: { Write: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', End: true } },
      },
    };

    expect(() =>
      createEngineRunner({ stateMachines: [machine], functions, invoke: async () => null }),
    ).toThrow(/dynamodb:putItem, which runs nowhere locally/);
  });

  it('reports ABORTED when aborted while a step runs', async () => {
    const runner = createEngineRunner({
      stateMachines: [lifecycle],
      functions,
      invoke: () => new Promise(() => {}),
      waitMs: 0,
    });
    const run = runner({
      stateMachineArn: lifecycle.arn,
      stateMachineName: lifecycle.name,
      executionArn: 'arn:aws:states:us-east-1:000000000000:execution:x:y',
      name: 'y',
      input: {},
      startDate: new Date(),
      onEvent: () => {},
    });

    setTimeout(() => run.abort(), 10);

    expect(await run.result).toEqual({ status: 'ABORTED' });
  });
});
