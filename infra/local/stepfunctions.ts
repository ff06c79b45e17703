/**
 * A local Step Functions endpoint: the executions the handlers start, stop and describe through
 * the real `@aws-sdk/client-sfn` (AWS JSON 1.0 protocol), with the semantics they rely on. What an
 * execution does is the `Runner`'s business (the runtime plugs in aws-local-stepfunctions).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { ExecutionPosition, ExecutionStore, StoredExecution } from './execution-store.ts';
import { InFlight } from './in-flight.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One entry of an execution's history: what the engine reported, without the payloads. */
export interface ExecutionEvent {
  type: string;
  timestamp: number;
  state?: string;
  error?: string;
  cause?: string;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** As given to StartExecution (a JSON string). */
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  history: ExecutionEvent[];
}

/** How a run ended, as the runner reports it. */
export type RunOutcome =
  | { status: 'SUCCEEDED'; output: unknown }
  | { status: 'FAILED' | 'TIMED_OUT'; error?: string; cause?: string }
  | { status: 'ABORTED' };

export interface RunHandle {
  /** Never rejects: a failure is an outcome. */
  result: Promise<RunOutcome>;
  abort(): void;
}

export interface RunRequest {
  stateMachineArn: string;
  stateMachineName: string;
  executionArn: string;
  name: string;
  input: unknown;
  startDate: Date;
  onEvent(event: ExecutionEvent): void;
  /** Where a run interrupted by the last stop resumes; absent, it starts at `StartAt` with `input`. */
  resumeFrom?: ExecutionPosition;
  /** Called as the run enters each top-level state, so a store can keep its position. */
  onPosition?(position: ExecutionPosition): void;
}

export type Runner = (request: RunRequest) => RunHandle;

/** A service error: `__type` and `message`, HTTP 400 as Step Functions answers them. */
export class SfnError extends Error {
  readonly type: string;
  readonly statusCode: number;

  constructor(type: string, message: string, statusCode = 400) {
    super(message);
    this.name = type;
    this.type = type;
    this.statusCode = statusCode;
  }
}

/** The limit of an execution's input, and of every state's input and output. */
export const PAYLOAD_LIMIT_BYTES = 256 * 1024;
const HISTORY_LIMIT = 1000;
/** How many ended executions a store keeps for DescribeExecution and idempotency by name. */
const STORED_ENDED_LIMIT = 1000;
const NAME_PATTERN = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

export const executionArnOf = (stateMachineArn: string, name: string) =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

export interface StateMachineRef {
  arn: string;
  name: string;
}

export interface StartExecutionInput {
  stateMachineArn?: string;
  name?: string;
  input?: string;
}

export interface ListExecutionsInput {
  stateMachineArn?: string;
  statusFilter?: ExecutionStatus;
  maxResults?: number;
  nextToken?: string;
}

const toStored = (record: ExecutionRecord, position?: ExecutionPosition): StoredExecution => ({
  executionArn: record.executionArn,
  stateMachineArn: record.stateMachineArn,
  name: record.name,
  status: record.status,
  input: record.input,
  output: record.output,
  error: record.error,
  cause: record.cause,
  startDate: record.startDate.toISOString(),
  stopDate: record.stopDate?.toISOString(),
  position,
});

const fromStored = (stored: StoredExecution): ExecutionRecord => {
  const { position: _position, startDate, stopDate, ...rest } = stored;
  const record: ExecutionRecord = { ...rest, startDate: new Date(startDate), history: [] };
  if (stopDate) record.stopDate = new Date(stopDate);
  return record;
};

/**
 * The executions of the local state machines, in memory and, given a store, kept there as they
 * move, so the next start resumes each running one where it was (`resume()`).
 */
