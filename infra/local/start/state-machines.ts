import type { CfnTemplate } from '#infra/template';
import { closeServer, LOCAL_HOST, listen } from '../emulators.ts';
import { createEngineRunner } from '../engine.ts';
import { fileExecutionStore } from '../execution-store.ts';
import { InFlight } from '../in-flight.ts';
import { createSfnServer, type ExecutionRecord, LocalStepFunctions } from '../stepfunctions.ts';
import { type LocalFunction, readStateMachines } from '../template.ts';
import type { Cleanups } from './cleanups.ts';

export interface StateMachines {
  service: LocalStepFunctions;
  /** The Step Functions endpoint (JSON 1.0), before its gateway. */
  endpoint: string;
  /** The step handlers in flight; an aborted execution leaves its step running, as in AWS. */
  steps: InFlight;
}

/** `Error: message`, the message taken from a Lambda error's JSON cause when there is one. */
function describeError(record: ExecutionRecord): string {
  let message = record.cause ?? '';
  try {
    message = (JSON.parse(message) as { errorMessage?: string }).errorMessage ?? message;
  } catch {
    // a cause that is not JSON is shown as it is
  }
  return `${record.error ?? 'unknown error'}${message ? `: ${message}` : ''}`;
}

/**
 * The template's state machines on the local engine, behind a Step Functions endpoint; an
 * execution that does not succeed is logged. Those the last stop interrupted wait for `service.resume()`.
 */
export async function startStateMachines(
  options: {
    template: CfnTemplate;
    functions: LocalFunction[];
    invoke(fn: LocalFunction, event: unknown): Promise<unknown>;
    /** Shorter pauses for tests: every Wait state / every Retry interval, in milliseconds. */
    timing?: { waitMs?: number; retryIntervalMs?: number };
    /** Where executions are kept between starts; absent (ephemeral), they live in memory. */
    executionsDir?: string;
    log(message: string): void;
  },
  cleanups: Cleanups,
): Promise<StateMachines> {
  const { log } = options;
  const steps = new InFlight();
  const stateMachines = readStateMachines(options.template);
  let service: LocalStepFunctions | undefined;
  const runner = createEngineRunner({
    stateMachines,
    functions: options.functions,
    invoke: (fn, event) =>
      steps.track(
        options.invoke(fn, event).catch((error: unknown) => {
          // What Lambda writes to the function's log on an invoke error; Catch may hide it otherwise.
          log(`${fn.logicalId} (${fn.entry}) failed: ${(error as Error)?.stack ?? String(error)}`);
          throw error;
        }),
      ),
    startExecution: (stateMachineArn, input, name) =>
      (service as LocalStepFunctions).startExecution({ stateMachineArn, input, name }),
    ...options.timing,
  });
  service = new LocalStepFunctions({
    stateMachines,
    runner,
    ...(options.executionsDir ? { store: fileExecutionStore(options.executionsDir) } : {}),
    onSettled: (record) => {
      if (record.status !== 'SUCCEEDED')
        log(`Execution ${record.name} ${record.status}: ${describeError(record)}`);
    },
  });
  const server = createSfnServer(service);
  const port = await listen(server, 0);
  cleanups.add(() => closeServer(server));
  return { service, endpoint: `http://${LOCAL_HOST}:${port}`, steps };
}
