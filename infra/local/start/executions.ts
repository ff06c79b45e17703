import type { InFlight } from '../in-flight.ts';
import type { ExecutionRecord, LocalStepFunctions } from '../stepfunctions.ts';

export interface LocalExecutions {
  /** Every execution so far, newest first. */
  list(): ExecutionRecord[];
  /** An execution by ARN or name (the task id). */
  get(nameOrArn: string): ExecutionRecord | undefined;
  /** Resolves when no execution runs and no step handler is in flight; rejects after `timeoutMs`. */
  settled(timeoutMs?: number): Promise<void>;
  /** Resolves with the execution once it has ended (by ARN or name); rejects after `timeoutMs`. */
  waitFor(nameOrArn: string, timeoutMs?: number): Promise<ExecutionRecord>;
}

/** The executions as tests watch them: copies, never the service's own records. */
export function executionsOf(service: LocalStepFunctions, steps: InFlight): LocalExecutions {
  const find = (nameOrArn: string) =>
    service.list().find((record) => record.executionArn === nameOrArn || record.name === nameOrArn);
  return {
    list: () => service.list().map((record) => structuredClone(record)),
    get: (nameOrArn) => {
      const record = find(nameOrArn);
      return record && structuredClone(record);
    },
    settled: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      await service.settled(timeoutMs);
      // Aborted executions leave their step running, as in AWS; wait for it too.
      if (!(await steps.drain(Math.max(0, deadline - Date.now()))))
        throw new Error(`Step handlers still running after ${timeoutMs} ms`);
    },
    waitFor: async (nameOrArn, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const record = find(nameOrArn);
        if (record && record.status !== 'RUNNING') return structuredClone(record);
        if (Date.now() > deadline)
          throw new Error(
            `Execution ${nameOrArn} ${record ? 'still runs' : 'never started'} after ${timeoutMs} ms`,
          );
        await new Promise((resolveWait) => setTimeout(resolveWait, 20));
      }
    },
  };
}
