/**
 * The local runtime: the stack as `cdk deploy` ships it, on emulators. The stack is synthesized
 * with every function bundled (`infra/synth.ts`); each function runs from its asset in containers
 * of its own (`containers/`). DynamoDB (dynalite), S3 (s3rver), Step Functions
 * (aws-local-stepfunctions behind a JSON 1.0 endpoint) and the HTTP API run in this process.
 * `main.ts` is the CLI; the integration tests start it with random ports and ephemeral storage.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbKeyRepository } from '#adapters/aws/dynamodb-key-repository';
import { hashKey, keyIdOf, newApiKey } from '#core/accounts';
import { type Assembly, synthesizeAssembly } from '#infra/synth';
import type { CfnTemplate } from '#infra/template';
import { LocalFunctions } from './containers/functions.ts';
import {
  closeServer,
  type Emulator,
  ensureTables,
  LOCAL_CREDENTIALS,
  LOCAL_HOST,
  listen,
  startDynamoDb,
  startS3,
} from './emulators.ts';
import { createEngineRunner } from './engine.ts';
import { callerSettings, type LocalEndpoints } from './environment.ts';
import { rememberedCredentials } from './function-credentials.ts';
import { startGateways } from './gateways.ts';
import { compileRoute, createApiServer } from './http-api.ts';
import { readPrincipals } from './iam/principals.ts';
import { InFlight } from './lambda.ts';
import { createLambdaServer } from './lambda-invoke.ts';
import { unfinishedTaskIds } from './resume.ts';
import { findRunningRuntime, removeRuntimeFile, runtimeFilePath, writeRuntimeFile } from './runtime-file.ts';
import { createSfnServer, type ExecutionRecord, LocalStepFunctions } from './stepfunctions.ts';
import {
  LOCAL_REGION,
  type LocalFunction,
  readBuckets,
  readFunctions,
  readOutputs,
  readRoutes,
  readStateMachines,
  readTables,
} from './template.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where the bundled cloud assembly is kept between starts (npm ci clears it with node_modules). */
export const ASSEMBLY_DIR = join(REPO_ROOT, 'node_modules/.cache/dataflow-tasks/cdk.out');

/** The account the printed local key belongs to. */
export const LOCAL_ACCOUNT_NAME = 'local';

export interface LocalRuntimeOptions {
  /** The synthesized stack with its bundled assets; default: synthesized now into `assemblyDir`. */
  assembly?: Assembly;
  /** Where the stack is synthesized and its functions bundled, kept between starts (`ASSEMBLY_DIR`). */
  assemblyDir?: string;
  /** Port of the HTTP API (default 8080; 0 picks a free one). */
  port?: number;
  /** Ports of the endpoints the functions reach, the IAM gateways (default 0: free ones). */
  ports?: Partial<Record<keyof LocalEndpoints, number>>;
  /** In-memory DynamoDB, S3 in a temporary directory, no key file, no runtime.json. */
  ephemeral?: boolean;
  /** Where persistent data lives (default `.dfk`): `dynamodb/`, `s3/`, `local-key`, `runtime.json`. */
  dataDir?: string;
  /** Fixes the API key (DFK_API_KEY); otherwise one is generated once and remembered. */
  apiKey?: string;
  /** Variables for the handlers over everything else, e.g. `{DFK_BATCH_SECONDS: '2'}`. */
  env?: Record<string, string>;
  /** Variables the caller's DFK_* settings are read from (default `process.env`). */
  callerEnv?: Record<string, string | undefined>;
  /** Containers per function at most (default 25), and how long one may stay idle (default 5 min). */
  containers?: { maxPerFunction?: number; idleMs?: number };
  /** Where the functions' own log lines go (default: the runtime's log). */
  functionLog?: (line: string) => void;
  /** Shorter pauses for tests: every Wait state / every Retry interval, in milliseconds. */
  stepFunctions?: { waitMs?: number; retryIntervalMs?: number };
  /** How long `stop()` waits for handlers still running (default 10 s). */
  stopTimeoutMs?: number;
  /** Where the runtime's own messages go (default stderr). */
  log?: (message: string) => void;
}

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

