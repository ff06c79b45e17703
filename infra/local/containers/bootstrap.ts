/**
 * The runtime inside one local container process, as Lambda's Node.js runtime behaves: it imports
 * the function's bundled asset (`LAMBDA_TASK_ROOT`, `_HANDLER`), reports the init, then runs one
 * invocation at a time. An uncaught exception or unhandled rejection fails the invocation and ends
 * the process, as it ends a Lambda sandbox.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { ErrorPayload, FromContainer, ToContainer } from './protocol.ts';

type Handler = (event: unknown, context: Context) => unknown;

const send = (message: FromContainer) =>
  new Promise<void>((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });

function errorPayload(thrown: unknown, errorType?: string): ErrorPayload {
  const error = thrown instanceof Error ? thrown : undefined;
  return {
    errorType: errorType ?? (error?.name || 'Error'),
    errorMessage: error ? error.message : String(thrown),
    trace: error?.stack ? error.stack.split('\n') : [],
  };
}

/** `index.handler` → the first of index.js, index.mjs, index.cjs in the task root, as Lambda looks. */
function moduleOf(taskRoot: string, handlerSetting: string): { file: string; exportName: string } {
  const dot = handlerSetting.lastIndexOf('.');
  const name = handlerSetting.slice(0, dot);
  const exportName = handlerSetting.slice(dot + 1);
  for (const extension of ['.js', '.mjs', '.cjs']) {
    const file = join(taskRoot, `${name}${extension}`);
    if (existsSync(file)) return { file, exportName };
  }
  const error = new Error(`Cannot find module '${name}' in ${taskRoot}`);
  error.name = 'Runtime.ImportModuleError';
  throw error;
}

async function init(): Promise<Handler> {
  const { file, exportName } = moduleOf(process.env.LAMBDA_TASK_ROOT ?? '', process.env._HANDLER ?? '');
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const handler = module[exportName];
  if (typeof handler !== 'function') {
    const error = new Error(`${process.env._HANDLER} is undefined or not exported`);
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  return handler as Handler;
}

function contextOf(message: Extract<ToContainer, { type: 'invoke' }>): Context {
  const unsupported = () => {
    throw new Error('The callback-style context methods are not supported');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME ?? '',
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: message.context.invokedFunctionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '128',
    awsRequestId: message.context.awsRequestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? '',
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? '',
    getRemainingTimeInMillis: () => Math.max(0, message.context.deadlineMs - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

let current: string | undefined;

async function fatal(thrown: unknown, errorType?: string) {
  const error = errorPayload(thrown, errorType);
  process.stderr.write(`${error.errorType}: ${error.errorMessage}\n${error.trace.slice(1).join('\n')}\n`);
  if (current) await send({ type: 'error', id: current, error, fatal: true });
  process.exit(129);
}
process.on('uncaughtException', (error) => void fatal(error));
// The runtime is gone (stopped, or killed with -9): a sandbox does not outlive its host.
process.on('disconnect', () => process.exit(0));
process.on('unhandledRejection', (reason) => void fatal(reason, 'Runtime.UnhandledPromiseRejection'));

const started = performance.now();
let handler: Handler;
try {
  handler = await init();
} catch (error) {
  await send({ type: 'initError', error: errorPayload(error) });
  process.exit(1);
}
await send({ type: 'ready', initMs: performance.now() - started });

process.on('message', async (message: ToContainer) => {
  if (message.type !== 'invoke') return;
  current = message.id;
  process.env._X_AMZN_TRACE_ID = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${message.context.awsRequestId.replaceAll('-', '').slice(0, 24)}`;
  try {
    const result = await handler(message.event, contextOf(message));
    // Lambda serializes the result as JSON: undefined becomes null.
    await send({ type: 'result', id: message.id, payload: JSON.stringify(result) ?? 'null' });
  } catch (error) {
    await send({ type: 'error', id: message.id, error: errorPayload(error) });
  } finally {
    current = undefined;
  }
});
