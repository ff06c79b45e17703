/** How a function's failure reaches Step Functions. */
import { FunctionError } from './containers/container.ts';

/**
 * A Lambda error as Step Functions sees it: `Error` is the thrown error's name, `Cause` the JSON
 * the Node.js runtime reports. Subclassing Error keeps the engine's Retry/Catch matching by name.
 */
export class LambdaFunctionError extends Error {
  readonly errorType: string;

  constructor(errorType: string, cause: string) {
    super(cause);
    this.name = errorType;
    this.errorType = errorType;
  }
}

/**
 * Error = the error type the function's runtime reported (a thrown error's name, `Sandbox.Timedout`,
 * `Runtime.ExitError`); Cause = `{errorType, errorMessage, trace}` (also `stackTrace`).
 */
export function toLambdaError(thrown: unknown): LambdaFunctionError {
  const error = thrown instanceof Error ? thrown : undefined;
  const payload =
    thrown instanceof FunctionError
      ? thrown.payload
      : {
          errorType: error?.name || 'Error',
          errorMessage: error ? error.message : String(thrown),
          trace: error?.stack ? error.stack.split('\n') : [],
        };
  // The Node.js runtime calls the lines `trace`; `stackTrace` is kept for readers of other runtimes.
  const cause = JSON.stringify({ ...payload, stackTrace: payload.trace });
  return new LambdaFunctionError(payload.errorType, cause);
}
