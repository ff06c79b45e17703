/**
 * Runs executions of the synthesized definitions on aws-local-stepfunctions, each Lambda Task
 * state mapped to its function, which runs in a container of its own (containers/).
 */
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { allStates, lambdaTasksOf, stateNames, withFunctionTimeouts } from './asl.ts';
import type { Json } from './execution-store.ts';
import { toLambdaError } from './lambda.ts';
import { canResumeAt, definitionStartingAt, type EnteredEvent, positionTracker } from './positions.ts';
import { type ExecutionEvent, PAYLOAD_LIMIT_BYTES, type Runner, type RunOutcome } from './stepfunctions.ts';
import type { LocalFunction, LocalStateMachine } from './template.ts';

export interface EngineOptions {
  stateMachines: LocalStateMachine[];
  functions: LocalFunction[];
  /** Calls the function's handler with the event; rejects with what the handler throws. */
  invoke(fn: LocalFunction, event: unknown): Promise<unknown>;
  /** Starts another execution (the `states:startExecution` integration). */
  startExecution?(
    stateMachineArn: string,
    input: string,
    name?: string,
  ): { executionArn: string; startDate: Date };
  /** Every Wait state pauses this many milliseconds instead of its own duration. */
  waitMs?: number;
  /** Every Retry pauses this many milliseconds between attempts instead of its own interval. */
  retryIntervalMs?: number;
}

/**
 * The terminal error Step Functions raises for a payload over 256 KiB: neither retried nor
 * caught by `States.ALL`, as in AWS (the engine reads these two getters).
 */
export class DataLimitExceededError extends Error {
  constructor(what: string) {
    super(`The ${what} exceeds the maximum size of ${PAYLOAD_LIMIT_BYTES} bytes`);
    this.name = 'States.DataLimitExceeded';
  }
  get isRetryable() {
    return false;
  }
  get isCatchable() {
    return false;
  }
}

/** A handler's result as Lambda returns it: JSON round-tripped, within the payload limit. */
function asPayload(result: unknown, stateName: string): Json {
  const text = JSON.stringify(result ?? null);
  if (Buffer.byteLength(text) > PAYLOAD_LIMIT_BYTES)
    throw new DataLimitExceededError(`output of ${stateName}`);
  return JSON.parse(text) as Json;
}

const START_EXECUTION = /^arn:aws[\w-]*:states:::states:startExecution$/;

type LocalHandler = (input: Json) => Promise<Json>;

function localHandlersOf(definition: StateMachineDefinition, options: EngineOptions, machineName: string) {
  const byArn = new Map(options.functions.map((fn) => [fn.arn, fn]));
  const handlers: Record<string, LocalHandler> = {};

  for (const [stateName, invocation] of lambdaTasksOf(definition as never)) {
    const fn = byArn.get(invocation.functionArn);
    if (!fn)
      throw new Error(
        `State "${stateName}" of ${machineName} invokes ${invocation.functionArn}, which has no dfk:entry handler`,
      );
    handlers[stateName] = async (input) => {
      const event = invocation.style === 'invoke' ? ((input as Record<string, Json>)?.Payload ?? {}) : input;
      let result: unknown;
      try {
        result = await options.invoke(fn, event);
      } catch (error) {
        throw toLambdaError(error);
      }
      const payload = asPayload(result, stateName);
      if (invocation.style === 'direct') return payload;
      return {
        ExecutedVersion: '$LATEST',
        Payload: payload,
        SdkHttpMetadata: { HttpStatusCode: 200 },
        StatusCode: 200,
      };
    };
  }

  for (const [stateName, state] of allStates(definition as never)) {
    if (state.Type !== 'Task' || stateName in handlers) continue;
    const { startExecution } = options;
    const resource = String(state.Resource);
    if (START_EXECUTION.test(resource) && startExecution) {
      handlers[stateName] = async (input) => {
        const parameters = (input ?? {}) as Record<string, Json>;
        const body = parameters.Input ?? {};
        const { executionArn, startDate } = startExecution(
          String(parameters.StateMachineArn),
          typeof body === 'string' ? body : JSON.stringify(body),
          typeof parameters.Name === 'string' ? parameters.Name : undefined,
        );
        return { ExecutionArn: executionArn, StartDate: startDate.toISOString() };
      };
      continue;
    }
    throw new Error(`State "${stateName}" of ${machineName} uses ${resource}, which runs nowhere locally`);
  }
  return handlers;
}

