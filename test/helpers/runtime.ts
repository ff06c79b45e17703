/**
 * The local runtime for integration tests: the bundled stack, its functions in containers, on random
 * ports with ephemeral storage, and a small typed client for its API.
 *
 *   const stack = useTestRuntime({ env: { DFK_BATCH_SECONDS: '2' } });
 *   it('creates', async () => {
 *     const { status, body } = await stack.api<TaskView>('POST', '/tasks/create', { type: 'extraction', scheme });
 *     await stack.runtime.executions.settled();
 *   });
 *
 * Each function runs from its bundled asset in processes of its own (see infra/local/README.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import type { Assembly } from '#infra/synth';
import type { CfnTemplate } from '#infra/template';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '#local/runtime';
import { assertDocumentedResponse } from './response-check.ts';

export interface ApiRequestOptions {
  /** The key to send; `null` sends none. Default: the runtime's key of the `local` account. */
  apiKey?: string | null;
  /** Where the key goes: the `api_key` query parameter (the contract's way) or `X-Api-Key`. */
  auth?: 'query' | 'header';
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** A body sent as it is, instead of `body` as JSON (bytes, or text with its own content type). */
  rawBody?: string | Uint8Array;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  /** The parsed JSON body (or the text when it is not JSON; undefined when empty). */
  body: T;
  text: string;
}

/**
 * Calls the API. `path` is relative to the base URL (`/tasks/create`), or absolute from the
 * origin when it starts with `/v1` (as `Link` headers give it), or a full URL. An answer of the
 * API that its description does not allow (status or body) throws, failing the calling test.
 */
export type ApiClient = <T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  options?: ApiRequestOptions,
) => Promise<ApiResponse<T>>;

export interface TestRuntime extends LocalRuntime {
  api: ApiClient;
  /** What the runtime and the functions logged (the last 5,000 lines), also when the test passed its own `log`. */
  logs: string[];
}

export function apiClient(runtime: Pick<LocalRuntime, 'baseUrl' | 'apiKey' | 'endpoints'>): ApiClient {
  return async <T>(method: string, path: string, body?: unknown, options: ApiRequestOptions = {}) => {
    const url = new URL(
      path.startsWith('http')
        ? path
        : path.startsWith('/v1')
          ? `${runtime.endpoints.api}${path}`
          : `${runtime.baseUrl}${path}`,
    );
    for (const [name, value] of Object.entries(options.query ?? {})) url.searchParams.set(name, value);
    const headers: Record<string, string> = { ...options.headers };
    const key = options.apiKey === undefined ? runtime.apiKey : options.apiKey;
    if (key !== null) {
      if (options.auth === 'header') headers['x-api-key'] = key;
      else url.searchParams.set('api_key', key);
    }
    let payload: string | Uint8Array | undefined = options.rawBody;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (url.origin === new URL(runtime.endpoints.api).origin)
      assertDocumentedResponse(method, url.pathname, response.status, parsed);
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
}

/** Quiet logs and short pauses unless the test says otherwise; `env` adds to the defaults. */
const DEFAULTS = {
  port: 0,
  ephemeral: true,
  env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
  stepFunctions: { waitMs: 50, retryIntervalMs: 50 },
  stopTimeoutMs: 5_000,
} satisfies LocalRuntimeOptions;

/** The assembly the global setup synthesized and bundled (`test/global-setup.ts`), template parsed anew. */
export function testAssembly(): Assembly {
  const directory = inject('assemblyDir');
  const template = JSON.parse(
    readFileSync(join(directory, 'DataflowTasks.template.json'), 'utf8'),
  ) as CfnTemplate;
  return { directory, template };
}

/** Starts the runtime on the tests' assembly unless `overrides.assembly` is given. */
export async function startTestRuntime(overrides: LocalRuntimeOptions = {}): Promise<TestRuntime> {
  // Quiet unless asked (DFK_TEST_LOGS=1): a failed test prints what was logged meanwhile (useTestRuntime).
  const logs: string[] = [];
  const keep = (line: string) => {
    if (process.env.DFK_TEST_LOGS) process.stderr.write(`${line}\n`);
    logs.push(line);
    if (logs.length > 5_000) logs.splice(0, logs.length - 5_000);
  };
  const runtime = await startLocalRuntime({
    assembly: overrides.assembly ?? testAssembly(),
    ...DEFAULTS,
    ...overrides,
    // The test's own `log` gets every line too; a failed test still shows them (useTestRuntime).
    log: (line) => {
      keep(line);
      overrides.log?.(line);
    },
    env: { ...DEFAULTS.env, ...overrides.env },
    stepFunctions: { ...DEFAULTS.stepFunctions, ...overrides.stepFunctions },
  });
  return Object.assign(runtime, { api: apiClient(runtime), logs });
}

/**
 * Starts the runtime before the file's tests and stops it after them. The returned object's
 * `runtime` and `api` are there once `beforeAll` has run.
 */
export function useTestRuntime(overrides: LocalRuntimeOptions = {}) {
  const handle = {} as { runtime: TestRuntime; api: ApiClient };
  beforeAll(async () => {
    handle.runtime = await startTestRuntime(overrides);
    handle.api = handle.runtime.api;
  });
  let seen = 0;
  beforeEach(() => {
    seen = handle.runtime?.logs.length ?? 0;
  });
  afterEach((context) => {
    if (context.task.result?.state !== 'fail' || process.env.DFK_TEST_LOGS) return;
    const lines = handle.runtime?.logs.slice(seen) ?? [];
    if (lines.length > 0)
      process.stderr.write(`Logged during "${context.task.name}":\n${lines.join('\n')}\n`);
  });
  afterAll(async () => {
    await handle.runtime?.stop();
  });
  return handle;
}
