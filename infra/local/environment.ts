/**
 * The environment the handlers run with locally. They share this process, so it is one
 * environment: the union of the functions' variables from the template, pointed at the emulators
 * through the SDK's standard variables. Handler code has no `if (local)`.
 */
import { LOCAL_CREDENTIALS } from './emulators.ts';
import { LOCAL_REGION, type LocalFunction } from './template.ts';

export interface LocalEndpoints {
  dynamodb: string;
  s3: string;
  sfn: string;
}

/** The runtime's own settings: not for the handlers, and a key is not spread around. */
const NOT_PASSED = new Set(['DFK_API_KEY', 'DFK_DATA_DIR']);

/** Options of each function's own Node process: here every handler shares this one, already started. */
const PER_PROCESS = new Set(['NODE_OPTIONS']);

export interface HandlerEnvironment {
  env: Record<string, string>;
  /** Variables two functions set to different values (the first one wins). */
  conflicts: string[];
}

/**
 * template variables < local defaults < the caller's DFK_* variables < the emulators' endpoints
 * and credentials < explicit overrides (tests shorten DFK_BATCH_SECONDS this way).
 */
export function handlerEnvironment(options: {
  functions: LocalFunction[];
  endpoints: LocalEndpoints;
  callerEnv?: Record<string, string | undefined>;
  overrides?: Record<string, string>;
}): HandlerEnvironment {
  const union: Record<string, string> = {};
  const conflicts = new Set<string>();
  for (const fn of options.functions) {
    for (const [name, value] of Object.entries(fn.environment)) {
      if (name in union && union[name] !== value) {
        if (!PER_PROCESS.has(name)) conflicts.add(name);
      } else union[name] = value;
    }
  }
  const caller = Object.fromEntries(
    Object.entries(options.callerEnv ?? {}).filter(
      (entry): entry is [string, string] =>
        entry[0].startsWith('DFK_') && !NOT_PASSED.has(entry[0]) && entry[1] !== undefined,
    ),
  );
  const env = {
    ...union,
    // Fetching loopback and private addresses is what local crawls of local sites need.
    DFK_ALLOW_PRIVATE_NETWORKS: 'true',
    ...caller,
    AWS_ENDPOINT_URL_DYNAMODB: options.endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: options.endpoints.s3,
    AWS_ENDPOINT_URL_SFN: options.endpoints.sfn,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    ...options.overrides,
  };
  return { env, conflicts: [...conflicts] };
}

/** A session token of real credentials would travel with the dummy key: dropped while running. */
const UNSET = ['AWS_SESSION_TOKEN'];

/** Sets the variables on `process.env`; the returned function puts the previous values back. */
export function applyEnvironment(env: Record<string, string>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const name of [...Object.keys(env), ...UNSET]) previous.set(name, process.env[name]);
  for (const name of UNSET) delete process.env[name];
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