function overridesOf(definition: StateMachineDefinition, options: EngineOptions) {
  const everyState = (names: string[], value: number | undefined) =>
    value === undefined ? undefined : Object.fromEntries(names.map((name) => [name, value]));
  const raw = definition as never;
  return {
    waitTimeOverrides: everyState(
      stateNames(raw, (state) => state.Type === 'Wait'),
      options.waitMs,
    ),
    retryIntervalOverrides: everyState(
      stateNames(raw, (state) => Array.isArray(state.Retry)),
      options.retryIntervalMs,
    ),
  };
}

/** How the engine's failure reads in DescribeExecution: the last error's name and cause. */
export function outcomeOfError(error: unknown): RunOutcome {
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
  if (error instanceof ExecutionTimeoutError)
    return { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution timed out' };
  const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  if (failure instanceof Error) return { status: 'FAILED', error: failure.name, cause: failure.message };
  return { status: 'FAILED', error: 'States.Runtime', cause: String(failure) };
}

function eventOf(event: Record<string, unknown>): ExecutionEvent {
  const out: ExecutionEvent = { type: String(event.type), timestamp: Number(event.timestamp) };
  const state = event.state as { name?: string } | undefined;
  if (state?.name) out.state = state.name;
  if (typeof event.Error === 'string') out.error = event.Error;
  if (typeof event.Cause === 'string') out.cause = event.Cause;
  return out;
}

const STATE_TIMEOUT_MARGIN_SECONDS = 30;

/** A Runner for `LocalStepFunctions`: one compiled machine per definition, one run per execution. */
export function createEngineRunner(options: EngineOptions): Runner {
  // The container ends a function at its timeout (Sandbox.Timedout, as Lambda); the state waits a
  // little longer so that error, not the engine's own States.Timeout, is what Retry/Catch see.
  const timeoutOf = new Map(
    options.functions.map((fn) => [fn.arn, fn.timeoutSeconds + STATE_TIMEOUT_MARGIN_SECONDS]),
  );
  const machines = new Map(
    options.stateMachines.map((machine) => {
      const definition = withFunctionTimeouts(machine.definition, (arn) =>
        timeoutOf.get(arn),
      ) as unknown as StateMachineDefinition;
      return [
        machine.arn,
        {
          definition,
          engine: new StateMachine(definition),
          resumed: new Map<string, StateMachine>(),
          handlers: localHandlersOf(definition, options, machine.name),
          overrides: overridesOf(definition, options),
        },
      ];
    }),
  );

  return (request) => {
    const machine = machines.get(request.stateMachineArn);
    if (!machine) throw new Error(`No local state machine ${request.stateMachineArn}`);
    const resumeFrom = canResumeAt(machine.definition as never, request.resumeFrom)
      ? request.resumeFrom
      : undefined;
    let engine = machine.engine;
    if (resumeFrom) {
      const at = resumeFrom.state;
      // The states before `at` are unreachable in the copy; the definition itself was validated.
      engine =
        machine.resumed.get(at) ??
        new StateMachine(definitionStartingAt(machine.definition, at), {
          validationOptions: { noValidate: true },
        });
      machine.resumed.set(at, engine);
    }
    const tracker = positionTracker(machine.definition as never, {
      ...(options.waitMs === undefined ? {} : { waitMs: options.waitMs }),
      ...(resumeFrom ? { resumeFrom } : {}),
    });
    const { waitTimeOverrides, ...rest } = machine.overrides;
    const overrides = { ...rest, waitTimeOverrides: tracker.waitTimeOverrides(waitTimeOverrides) };
    const run = engine.run((resumeFrom ? resumeFrom.input : request.input) as Json, {
      overrides: { taskResourceLocalHandlers: machine.handlers, ...definedOnly(overrides) },
      noThrowOnAbort: true,
      context: {
        Execution: {
          Id: request.executionArn,
          Name: request.name,
          StartTime: request.startDate.toISOString(),
        },
        StateMachine: { Id: request.stateMachineArn, Name: request.stateMachineName },
      },
    });
    let aborted = false;
    void (async () => {
      for await (const event of run.eventLogs) {
        request.onEvent(eventOf(event as never));
        const position = tracker.positionOf(event as EnteredEvent);
        if (position) request.onPosition?.(position);
      }
    })().catch(() => {});
    const result = run.result.then(
      (output): RunOutcome => (aborted ? { status: 'ABORTED' } : { status: 'SUCCEEDED', output }),
      outcomeOfError,
    );
    return {
      result,
      abort: () => {
        aborted = true;
        run.abort();
      },
    };
  };
}

function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
