import { describe, expect, it } from 'vitest';
import {
  handleSfnCall,
  LocalStepFunctions,
  type Runner,
  type RunOutcome,
  type RunRequest,
} from '#local/stepfunctions';

const MACHINE = { arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Lifecycle', name: 'Lifecycle' };
const EXECUTION = 'arn:aws:states:us-east-1:000000000000:execution:Lifecycle:task1';

/** A runner whose runs end when the test says so. */
function controlledRunner() {
  const runs: { request: RunRequest; finish(outcome: RunOutcome): void; aborted: boolean }[] = [];
  const runner: Runner = (request) => {
    const { promise, resolve } = Promise.withResolvers<RunOutcome>();
    const run = { request, finish: resolve, aborted: false };
    runs.push(run);
    return {
      result: promise,
      abort: () => {
        run.aborted = true;
        resolve({ status: 'ABORTED' });
      },
    };
  };
  return { runner, runs };
}

const newService = () => {
  const { runner, runs } = controlledRunner();
  let clock = Date.parse('2025-01-01T00:00:00Z');
  const service = new LocalStepFunctions({
    stateMachines: [MACHINE],
    runner,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });
  return { service, runs };
};

const call = (service: LocalStepFunctions, operation: string, input: Record<string, unknown>) => {
  const response = handleSfnCall(service, `AWSStepFunctions.${operation}`, JSON.stringify(input));
  return { status: response.statusCode, body: response.body };
};

describe('StartExecution', () => {
  it('starts one run named after the execution, with the parsed input', () => {
    const { service, runs } = newService();

    const { status, body } = call(service, 'StartExecution', {
      stateMachineArn: MACHINE.arn,
      name: 'task1',
      input: '{"taskId":"task1"}',
    });

    expect(status).toBe(200);
    expect(body).toEqual({ executionArn: EXECUTION, startDate: Date.parse('2025-01-01T00:00:01Z') / 1000 });
    expect(runs).toHaveLength(1);
    expect(runs[0]?.request).toMatchObject({
      executionArn: EXECUTION,
      name: 'task1',
      input: { taskId: 'task1' },
    });
  });

  it('returns the running execution for the same name and input: 20 concurrent runs start one', async () => {
    const { service, runs } = newService();
    const start = () =>
      Promise.resolve().then(() =>
        call(service, 'StartExecution', {
          stateMachineArn: MACHINE.arn,
          name: 'task1',
          input: '{"taskId":"task1"}',
        }),
      );

    const responses = await Promise.all(Array.from({ length: 20 }, start));

    expect(runs).toHaveLength(1);
    expect(new Set(responses.map((r) => `${r.status} ${r.body.executionArn}`))).toEqual(
      new Set([`200 ${EXECUTION}`]),
    );
  });

  it('answers ExecutionAlreadyExists for the same name with another input while it runs', () => {
    const { service } = newService();
    call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'task1', input: '{"a":1}' });

    const { status, body } = call(service, 'StartExecution', {
      stateMachineArn: MACHINE.arn,
      name: 'task1',
      input: '{"a":2}',
    });

    expect(status).toBe(400);
    expect(body).toEqual({
      __type: 'ExecutionAlreadyExists',
      message: `Execution Already Exists: '${EXECUTION}'`,
    });
  });

  it('answers ExecutionAlreadyExists for the same name and input once the execution has ended', async () => {
    const { service, runs } = newService();
    call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'task1', input: '{}' });
    runs[0]?.finish({ status: 'SUCCEEDED', output: {} });
    await service.settled();

    const { status, body } = call(service, 'StartExecution', {
      stateMachineArn: MACHINE.arn,
      name: 'task1',
      input: '{}',
    });

    expect(status).toBe(400);
    expect(body.__type).toBe('ExecutionAlreadyExists');
    expect(runs).toHaveLength(1);
  });

  it('rejects an unknown state machine, an invalid name and input that is not JSON', () => {
    const { service } = newService();

    expect(
      call(service, 'StartExecution', { stateMachineArn: `${MACHINE.arn}X`, name: 'a' }).body.__type,
    ).toBe('StateMachineDoesNotExist');
    expect(call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'a b' }).body.__type).toBe(
      'InvalidName',
    );
    expect(
      call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'a', input: '{' }).body.__type,
    ).toBe('InvalidExecutionInput');
  });

  it('names an execution with a UUID when no name is given', () => {
    const { service } = newService();

    const { body } = call(service, 'StartExecution', { stateMachineArn: MACHINE.arn });

    expect(body.executionArn).toMatch(/:execution:Lifecycle:[0-9a-f-]{36}$/);
  });
});