export class LocalStepFunctions {
  private readonly machines: Map<string, StateMachineRef>;
  private readonly runner: Runner;
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly running = new Map<string, RunHandle>();
  private readonly settling = new InFlight();
  private readonly now: () => Date;
  private readonly onSettled: (record: ExecutionRecord) => void;
  private readonly store: ExecutionStore | undefined;
  /** Running executions loaded from the store, not resumed yet, with their last position. */
  private readonly interrupted = new Map<string, ExecutionPosition | undefined>();
  private readonly storedEnded: string[] = [];
  /** Set on stop: runs end in memory only, so the store still holds them as running. */
  private suspended = false;

  constructor(options: {
    stateMachines: StateMachineRef[];
    runner: Runner;
    now?: () => Date;
    /** Called once an execution ends by itself (not when stopped). */
    onSettled?: (record: ExecutionRecord) => void;
    store?: ExecutionStore;
  }) {
    this.machines = new Map(options.stateMachines.map((machine) => [machine.arn, machine]));
    this.runner = options.runner;
    this.now = options.now ?? (() => new Date());
    this.onSettled = options.onSettled ?? (() => {});
    this.store = options.store;
    this.load();
  }

  /** Starts again every execution the last stop interrupted, from its position; returns how many. */
  resume(): number {
    const interrupted = [...this.interrupted];
    this.interrupted.clear();
    for (const [executionArn, position] of interrupted) {
      const record = this.records.get(executionArn);
      const machine = record && this.machines.get(record.stateMachineArn);
      if (!record || !machine) continue;
      try {
        this.run(record, machine, JSON.parse(record.input), position);
      } catch (error) {
        this.settle(record, { status: 'FAILED', error: 'States.Runtime', cause: String(error) });
      }
    }
    return interrupted.length;
  }