export interface LocalRuntime {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  /** The key of the `local` account. */
  apiKey: string;
  endpoints: LocalEndpoints & { api: string };
  tableName: string;
  bucketName: string;
  /** The functions' containers: cold starts so far, and a direct invocation by logical id (as `lambda:Invoke`). */
  functions: Pick<LocalFunctions, 'coldStarts' | 'invokeById' | 'sizes'>;
  executions: LocalExecutions;
  /** A new key for an account (tests of one account against another). */
  createApiKey(account: string): Promise<string>;
  /** Stops everything: executions aborted, servers closed, LevelDB closed, runtime.json removed. */
  stop(): Promise<void>;
}

/** The one table and bucket the stack's outputs name (or the only ones it has). */
function mainResources(template: CfnTemplate) {
  const outputs = readOutputs(template);
  const tables = readTables(template).map((table) => table.createTable.TableName);
  const buckets = readBuckets(template).map((bucket) => bucket.name);
  const tableName = outputs.TableName ?? (tables.length === 1 ? tables[0] : undefined);
  const bucketName = outputs.BucketName ?? (buckets.length === 1 ? buckets[0] : undefined);
  if (!tableName) throw new Error('The template names no table (output TableName)');
  if (!bucketName) throw new Error('The template names no bucket (output BucketName)');
  return { tableName, bucketName };
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

async function rememberedKey(dataDir: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dataDir, 'local-key'), 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const cleanups: (() => Promise<void> | void)[] = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  };
  try {
    return await start(options, cleanups, cleanUp);
  } catch (error) {
    await cleanUp().catch(() => {});
    throw error;
  }
}

