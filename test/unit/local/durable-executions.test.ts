// Executions outlive a stop: a new service on the same store resumes each where it was.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngineRunner } from '#local/engine';
import { type ExecutionStore, fileExecutionStore } from '#local/execution-store';
import { LocalStepFunctions } from '#local/stepfunctions';
import { type LocalFunction, type LocalStateMachine, readFunctions } from '#local/template';
import { fixtureTemplate } from './fixture-template.ts';

const [step] = readFunctions(fixtureTemplate()) as [LocalFunction];
const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:Durable';
const machine = (States: Record<string, unknown>, StartAt: string): LocalStateMachine => ({
  logicalId: 'Durable',
  name: 'Durable',
  arn: ARN,
  definition: { StartAt, States },
});
const pauseThenStep = machine(
  {
    Prepare: { Type: 'Pass', Result: 1, ResultPath: '$.prepared', Next: 'Pause' },
    Pause: { Type: 'Wait', SecondsPath: '$.seconds', Next: 'Step' },
    Step: { Type: 'Task', Resource: step.arn, End: true },
  },
  'Prepare',
);
const stepOnly = machine({ Step: { Type: 'Task', Resource: step.arn, End: true } }, 'Step');

let directory: string;
let store: ExecutionStore;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dfk-executions-'));
  store = fileExecutionStore(directory);
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function serviceOn(definition: LocalStateMachine, invoke: (event: unknown) => Promise<unknown>) {
  const runner = createEngineRunner({
    stateMachines: [definition],
    functions: [step],
    invoke: (_fn, event) => invoke(event),
  });
  return new LocalStepFunctions({ stateMachines: [definition], runner, store });
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition never met');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const positionOf = (name: string) => store.load().find((execution) => execution.name === name)?.position;

describe('durable executions', () => {
  it('resumes a Wait for its remaining time after a stop, then runs the rest', async () => {
    const invoked: unknown[] = [];
    const first = serviceOn(pauseThenStep, async (event) => {
      invoked.push(event);
      return 'first';
    });
    const { executionArn } = first.startExecution({
      stateMachineArn: ARN,
      name: 'paused',
      input: '{"seconds":1}',
    });
    await until(() => positionOf('paused')?.state === 'Pause');
    first.abortAll();
    await first.settled();
    const position = positionOf('paused');
    expect(position).toMatchObject({ state: 'Pause', input: { seconds: 1, prepared: 1 } });
    expect(Date.parse(position?.resumeAt ?? '') - Date.now()).toBeGreaterThan(500);

    // The Wait's time passes while nothing runs: the next start goes on at once.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const second = serviceOn(pauseThenStep, async (event) => {
      invoked.push(event);
      return 'second';
    });
    expect(second.describeExecution(executionArn).status).toBe('RUNNING');
    expect(() =>
      second.startExecution({ stateMachineArn: ARN, name: 'paused', input: '{"seconds":2}' }),
    ).toThrow(/Execution Already Exists/);
    const resumedAt = Date.now();
    expect(second.resume()).toBe(1);
    await second.settled();

    expect(Date.now() - resumedAt).toBeLessThan(700);
    expect(invoked).toEqual([{ seconds: 1, prepared: 1 }]);
    expect(second.describeExecution(executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '"second"' });
    expect(positionOf('paused')).toBeUndefined();

    // Ended, it is still known by name after another restart.
    const third = serviceOn(pauseThenStep, async () => 'third');
    expect(third.resume()).toBe(0);
    expect(third.describeExecution(executionArn).status).toBe('SUCCEEDED');
    expect(() =>
      third.startExecution({ stateMachineArn: ARN, name: 'paused', input: '{"seconds":1}' }),
    ).toThrow(/Execution Already Exists/);
  });

  it('waits out what remains of a Wait that had not ended', async () => {
    const first = serviceOn(pauseThenStep, async () => 'first');
    first.startExecution({ stateMachineArn: ARN, name: 'remaining', input: '{"seconds":1}' });
    await until(() => positionOf('remaining')?.state === 'Pause');
    first.abortAll();
    await first.settled();
    const resumeAt = Date.parse(positionOf('remaining')?.resumeAt ?? '');

    const second = serviceOn(pauseThenStep, async () => 'second');
    second.resume();
    await second.settled();

    expect(Date.now()).toBeGreaterThanOrEqual(resumeAt - 20);
    expect(second.describeExecution(second.list()[0]?.executionArn).status).toBe('SUCCEEDED');
  });

  it('runs a Task that was in flight at the stop again, from its start', async () => {
    const seen: unknown[] = [];
    const first = serviceOn(stepOnly, (event) => {
      seen.push(event);
      return new Promise(() => {});
    });
    const { executionArn } = first.startExecution({ stateMachineArn: ARN, name: 'busy', input: '{"n":1}' });
    await until(() => seen.length === 1 && positionOf('busy')?.state === 'Step');
    first.abortAll();
    await first.settled();

    const second = serviceOn(stepOnly, async (event) => {
      seen.push(event);
      return { done: true };
    });
    expect(second.startExecution({ stateMachineArn: ARN, name: 'busy', input: '{"n":1}' })).toMatchObject({
      executionArn,
    });
    second.resume();
    await second.settled();

    expect(seen).toEqual([{ n: 1 }, { n: 1 }]);
    expect(second.describeExecution(executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"done":true}',
    });
  });

  it('keeps an execution started while stopping, for the next start to run', async () => {
    const first = serviceOn(stepOnly, async () => 'first');
    first.abortAll();
    first.startExecution({ stateMachineArn: ARN, name: 'late', input: '{}' });

    const second = serviceOn(stepOnly, async () => 'second');
    expect(second.resume()).toBe(1);
    await second.settled();
    expect(second.list()[0]).toMatchObject({ name: 'late', status: 'SUCCEEDED', output: '"second"' });
  });
});
