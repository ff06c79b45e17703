/**
 * Runs a function's handler module in this process, as Lambda would call it: `handler(event,
 * context)`, and turns what it throws into the Error/Cause pair Step Functions reports.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { LocalFunction } from './template.ts';

export type Handler = (event: unknown, context: Context) => unknown;

/** The Lambda context object, as much of it as handlers and Powertools read. */
export function lambdaContext(fn: LocalFunction, requestId = randomUUID(), now = Date.now()): Context {
  const deadline = now + fn.timeoutSeconds * 1000;
  const fail = () => {
    throw new Error('The callback-style context methods are not supported locally');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: fn.name,
    functionVersion: '$LATEST',
    invokedFunctionArn: fn.arn,
    memoryLimitInMB: String(fn.memorySize),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${fn.name}`,
    logStreamName: `local/${fn.name}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: fail,
    fail,
    succeed: fail,
  };
}

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

/** Error = the error's name; Cause = `{errorType, errorMessage, trace}` (`stackTrace` too). */
export function toLambdaError(thrown: unknown): LambdaFunctionError {
  const error = thrown instanceof Error ? thrown : undefined;
  const errorType = error?.name || 'Error';
  const errorMessage = error ? error.message : String(thrown);
  const trace = error?.stack ? error.stack.split('\n') : [];
  // The Node.js runtime calls the lines `trace`; `stackTrace` is kept for readers of other runtimes.
  const cause = JSON.stringify({ errorType, errorMessage, trace, stackTrace: trace });
  return new LambdaFunctionError(errorType, cause);
}

/** Loads handler modules once each (they keep their clients at module scope, as in a container). */
export class HandlerLoader {
  private readonly rootDir: string;
  private readonly modules = new Map<string, Promise<Handler>>();

  constructor(rootDir: string) {
    this.rootDir = rootDir;
  }

  load(entry: string): Promise<Handler> {
    let handler = this.modules.get(entry);
    if (!handler) {
      handler = import(pathToFileURL(resolve(this.rootDir, entry)).href).then(
        (module: { handler?: unknown }) => {
          if (typeof module.handler !== 'function')
            throw new Error(`${entry} does not export a handler function`);
          return module.handler as Handler;
        },
      );
      this.modules.set(entry, handler);
      // A module that failed to load (a syntax error being fixed) is tried again next time.
      handler.catch(() => this.modules.delete(entry));
    }
    return handler;
  }
}

/** Tracks invocations in flight, so a stop can wait for them before closing the emulators. */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    const done = () => this.pending.delete(promise);
    promise.then(done, done);
    return promise;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves when nothing is in flight (including what starts meanwhile), or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.pending.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise((resolveTimeout) => {
        timer = setTimeout(resolveTimeout, remaining);
      });
      await Promise.race([Promise.allSettled([...this.pending]), timeout]);
      clearTimeout(timer);
    }
    return true;
  }
}
