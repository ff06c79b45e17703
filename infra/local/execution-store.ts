/**
 * Where the local Step Functions keeps its executions between starts: one JSON file per
 * execution in a directory, each written atomically (a temporary file renamed over it).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionStatus } from './stepfunctions.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Where a running execution is: the top-level state it entered, that state's input, and when a Wait ends. */
export interface ExecutionPosition {
  state: string;
  input: Json;
  /** ISO time a Wait state resumes; absent for any other state. */
  resumeAt?: string;
}

export interface StoredExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: string;
  stopDate?: string;
  /** Only while it runs; absent before its first state. */
  position?: ExecutionPosition;
}

export interface ExecutionStore {
  load(): StoredExecution[];
  save(execution: StoredExecution): void;
  remove(executionArn: string): void;
}

const fileOf = (directory: string, executionArn: string) =>
  join(directory, `${createHash('sha256').update(executionArn).digest('hex').slice(0, 40)}.json`);

/** The store in `directory` (created if missing); files that do not parse are skipped. */
export function fileExecutionStore(directory: string): ExecutionStore {
  mkdirSync(directory, { recursive: true });
  return {
    load: () => {
      const executions: StoredExecution[] = [];
      for (const entry of readdirSync(directory)) {
        if (!entry.endsWith('.json')) continue;
        try {
          executions.push(JSON.parse(readFileSync(join(directory, entry), 'utf8')) as StoredExecution);
        } catch {
          // a file cut short by a crash before its rename never replaced a good one: skip it
        }
      }
      return executions;
    },
    save: (execution) => {
      const file = fileOf(directory, execution.executionArn);
      const temporary = `${file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(execution));
      renameSync(temporary, file);
    },
    remove: (executionArn) => rmSync(fileOf(directory, executionArn), { force: true }),
  };
}
