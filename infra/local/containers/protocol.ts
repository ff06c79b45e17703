/** Messages between the local runtime and a container process (`bootstrap.ts`), over Node's IPC channel. */

/** A function error as the Lambda runtime reports it (`Runtime.ExitError`, `Sandbox.Timedout`, a thrown error's name). */
export interface ErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** What the runtime passes with each event; the container builds the Context object from it. */
export interface InvokeContext {
  awsRequestId: string;
  /** Epoch milliseconds after which the invocation is timed out. */
  deadlineMs: number;
  invokedFunctionArn: string;
}

export type ToContainer = { type: 'invoke'; id: string; event: unknown; context: InvokeContext };

export type FromContainer =
  | { type: 'ready'; initMs: number }
  | { type: 'initError'; error: ErrorPayload }
  /** `payload` is the handler's result as JSON text, as Lambda serializes it. */
  | { type: 'result'; id: string; payload: string }
  /** `fatal`: the process ends after this message (an uncaught exception), so it takes no more invocations. */
  | { type: 'error'; id: string; error: ErrorPayload; fatal?: boolean };