async function start(
  options: LocalRuntimeOptions,
  cleanups: (() => Promise<void> | void)[],
  cleanUp: () => Promise<void>,
): Promise<LocalRuntime> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const ephemeral = options.ephemeral ?? false;
  const dataDir = resolve(options.dataDir ?? '.dfk');
  const assembly = options.assembly ?? synthesizeAssembly({ outdir: options.assemblyDir ?? ASSEMBLY_DIR });
  const template = assembly.template as CfnTemplate;
  const functions = readFunctions(template);
  const { tableName, bucketName } = mainResources(template);

  if (!ephemeral) {
    const other = await findRunningRuntime(dataDir);
    if (other) throw new Error(`Another local runtime (pid ${other.pid}) uses ${dataDir}; stop it first`);
    await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
    await mkdir(join(dataDir, 's3'), { recursive: true });
  }

  // Storage.
  const dynamodb: Emulator = await startDynamoDb({
    port: 0,
    path: ephemeral ? undefined : join(dataDir, 'dynamodb'),
  });
  cleanups.push(() => dynamodb.close());
  let s3Directory = join(dataDir, 's3');
  if (ephemeral) {
    s3Directory = await mkdtemp(join(tmpdir(), 'dfk-s3-'));
    cleanups.push(() => rm(s3Directory, { recursive: true, force: true }));
  }
  const s3 = await startS3({
    port: 0,
    directory: s3Directory,
    buckets: readBuckets(template).map((bucket) => bucket.name),
  });
  cleanups.push(() => s3.close());
  await ensureTables(
    dynamodb.endpoint,
    readTables(template).map((table) => table.createTable as never),
  );

  // Step Functions: the service first (its port goes into the handlers' environment).
  const taskInvocations = new InFlight();
  const apiInvocations = new InFlight();
  // Filled in once the Step Functions endpoint listens: its URL goes into every container.
  let containers: LocalFunctions | undefined;
  const invoke = (fn: LocalFunction, event: unknown) => (containers as LocalFunctions).invoke(fn, event);
  let service: LocalStepFunctions | undefined;
  const runner = createEngineRunner({
    stateMachines: readStateMachines(template),
    functions,
    invoke: (fn, event) =>
      taskInvocations.track(
        invoke(fn, event).catch((error: unknown) => {
          // What Lambda writes to the function's log on an invoke error; Catch may hide it otherwise.
          log(`${fn.logicalId} (${fn.entry}) failed: ${(error as Error)?.stack ?? String(error)}`);
          throw error;
        }),
      ),
    startExecution: (stateMachineArn, input, name) =>
      (service as LocalStepFunctions).startExecution({ stateMachineArn, input, name }),
    ...options.stepFunctions,
  });
  service = new LocalStepFunctions({
    stateMachines: readStateMachines(template),
    runner,
    onSettled: (record) => {
      if (record.status !== 'SUCCEEDED')
        log(`Execution ${record.name} ${record.status}: ${describeError(record)}`);
    },
  });
  const sfnServer = createSfnServer(service);
  const sfnPort = await listen(sfnServer, 0);
  cleanups.push(() => closeServer(sfnServer));

  // Lambda Invoke (a function invoking another, as GetStore invokes ExportFormat): the containers
  // are made once the gateways' endpoints are known, so the server reaches them late, as the runner does.
  const functionInvocations = new InFlight();
  const lambdaServer = createLambdaServer({
    functions,
    invoke: (logicalId, event) =>
      functionInvocations.track((containers as LocalFunctions).invokeById(logicalId, event)),
    log,
  });
  const lambdaPort = await listen(lambdaServer, 0);
  cleanups.push(() => closeServer(lambdaServer));

  // What the functions reach: the emulators behind gateways that authorize each call by the caller's role.
  const emulators: LocalEndpoints = {
    dynamodb: dynamodb.endpoint,
    s3: s3.endpoint,
    sfn: `http://${LOCAL_HOST}:${sfnPort}`,
    lambda: `http://${LOCAL_HOST}:${lambdaPort}`,
  };
  const principals = ephemeral
    ? readPrincipals(template)
    : await rememberedCredentials(readPrincipals(template), dataDir);
  const gateways = await startGateways({ emulators, principals, ports: options.ports, log });
  cleanups.push(() => gateways.close());
  const { endpoints } = gateways;
  const credentialsByFunction = new Map(principals.map((p) => [p.functionLogicalId, p.credentials]));

  // The functions: containers started on their first invocation, each with its own environment.
  const tmpDir = await mkdtemp(join(tmpdir(), 'dfk-lambda-'));
  cleanups.push(() => rm(tmpDir, { recursive: true, force: true }));
  const functionLog = options.functionLog ?? log;
  containers = new LocalFunctions({
    functions,
    assemblyDir: assembly.directory,
    tmpDir,
    endpoints,
    credentialsOf: (fn) => {
      const credentials = credentialsByFunction.get(fn.logicalId);
      if (!credentials) throw new Error(`Function ${fn.logicalId} has no role to sign with`);
      return credentials;
    },
    settings: callerSettings(options.callerEnv ?? process.env),
    overrides: options.env,
    maxContainers: options.containers?.maxPerFunction,
    idleMs: options.containers?.idleMs,
    log: functionLog,
  });
  const localFunctions = containers;
  cleanups.push(() => localFunctions.stop());

  // The HTTP API, by the template's route keys.
  const byId = new Map(functions.map((fn) => [fn.logicalId, fn]));
  const routes = readRoutes(template).map((route) => {
    const fn = byId.get(route.functionId);
    if (!fn) throw new Error(`Route ${route.routeKey} invokes ${route.functionId}, which has no dfk:entry`);
    return compileRoute(route.routeKey, fn);
  });
  const apiServer = createApiServer({
    routes,
    invoke: (fn, event) => apiInvocations.track(invoke(fn, event)),
    log: (message, error) => log(error ? `${message}: ${(error as Error)?.stack ?? String(error)}` : message),
  });
  const apiPort = await listen(apiServer, options.port ?? 8080);
  const api = `http://${LOCAL_HOST}:${apiPort}`;
  cleanups.push(() => closeServer(apiServer));

  // The local account's key.
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: endpoints.dynamodb,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    }),
  );
  cleanups.push(() => documents.destroy());
  const keys = new DynamoDbKeyRepository(documents, tableName);
  const createApiKey = async (account: string, key = newApiKey()) => {
    const hash = hashKey(key);
    if (!(await keys.findByHash(hash)))
      await keys.create(hash, {
        keyId: keyIdOf(hash),
        account,
        createdAt: new Date().toISOString(),
        revoked: false,
      });
    return key;
  };
  let apiKey = options.apiKey ?? (ephemeral ? undefined : await rememberedKey(dataDir));
  if (apiKey && !options.apiKey && (await keys.findByHash(hashKey(apiKey)))?.revoked) apiKey = undefined;
  if (!apiKey) {
    apiKey = newApiKey();
    if (!ephemeral) await writeFile(join(dataDir, 'local-key'), `${apiKey}\n`, { mode: 0o600 });
  }
  await createApiKey(LOCAL_ACCOUNT_NAME, apiKey);
  if ((await keys.findByHash(hashKey(apiKey)))?.revoked) log('Warning: DFK_API_KEY names a revoked key');

  if (!ephemeral) {
    const lifecycleArn = readOutputs(template).StateMachineArn;
    const unfinished = lifecycleArn ? await unfinishedTaskIds(documents, tableName) : [];
    for (const taskId of unfinished) {
      await service.startExecution({
        stateMachineArn: lifecycleArn as string,
        input: JSON.stringify({ taskId }),
        name: taskId,
      });
    }
    if (unfinished.length > 0) log(`Resumed ${unfinished.length} task(s) interrupted by the last stop`);
    await writeRuntimeFile(dataDir, {
      pid: process.pid,
      endpoints: { ...endpoints, api },
      tableName,
      bucketName,
      startedAt: new Date().toISOString(),
    });
    cleanups.push(() => removeRuntimeFile(dataDir));
  }

  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const stateMachines = service;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // No new requests; those under way finish (the drain below waits for their handlers).
      const apiClosed = closeServer(apiServer);
      stateMachines.abortAll();
      const drained = await Promise.all([
        apiInvocations.drain(stopTimeoutMs),
        taskInvocations.drain(stopTimeoutMs),
        functionInvocations.drain(stopTimeoutMs),
      ]);
      if (drained.includes(false)) log(`Stopping with handlers still running after ${stopTimeoutMs} ms`);
      await apiClosed;
      await cleanUp();
    })();
    return stopping;
  };

  const find = (nameOrArn: string) =>
    stateMachines.list().find((record) => record.executionArn === nameOrArn || record.name === nameOrArn);
  const executions: LocalExecutions = {
    list: () => stateMachines.list().map((record) => structuredClone(record)),
    get: (nameOrArn) => {
      const record = find(nameOrArn);
      return record && structuredClone(record);
    },
    settled: async (timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      await stateMachines.settled(timeoutMs);
      // Aborted executions leave their step running, as in AWS; wait for it too.
      if (!(await taskInvocations.drain(Math.max(0, deadline - Date.now()))))
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

  log(
    `Local stack: DynamoDB ${endpoints.dynamodb}, S3 ${endpoints.s3}, Step Functions ${endpoints.sfn}, Lambda ${endpoints.lambda}` +
      (ephemeral ? ' (ephemeral)' : ` (data in ${dataDir}; ${runtimeFilePath(dataDir)})`),
  );

  return {
    baseUrl: `${api}/v1`,
    apiKey,
    endpoints: { ...endpoints, api },
    tableName,
    bucketName,
    functions: localFunctions,
    executions,
    createApiKey: (account) => createApiKey(account),
    stop,
  };
}
