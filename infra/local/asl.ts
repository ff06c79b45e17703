/**
 * Small pure helpers over an Amazon States Language definition: which Task state invokes which
 * function, and the defaults AWS applies that the local engine does not.
 */

type State = Record<string, unknown>;
type Definition = { States?: Record<string, State> };

/** Every state by name, nested ones included (Map item processors, Parallel branches). */
export function allStates(definition: Definition): [string, State][] {
  const out: [string, State][] = [];
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    out.push([name, state]);
    const nested = [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[]) ?? [])];
    for (const machine of nested) if (machine && typeof machine === 'object') out.push(...allStates(machine));
  }
  return out;
}

const FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:([\w-]+)(?::[\w$-]+)?$/;
const LAMBDA_INVOKE = /^arn:aws[\w-]*:states:::lambda:invoke$/;

/** How a Task state calls its function: directly (Resource = function ARN) or through `lambda:invoke`. */
export interface TaskInvocation {
  /** The function's ARN (unqualified). */
  functionArn: string;
  /** `lambda:invoke` wraps the result as `{Payload, StatusCode, …}` and takes `{FunctionName, Payload}`. */
  style: 'direct' | 'invoke';
}

const unqualified = (arn: string) => arn.split(':').slice(0, 7).join(':');

export function taskInvocationOf(state: State): TaskInvocation | undefined {
  if (state.Type !== 'Task' || typeof state.Resource !== 'string') return undefined;
  if (FUNCTION_ARN.test(state.Resource)) return { functionArn: unqualified(state.Resource), style: 'direct' };
  if (LAMBDA_INVOKE.test(state.Resource)) {
    const parameters = (state.Parameters ?? {}) as Record<string, unknown>;
    const name = parameters.FunctionName;
    if (typeof name === 'string' && FUNCTION_ARN.test(name))
      return { functionArn: unqualified(name), style: 'invoke' };
  }
  return undefined;
}

/** Task states that invoke a Lambda function, by state name. */
export function lambdaTasksOf(definition: Definition): Map<string, TaskInvocation> {
  const tasks = new Map<string, TaskInvocation>();
  for (const [name, state] of allStates(definition)) {
    const invocation = taskInvocationOf(state);
    if (invocation) tasks.set(name, invocation);
  }
  return tasks;
}

/**
 * A copy of the definition where each Lambda Task state without its own timeout gets the one
 * `timeoutOf` gives: AWS waits for the function (its default is 99999999 s), the local engine
 * would stop it at 60 s.
 */
export function withFunctionTimeouts(
  definition: Definition,
  timeoutOf: (functionArn: string) => number | undefined,
): Definition {
  const copy = structuredClone(definition);
  for (const [, state] of allStates(copy)) {
    const invocation = taskInvocationOf(state);
    if (!invocation || state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined) continue;
    const timeout = timeoutOf(invocation.functionArn);
    if (timeout !== undefined) state.TimeoutSeconds = timeout;
  }
  return copy;
}

/** Names of the states of a kind, for the engine's per-state overrides (Wait, Retry). */
export function stateNames(definition: Definition, predicate: (state: State) => boolean): string[] {
  return allStates(definition)
    .filter(([, state]) => predicate(state))
    .map(([name]) => name);
}

const SIMPLE_PATH = /^\$((?:\.[A-Za-z_][\w-]*)*)$/;

/** A path of plain field names (`$`, `$.a.b`) on a value; undefined for anything richer or missing. */
function simplePath(path: unknown, value: unknown): unknown {
  const match = typeof path === 'string' ? SIMPLE_PATH.exec(path) : null;
  if (!match) return undefined;
  let current = value;
  for (const key of (match[1] ?? '').split('.').slice(1)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** How long a Wait state entered with `input` at `now` pauses, in ms; undefined when the local helpers cannot tell. */
export function waitMillisecondsOf(state: State, input: unknown, now: number): number | undefined {
  const effective =
    state.InputPath === undefined
      ? input
      : state.InputPath === null
        ? {}
        : simplePath(state.InputPath, input);
  const seconds =
    typeof state.Seconds === 'number' ? state.Seconds : simplePath(state.SecondsPath, effective);
  if (typeof seconds === 'number') return Math.max(0, seconds * 1000);
  const timestamp =
    typeof state.Timestamp === 'string' ? state.Timestamp : simplePath(state.TimestampPath, effective);
  const time = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  return Number.isNaN(time) ? undefined : Math.max(0, time - now);
}
