/**
 * One local Lambda container: a Node 24 process of its own running `bootstrap.ts` over the
 * function's asset, with only that function's environment, its memory as the heap limit, one
 * invocation at a time, and its timeout enforced by killing the process, as Lambda ends a sandbox.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ErrorPayload, FromContainer, InvokeContext, ToContainer } from './protocol.ts';

const BOOTSTRAP = fileURLToPath(new URL('./bootstrap.ts', import.meta.url));

/** Lambda's limit on a synchronous invocation's response. */
export const RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;

/** Lambda's init phase may take this long before the sandbox is given up. */
const INIT_LIMIT_MS = 10_000;

export interface ContainerSpec {
  /** The function's name, for log prefixes and messages. */
  name: string;
  arn: string;
  /** Folder of the bundled asset (`LAMBDA_TASK_ROOT`). */
  taskRoot: string;
  /** The template's `Handler` (`index.handler`). */
  handler: string;
  memorySize: number;
  timeoutSeconds: number;
  /** The whole environment of the process: nothing of the runtime's own is inherited. */
  environment: Record<string, string>;
}

/** A failed invocation, as Lambda reports it to the caller (Step Functions reads `errorType`). */
export class FunctionError extends Error {
  readonly payload: ErrorPayload;

  constructor(payload: ErrorPayload) {
    super(payload.errorMessage);
    this.name = payload.errorType;
    this.payload = payload;
  }
}

const failure = (errorType: string, errorMessage: string) =>
  new FunctionError({ errorType, errorMessage, trace: [] });

/** The heap flags Lambda's Node.js bootstrap derives from the memory size: a tenth young, the rest old. */
export function heapFlags(memorySize: number): string[] {
  const young = Math.floor(memorySize / 10);
  return [`--max-semi-space-size=${Math.floor(young / 2)}`, `--max-old-space-size=${memorySize - young}`];
}

export type ContainerLog = (line: string) => void;

export class Container {
  readonly spec: ContainerSpec;
  /** Milliseconds from spawn to the handler module loaded. */
  initMs = 0;
  /** Milliseconds the handler module's import took, as the bootstrap measured it. */
  moduleInitMs = 0;
  private readonly child: ChildProcess;
  private pending?: { id: string; resolve(payload: string): void; reject(error: FunctionError): void };
  private exited = false;
  /** Killed at a timeout: its exit may not have been seen yet, but it takes no more invocations. */
  private killed = false;
  private readonly exit: Promise<void>;

  private constructor(spec: ContainerSpec, log: ContainerLog) {
    this.spec = spec;
    this.child = fork(BOOTSTRAP, [], {
      execPath: process.execPath,
      execArgv: [...heapFlags(spec.memorySize), '--disable-warning=ExperimentalWarning'],
      cwd: spec.taskRoot,
      env: spec.environment,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) pipeLines(stream, log);
    this.exit = new Promise((resolve) => {
      // `close`, not `exit`: messages the process sent before it ended have been received by then.
      this.child.once('close', (code, signal) => {
        this.exited = true;
        const pending = this.pending;
        this.pending = undefined;
        pending?.reject(
          failure(
            'Runtime.ExitError',
            `RequestId: ${pending.id} Error: Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}`,
          ),
        );
        resolve();
      });
    });
    this.child.on('message', (message: FromContainer) => this.receive(message));
  }

  /** Starts the process and waits for the handler module to load; rejects with the init error. */
  static async start(spec: ContainerSpec, log: ContainerLog): Promise<Container> {
    const started = performance.now();
    const container = new Container(spec, log);
    const ready = await new Promise<FromContainer>((resolve) => {
      const timer = setTimeout(
        () => {
          resolve({
            type: 'initError',
            error: {
              errorType: 'Sandbox.Timedout',
              errorMessage: `Init timed out after ${INIT_LIMIT_MS / 1000} s`,
              trace: [],
            },
          });
        },
        Math.max(INIT_LIMIT_MS, spec.timeoutSeconds * 1000),
      );
      container.child.once('message', (message: FromContainer) => {
        clearTimeout(timer);
        resolve(message);
      });
      void container.exit.then(() => {
        clearTimeout(timer);
        resolve({
          type: 'initError',
          error: { errorType: 'Runtime.ExitError', errorMessage: 'Runtime exited during init', trace: [] },
        });
      });
    });
    if (ready.type !== 'ready') {
      await container.stop();
      throw new FunctionError(
        ready.type === 'initError'
          ? ready.error
          : { errorType: 'Runtime.Unknown', errorMessage: 'Unexpected message', trace: [] },
      );
    }
    container.initMs = performance.now() - started;
    container.moduleInitMs = ready.initMs;
    return container;
  }

  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Runs one invocation; the result is the handler's return value, JSON round-tripped. */
  invoke(event: unknown, requestId = randomUUID()): Promise<unknown> {
    if (this.pending) throw new Error(`Container of ${this.spec.name} is busy`);
    if (this.exited) return Promise.reject(failure('Runtime.ExitError', 'The container has exited'));
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    const context: InvokeContext = {
      awsRequestId: requestId,
      deadlineMs: Date.now() + timeoutMs,
      invokedFunctionArn: this.spec.arn,
    };
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Lambda ends the sandbox: whatever the handler was doing is stopped with it.
        this.pending = undefined;
        this.killed = true;
        reject(
          failure(
            'Sandbox.Timedout',
            `RequestId: ${requestId} Error: Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds`,
          ),
        );
        this.child.kill('SIGKILL');
      }, timeoutMs);
      this.pending = {
        id: requestId,
        resolve: (payload) => {
          clearTimeout(timer);
          resolve(payload);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const message: ToContainer = { type: 'invoke', id: requestId, event, context };
      this.child.send(message, (error) => {
        if (error)
          this.pending?.reject(failure('Runtime.ExitError', `Cannot reach the container: ${error.message}`));
      });
    }).then((payload) => {
      if (Buffer.byteLength(payload) > RESPONSE_LIMIT_BYTES)
        throw failure(
          'Function.ResponseSizeTooLarge',
          `Response payload size exceeded maximum allowed payload size (${RESPONSE_LIMIT_BYTES} bytes).`,
        );
      return JSON.parse(payload) as unknown;
    });
  }

  private receive(message: FromContainer): void {
    if (message.type !== 'result' && message.type !== 'error') return;
    const pending = this.pending;
    if (!pending || pending.id !== message.id) return;
    this.pending = undefined;
    if (message.type === 'error' && message.fatal) this.killed = true;
    if (message.type === 'result') pending.resolve(message.payload);
    else pending.reject(new FunctionError(message.error));
  }

  /** Ends the process (SIGTERM, then SIGKILL after a moment) and waits for it. */
  async stop(graceMs = 1000): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exit;
    clearTimeout(timer);
  }
}

/** Hands each complete line of a stream to `log`. */
function pipeLines(stream: NodeJS.ReadableStream | null, log: ContainerLog): void {
  if (!stream) return;
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) log(line);
  });
  stream.on('end', () => {
    if (rest) log(rest);
  });
}
