// Functions run as Lambda runs them: their bundled asset in a Node process of their own, one
// invocation at a time, with only their own environment, their memory and their timeout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime';
import { fixtureAssembly } from './fixture-assembly.ts';

let runtime: LocalRuntime;
const logs: string[] = [];
const MISBEHAVE = 'MisbehaveFunction7777';
const invoke = (event: unknown) => runtime.functions.invokeById(MISBEHAVE, event);
const failureOf = (event: unknown) =>
  invoke(event).then(
    () => {
      throw new Error('the invocation succeeded');
    },
    (error: Error & { payload?: unknown }) => ({ name: error.name, message: error.message }),
  );

beforeAll(async () => {
  runtime = await startLocalRuntime({
    assembly: await fixtureAssembly(),
    port: 0,
    ephemeral: true,
    stepFunctions: { waitMs: 0, retryIntervalMs: 0 },
    containers: { maxPerFunction: 3 },
    log: (message) => logs.push(message),
  });
});

afterAll(async () => {
  await runtime?.stop();
});

describe('a container', () => {
  it('is reused while warm: the second invocation runs in the same process, with no cold start', async () => {
    const before = runtime.functions.coldStarts.filter((start) => start.function === MISBEHAVE).length;
    const first = (await invoke({})) as { pid: number };
    const second = (await invoke({})) as { pid: number };

    expect(second.pid).toBe(first.pid);
    expect(first.pid).not.toBe(process.pid);
    expect(runtime.functions.coldStarts.filter((start) => start.function === MISBEHAVE).length).toBe(
      before + 1,
    );
    expect(logs.some((line) => line.startsWith(`[${MISBEHAVE}] cold start: ready in`))).toBe(true);
  });

  it('returns the result JSON round-tripped, as Lambda serializes it', async () => {
    expect(await invoke({})).toEqual({ pid: expect.any(Number) });
  });

  it('sees only its own template variables, what Lambda sets, and its heap sized by its memory', async () => {
    const { env, heapLimit } = (await invoke({ do: 'env' })) as {
      env: Record<string, string>;
      heapLimit: number;
    };

    expect(env.OWN_SETTING).toBe('misbehave');
    expect(env).not.toHaveProperty('FIXTURE_SETTING'); // another function's variable
    expect(env).not.toHaveProperty('HOME');
    expect(env).toMatchObject({ AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128', _HANDLER: 'index.handler' });
    expect(env.LAMBDA_TASK_ROOT).toMatch(/asset\.[\w]+misbehave_ts$/);
    // --max-old-space-size=115 (90 % of 128 MB): V8's limit adds its young generation to that.
    expect(heapLimit).toBeLessThan(200 * 1024 * 1024);
  });

  it('gets a second container for a concurrent invocation, up to the bound', async () => {
    const pids = (await Promise.all(Array.from({ length: 5 }, () => invoke({ do: 'sleep', ms: 300 })))).map(
      (result) => (result as { slept: number }).slept,
    );

    expect(pids).toHaveLength(5);
    expect(runtime.functions.sizes()[MISBEHAVE]).toBeLessThanOrEqual(3);
  });
});

describe('a failing invocation', () => {
  it('times out as Lambda does: the process is killed and the error is Sandbox.Timedout', async () => {
    const failure = await failureOf({ do: 'sleep', ms: 10_000 });
    const after = (await invoke({})) as { pid: number };

    expect(failure).toEqual({
      name: 'Sandbox.Timedout',
      message: expect.stringMatching(/^RequestId: [\w-]+ Error: Task timed out after 2\.00 seconds$/),
    });
    expect(after.pid).toEqual(expect.any(Number));
  });

  it('ends with Runtime.ExitError when the handler calls process.exit, and the next one gets a new container', async () => {
    const before = (await invoke({})) as { pid: number };
    const failure = await failureOf({ do: 'exit' });
    const after = (await invoke({})) as { pid: number };

    expect(failure).toEqual({
      name: 'Runtime.ExitError',
      message: expect.stringMatching(/Runtime exited with error: exit status 3$/),
    });
    expect(after.pid).not.toBe(before.pid);
  });

  it('fails with the error of an exception thrown outside the handler, and ends that container only', async () => {
    const failure = await failureOf({ do: 'crash' });

    expect(failure).toEqual({ name: 'RangeError', message: 'thrown outside the handler' });
    expect(await invoke({})).toEqual({ pid: expect.any(Number) });
  });

  it('fails a process that outgrows its memory, not the runtime', async () => {
    const failure = await failureOf({ do: 'grow' });

    expect(failure.name).toBe('Runtime.ExitError');
    expect(await invoke({})).toEqual({ pid: expect.any(Number) });
  });

  it('refuses a response over 6 MB as Lambda does', async () => {
    const failure = await failureOf({ do: 'big' });

    expect(failure.name).toBe('Function.ResponseSizeTooLarge');
  });

  it('reaches the state machine as Lambda reports a timeout, so its Catch sees Sandbox.Timedout', async () => {
    await fetch(`${runtime.endpoints.api}/v1/start/slow-step`, { method: 'POST', body: '{"wait":5000}' });
    const execution = await runtime.executions.waitFor('slow-step', 20_000);

    expect(execution.history.find((e) => e.type === 'StateFailed' && e.state === 'Do the step')?.error).toBe(
      'Sandbox.Timedout',
    );
    expect(execution.history.filter((e) => e.type === 'StateEntered').map((e) => e.state)).toContain(
      'Handle the failure',
    );
  });
});
