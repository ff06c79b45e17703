/**
 * The local runtime: the stack as `cdk deploy` ships it, on emulators. The stack is synthesized
 * with every function bundled (`infra/synth.ts`); each function runs from its asset in containers
 * of its own (`containers/`). DynamoDB (dynalite), S3 (s3rver), Step Functions
 * (aws-local-stepfunctions behind a JSON 1.0 endpoint) and the HTTP API run in this process.
 * `main.ts` is the CLI; the integration tests start it with random ports and ephemeral storage.
 * Each step of a start is a file of `start/`.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbKeyRepository } from '#adapters/aws/dynamodb-key-repository';
import { issueApiKey } from '#infra/issue-key';
import { type Assembly, synthesizeAssembly } from '#infra/synth';
import type { CfnTemplate } from '#infra/template';
import type { LocalFunctions } from './containers/functions.ts';
import { adminDynamoDb, closeServer } from './emulators.ts';
import { callerSettings, type LocalEndpoints } from './environment.ts';
import type { InFlight } from './in-flight.ts';
import { removeRuntimeFile, runtimeFilePath, writeRuntimeFile } from './runtime-file.ts';
import { Cleanups } from './start/cleanups.ts';
import { executionsOf, type LocalExecutions } from './start/executions.ts';
import { startFunctions } from './start/functions.ts';
import { startFunctionGateways } from './start/gateways.ts';
import { type HttpApi, startHttpApi } from './start/http-api.ts';
import { startLambdaEndpoint } from './start/lambda.ts';
import { LOCAL_ACCOUNT_NAME, localApiKey } from './start/local-key.ts';
import { type StateMachines, startStateMachines } from './start/state-machines.ts';
import { startStorage } from './start/storage.ts';
import { readBuckets, readFunctions, readOutputs, readTables } from './template.ts';

export type { LocalExecutions };
export { LOCAL_ACCOUNT_NAME };

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where the bundled cloud assembly is kept between starts (npm ci clears it with node_modules). */
export const ASSEMBLY_DIR = join(REPO_ROOT, 'node_modules/.cache/dataflow-tasks/cdk.out');

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

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const cleanups = new Cleanups();
  try {
    return await start(options, cleanups);
  } catch (error) {
    await cleanups.run().catch(() => {});
    throw error;
  }
}

async function start(options: LocalRuntimeOptions, cleanups: Cleanups): Promise<LocalRuntime> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const ephemeral = options.ephemeral ?? false;
  const dataDir = resolve(options.dataDir ?? '.dfk');
  const assembly = options.assembly ?? synthesizeAssembly({ outdir: options.assemblyDir ?? ASSEMBLY_DIR });
  const template = assembly.template;
  const functions = readFunctions(template);
  const { tableName, bucketName } = mainResources(template);

  const storage = await startStorage(template, { dataDir, ephemeral }, cleanups);

  // The Step Functions and Lambda endpoints go into the containers' environment, so they listen
  // before the containers exist and reach them once they do.
  let containers: LocalFunctions | undefined;
  const started = () => {
    if (!containers) throw new Error('The functions have not started yet');
    return containers;
  };
  const stateMachines = await startStateMachines(
    {
      template,
      functions,
      invoke: (fn, event) => started().invoke(fn, event),
      timing: options.stepFunctions,
      ...(ephemeral ? {} : { executionsDir: join(dataDir, 'stepfunctions') }),
      log,
    },
    cleanups,
  );
  const lambda = await startLambdaEndpoint(
    { functions, invokeById: (logicalId, event) => started().invokeById(logicalId, event), log },
    cleanups,
  );
  const gateways = await startFunctionGateways(
    {
      template,
      emulators: {
        dynamodb: storage.dynamodb.endpoint,
        s3: storage.s3.endpoint,
        sfn: stateMachines.endpoint,
        lambda: lambda.endpoint,
        secretsmanager: storage.secretsmanager.endpoint,
      },
      dataDir,
      ephemeral,
      ports: options.ports,
      log,
    },
    cleanups,
  );
  const { endpoints } = gateways;
  containers = await startFunctions(
    {
      functions,
      assemblyDir: assembly.directory,
      endpoints,
      credentialsOf: gateways.credentialsOf,
      settings: callerSettings(options.callerEnv ?? process.env),
      overrides: options.env,
      containers: options.containers,
      log: options.functionLog ?? log,
    },
    cleanups,
  );
  const localFunctions = containers;
  const httpApi = await startHttpApi(
    {
      template,
      functions,
      invoke: (fn, event) => localFunctions.invoke(fn, event),
      port: options.port ?? 8080,
      log,
    },
    cleanups,
  );
  const api = httpApi.origin;

  // The runtime's own client, through the gateway as `npm run keys` goes.
  const documents = DynamoDBDocumentClient.from(adminDynamoDb(endpoints.dynamodb));
  cleanups.add(() => documents.destroy());
  const keys = new DynamoDbKeyRepository(documents, tableName);
  const apiKey = await localApiKey(keys, { apiKey: options.apiKey, dataDir, ephemeral, log });

  // Once the functions run: the executions the last stop interrupted carry on where they were.
  const resumed = stateMachines.service.resume();
  if (resumed > 0) log(`Resumed ${resumed} execution(s) interrupted by the last stop`);

  if (!ephemeral) {
    await writeRuntimeFile(dataDir, {
      pid: process.pid,
      endpoints: { ...endpoints, api },
      tableName,
      bucketName,
      startedAt: new Date().toISOString(),
    });
    cleanups.add(() => removeRuntimeFile(dataDir));
  }

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
    executions: executionsOf(stateMachines.service, stateMachines.steps),
    createApiKey: async (account) => (await issueApiKey(keys, account)).key,
    stop: stopper({
      httpApi,
      stateMachines,
      invocations: [httpApi.invocations, stateMachines.steps, lambda.invocations],
      timeoutMs: options.stopTimeoutMs ?? 10_000,
      cleanups,
      log,
    }),
  };
}

/** `stop()`: no new requests, executions aborted, the handlers under way awaited, then everything closed. */
function stopper(options: {
  httpApi: HttpApi;
  stateMachines: StateMachines;
  invocations: InFlight[];
  timeoutMs: number;
  cleanups: Cleanups;
  log(message: string): void;
}): () => Promise<void> {
  const { timeoutMs } = options;
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      const apiClosed = closeServer(options.httpApi.server);
      options.stateMachines.service.abortAll();
      const drained = await Promise.all(options.invocations.map((inFlight) => inFlight.drain(timeoutMs)));
      if (drained.includes(false)) options.log(`Stopping with handlers still running after ${timeoutMs} ms`);
      await apiClosed;
      await options.cleanups.run();
    })();
    return stopping;
  };
}