  startExecution(request: StartExecutionInput): { executionArn: string; startDate: Date } {
    const machine = this.machineOf(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    if (!NAME_PATTERN.test(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      throw new SfnError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not valid JSON');
    }
    if (Buffer.byteLength(input) > PAYLOAD_LIMIT_BYTES)
      throw new SfnError('InvalidExecutionInput', `The input exceeds ${PAYLOAD_LIMIT_BYTES} bytes`);

    const executionArn = executionArnOf(machine.arn, name);
    const existing = this.records.get(executionArn);
    if (existing) {
      // Idempotent for a STANDARD workflow: same name and input while it runs → the same execution.
      if (existing.status === 'RUNNING' && existing.input === input)
        return { executionArn, startDate: existing.startDate };
      throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }

    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      status: 'RUNNING',
      input,
      startDate: this.now(),
      history: [],
    };
    if (this.suspended) {
      // Started while the stack stops (by a step finishing): kept for the next start to run.
      this.records.set(executionArn, record);
      this.store?.save(toStored(record));
      return { executionArn, startDate: record.startDate };
    }
    this.persist(record);
    try {
      this.run(record, machine, parsed, undefined);
    } catch (error) {
      this.store?.remove(executionArn);
      throw error;
    }
    return { executionArn, startDate: record.startDate };
  }

  private run(
    record: ExecutionRecord,
    machine: StateMachineRef,
    input: unknown,
    resumeFrom: ExecutionPosition | undefined,
  ): void {
    const { executionArn } = record;
    const handle = this.runner({
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      executionArn,
      name: record.name,
      input,
      startDate: record.startDate,
      onEvent: (event) => {
        if (record.history.length < HISTORY_LIMIT) record.history.push(event);
      },
      ...(resumeFrom ? { resumeFrom } : {}),
      onPosition: (position) => {
        if (record.status === 'RUNNING') this.persist(record, position);
      },
    });
    // Kept only once the run has started: a runner that throws leaves no execution behind.
    this.records.set(executionArn, record);
    const settled = handle.result.then(
      (outcome) => this.settle(record, outcome),
      (error: unknown) =>
        this.settle(record, { status: 'FAILED', error: 'States.Runtime', cause: String(error) }),
    );
    this.running.set(executionArn, handle);
    this.settling.track(settled);
  }

  describeExecution(executionArn: string | undefined): ExecutionRecord {
    const record = executionArn ? this.records.get(executionArn) : undefined;
    if (!record) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  /** Aborts a running execution; on one that has ended it changes nothing. */
  stopExecution(request: { executionArn?: string; error?: string; cause?: string }): { stopDate: Date } {
    const record = this.describeExecution(request.executionArn);
    if (record.status === 'RUNNING') {
      record.status = 'ABORTED';
      record.stopDate = this.now();
      if (request.error !== undefined) record.error = request.error;
      if (request.cause !== undefined) record.cause = request.cause;
      this.running.get(record.executionArn)?.abort();
      this.persist(record);
    }
    return { stopDate: record.stopDate ?? this.now() };
  }

  /** Newest first, as Step Functions lists them. */
  listExecutions(request: ListExecutionsInput): { executions: ExecutionRecord[]; nextToken?: string } {
    const machine = this.machineOf(request.stateMachineArn);
    const all = this.list().filter(
      (record) =>
        record.stateMachineArn === machine.arn &&
        (request.statusFilter === undefined || record.status === request.statusFilter),
    );
    const offset = request.nextToken ? Number(Buffer.from(request.nextToken, 'base64url').toString()) : 0;
    const size = request.maxResults && request.maxResults > 0 ? Math.min(request.maxResults, 1000) : 100;
    const executions = all.slice(offset, offset + size);
    const next =
      offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
    return next ? { executions, nextToken: next } : { executions };
  }

  /** Every execution, newest first. */
  list(): ExecutionRecord[] {
    return [...this.records.values()].sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** Resolves once no execution is running, counting those that start meanwhile. */
  async settled(timeoutMs = 60_000): Promise<void> {
    if (await this.settling.drain(timeoutMs)) return;
    const names = [...this.running.keys()].map((arn) => arn.split(':').slice(-2).join(':'));
    throw new Error(`Executions still running after ${timeoutMs} ms: ${names.join(', ')}`);
  }

  /** Aborts every running execution (on stop); a store keeps them running, for the next start to resume. */
  abortAll(): void {
    this.suspended = true;
    for (const arn of [...this.running.keys()]) this.stopExecution({ executionArn: arn });
  }

  private settle(record: ExecutionRecord, outcome: RunOutcome): void {
    this.running.delete(record.executionArn);
    if (record.status !== 'RUNNING') return; // stopped meanwhile: the abort is what happened
    record.stopDate = this.now();
    record.status = outcome.status;
    if (outcome.status === 'SUCCEEDED') record.output = JSON.stringify(outcome.output ?? null);
    if (outcome.status === 'FAILED' || outcome.status === 'TIMED_OUT') {
      if (outcome.error !== undefined) record.error = outcome.error;
      if (outcome.cause !== undefined) record.cause = outcome.cause;
    }
    this.persist(record);
    this.onSettled(record);
  }

  private load(): void {
    if (!this.store) return;
    const stored = this.store.load().filter((execution) => this.machines.has(execution.stateMachineArn));
    const ended = stored
      .filter((execution) => execution.status !== 'RUNNING')
      .sort((a, b) => (a.stopDate ?? a.startDate).localeCompare(b.stopDate ?? b.startDate));
    for (const execution of stored) {
      this.records.set(execution.executionArn, fromStored(execution));
      if (execution.status === 'RUNNING') this.interrupted.set(execution.executionArn, execution.position);
    }
    for (const execution of ended) this.rememberEnded(execution.executionArn);
  }

  private persist(record: ExecutionRecord, position?: ExecutionPosition): void {
    if (!this.store || this.suspended) return;
    this.store.save(toStored(record, position));
    if (record.status !== 'RUNNING') this.rememberEnded(record.executionArn);
  }

  private rememberEnded(executionArn: string): void {
    this.storedEnded.push(executionArn);
    while (this.storedEnded.length > STORED_ENDED_LIMIT) {
      const oldest = this.storedEnded.shift() as string;
      this.store?.remove(oldest);
      this.records.delete(oldest);
    }
  }

  private machineOf(arn: string | undefined): StateMachineRef {
    if (!arn) throw new SfnError('ValidationException', 'stateMachineArn is required');
    const machine = this.machines.get(arn);
    if (!machine) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }
}

// JSON 1.0 timestamps are epoch seconds.
const epochSeconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);

const listItem = (record: ExecutionRecord) => ({
  executionArn: record.executionArn,
  stateMachineArn: record.stateMachineArn,
  name: record.name,
  status: record.status,
  startDate: epochSeconds(record.startDate),
  stopDate: epochSeconds(record.stopDate),
});

const describeOutput = (record: ExecutionRecord) => ({
  ...listItem(record),
  input: record.input,
  inputDetails: { included: true },
  output: record.output,
  outputDetails: record.output === undefined ? undefined : { included: true },
  error: record.error,
  cause: record.cause,
});

export interface SfnResponse {
  statusCode: number;
  body: Record<string, unknown>;
}

type Operation = (service: LocalStepFunctions, input: Record<string, unknown>) => Record<string, unknown>;

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

const OPERATIONS: Record<string, Operation> = {
  StartExecution: (service, input) => {
    const { executionArn, startDate } = service.startExecution({
      stateMachineArn: str(input.stateMachineArn),
      name: str(input.name),
      input: str(input.input),
    });
    return { executionArn, startDate: epochSeconds(startDate) };
  },
  DescribeExecution: (service, input) => describeOutput(service.describeExecution(str(input.executionArn))),
  StopExecution: (service, input) => {
    const { stopDate } = service.stopExecution({
      executionArn: str(input.executionArn),
      error: str(input.error),
      cause: str(input.cause),
    });
    return { stopDate: epochSeconds(stopDate) };
  },
  ListExecutions: (service, input) => {
    const page = service.listExecutions({
      stateMachineArn: str(input.stateMachineArn),
      statusFilter: str(input.statusFilter) as ExecutionStatus | undefined,
      maxResults: typeof input.maxResults === 'number' ? input.maxResults : undefined,
      nextToken: str(input.nextToken),
    });
    return { executions: page.executions.map(listItem), nextToken: page.nextToken };
  },
};

/** One JSON 1.0 call: `X-Amz-Target: AWSStepFunctions.<Op>` and its JSON body → status and JSON. */
export function handleSfnCall(
  service: LocalStepFunctions,
  target: string | undefined,
  body: string,
): SfnResponse {
  const [prefix, operationName] = (target ?? '').split('.');
  const operation = prefix === 'AWSStepFunctions' && operationName ? OPERATIONS[operationName] : undefined;
  try {
    if (!operation)
      throw new SfnError('UnknownOperationException', `Unsupported operation ${target ?? '(none)'}`);
    let input: unknown;
    try {
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch {
      throw new SfnError('SerializationException', 'The request body is not valid JSON');
    }
    if (input === null || typeof input !== 'object')
      throw new SfnError('SerializationException', 'Expected an object');
    return { statusCode: 200, body: operation(service, input as Record<string, unknown>) };
  } catch (error) {
    if (error instanceof SfnError)
      return { statusCode: error.statusCode, body: { __type: error.type, message: error.message } };
    return { statusCode: 500, body: { __type: 'InternalFailure', message: String(error) } };
  }
}

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The HTTP face of the service; start it with `listen(port, '127.0.0.1')`. */
export function createSfnServer(service: LocalStepFunctions): Server {
  return createServer(async (request, response) => {
    const body = await readText(request);
    const target = request.headers['x-amz-target'];
    const result = handleSfnCall(service, Array.isArray(target) ? target[0] : target, body);
    response.writeHead(result.statusCode, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': randomUUID(),
    });
    response.end(JSON.stringify(result.body));
  });
}