describe('DescribeExecution', () => {
  it('reports a success with its output, and dates as epoch seconds', async () => {
    const { service, runs } = newService();
    call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'task1', input: '{"x":1}' });
    runs[0]?.finish({ status: 'SUCCEEDED', output: { done: true } });
    await service.settled();

    const { status, body } = call(service, 'DescribeExecution', { executionArn: EXECUTION });

    expect(status).toBe(200);
    expect(body).toMatchObject({
      executionArn: EXECUTION,
      stateMachineArn: MACHINE.arn,
      name: 'task1',
      status: 'SUCCEEDED',
      input: '{"x":1}',
      output: '{"done":true}',
      startDate: Date.parse('2025-01-01T00:00:01Z') / 1000,
      stopDate: Date.parse('2025-01-01T00:00:02Z') / 1000,
    });
  });

  it('reports a failure with its error and cause', async () => {
    const { service, runs } = newService();
    call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'task1' });
    runs[0]?.finish({ status: 'FAILED', error: 'TaskFailed', cause: 'See the task' });
    await service.settled();

    expect(call(service, 'DescribeExecution', { executionArn: EXECUTION }).body).toMatchObject({
      status: 'FAILED',
      error: 'TaskFailed',
      cause: 'See the task',
    });
  });

  it('answers ExecutionDoesNotExist for an unknown ARN', () => {
    const { service } = newService();

    expect(call(service, 'DescribeExecution', { executionArn: EXECUTION })).toEqual({
      status: 400,
      body: { __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${EXECUTION}'` },
    });
  });
});

describe('StopExecution', () => {
  it('aborts the run and records ABORTED with the given error and cause', () => {
    const { service, runs } = newService();
    call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'task1' });

    const { status, body } = call(service, 'StopExecution', {
      executionArn: EXECUTION,
      error: 'Deleted',
      cause: 'x',
    });

    expect(status).toBe(200);
    expect(typeof body.stopDate).toBe('number');
    expect(runs[0]?.aborted).toBe(true);
    expect(service.describeExecution(EXECUTION)).toMatchObject({
      status: 'ABORTED',
      error: 'Deleted',
      cause: 'x',
    });
  });

  it('keeps ABORTED even when the run reports an outcome afterwards', async () => {
    const { service, runs } = newService();
    call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'task1' });
    call(service, 'StopExecution', { executionArn: EXECUTION });

    runs[0]?.finish({ status: 'SUCCEEDED', output: {} });
    await service.settled();

    expect(service.describeExecution(EXECUTION).status).toBe('ABORTED');
  });

  it('changes nothing on an execution that has ended', async () => {
    const { service, runs } = newService();
    call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'task1' });
    runs[0]?.finish({ status: 'SUCCEEDED', output: {} });
    await service.settled();

    expect(call(service, 'StopExecution', { executionArn: EXECUTION }).status).toBe(200);
    expect(service.describeExecution(EXECUTION).status).toBe('SUCCEEDED');
  });
});

describe('ListExecutions', () => {
  it('lists newest first, filters by status and pages with nextToken', async () => {
    const { service, runs } = newService();
    for (const name of ['a', 'b', 'c'])
      call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name });
    runs[0]?.finish({ status: 'SUCCEEDED', output: null });
    await Promise.resolve();

    const first = call(service, 'ListExecutions', { stateMachineArn: MACHINE.arn, maxResults: 2 }).body;
    const second = call(service, 'ListExecutions', {
      stateMachineArn: MACHINE.arn,
      maxResults: 2,
      nextToken: first.nextToken,
    }).body;
    const running = call(service, 'ListExecutions', {
      stateMachineArn: MACHINE.arn,
      statusFilter: 'RUNNING',
    }).body;

    const names = (body: Record<string, unknown>) =>
      (body.executions as { name: string }[]).map((e) => e.name);
    expect(names(first)).toEqual(['c', 'b']);
    expect(names(second)).toEqual(['a']);
    expect(second.nextToken).toBeUndefined();
    expect(names(running)).toEqual(['c', 'b']);
  });
});

describe('handleSfnCall', () => {
  it('answers UnknownOperationException for an operation it does not implement', () => {
    const { service } = newService();

    expect(handleSfnCall(service, 'AWSStepFunctions.CreateStateMachine', '{}')).toMatchObject({
      statusCode: 400,
      body: { __type: 'UnknownOperationException' },
    });
  });

  it('answers SerializationException for a body that is not JSON', () => {
    const { service } = newService();

    expect(handleSfnCall(service, 'AWSStepFunctions.StartExecution', '{').body.__type).toBe(
      'SerializationException',
    );
  });
});

describe('settled', () => {
  it('waits for runs that start while it waits', async () => {
    const { service, runs } = newService();
    call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'a' });
    let done = false;
    const settled = service.settled().then(() => {
      done = true;
    });

    runs[0]?.finish({ status: 'SUCCEEDED', output: null });
    call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'b' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(done).toBe(false);
    runs[1]?.finish({ status: 'SUCCEEDED', output: null });
    await settled;

    expect(done).toBe(true);
  });

  it('rejects naming the executions still running after the timeout', async () => {
    const { service } = newService();
    call(service, 'StartExecution', { stateMachineArn: MACHINE.arn, name: 'stuck' });

    await expect(service.settled(20)).rejects.toThrow(/Lifecycle:stuck/);
  });
});
