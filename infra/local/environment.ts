/**
 * The environment of one function's container: its own variables from the template, what the
 * Lambda runtime sets, the emulators' endpoints through the SDK's standard variables, and the
 * function's own credentials. Nothing of the runtime's process is inherited, so a function that
 * lacks a variable fails here as in AWS. Handler code has no `if (local)`.
 */
import type { Credentials } from './iam/principals.ts';
import { LOCAL_REGION, type LocalFunction } from './template.ts';

export interface LocalEndpoints {
  dynamodb: string;
  s3: string;
  sfn: string;
  /** The Invoke endpoint (`lambda-invoke.ts`), for functions that invoke another synchronously. */
  lambda: string;
  secretsmanager: string;
}

/** The runtime's own settings: not for the functions, and a key is not spread around. */
const NOT_PASSED = new Set(['DFK_API_KEY', 'DFK_DATA_DIR', 'DFK_ASSEMBLY_DIR']);

/** The caller's `DFK_*` settings (`DFK_BATCH_SECONDS=5 npm start`): local knobs, given to every function. */
export function callerSettings(callerEnv: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(callerEnv).filter(
      (entry): entry is [string, string] =>
        entry[0].startsWith('DFK_') && !NOT_PASSED.has(entry[0]) && entry[1] !== undefined,
    ),
  );
}

/** Where a function's container runs, what it reaches and signs with, and the settings it gets. */
export interface SandboxOptions {
  /** The container's /tmp. */
  tmpDir: string;
  endpoints: LocalEndpoints;
  credentials: Credentials;
  /** The caller's DFK_* settings. */
  settings?: Record<string, string>;
  /** Variables over everything else. */
  overrides?: Record<string, string>;
}

/**
 * template variables < local defaults < the caller's DFK_* settings < what Lambda sets, the
 * endpoints and the credentials < explicit overrides (tests shorten DFK_BATCH_SECONDS this way).
 */
export function functionEnvironment(
  options: SandboxOptions & { fn: LocalFunction; taskRoot: string },
): Record<string, string> {
  const { fn } = options;
  return {
    ...fn.environment,
    // Fetching loopback and private addresses is what local crawls of local sites need.
    DFK_ALLOW_PRIVATE_NETWORKS: 'true',
    ...options.settings,
    // What the Lambda runtime sets in every sandbox.
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${fn.logicalId}`,
    LAMBDA_TASK_ROOT: options.taskRoot,
    _HANDLER: fn.handler,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: '/usr/local/bin:/usr/bin:/bin',
    // Lambda's /tmp: a folder of this function's own.
    TMPDIR: options.tmpDir,
    AWS_ENDPOINT_URL_DYNAMODB: options.endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: options.endpoints.s3,
    AWS_ENDPOINT_URL_SFN: options.endpoints.sfn,
    AWS_ENDPOINT_URL_LAMBDA: options.endpoints.lambda,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: options.endpoints.secretsmanager,
    AWS_ACCESS_KEY_ID: options.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: options.credentials.secretAccessKey,
    ...options.overrides,
  };
}
