/**
 * Every function of the stack as local containers: each invocation runs the function's bundled
 * asset in a container of its own pool, with that function's environment and credentials.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { functionEnvironment, type LocalEndpoints, type SandboxOptions } from '../environment.ts';
import type { Credentials } from '../iam/principals.ts';
import type { LocalFunction } from '../template.ts';
import type { ContainerSpec } from './container.ts';
import { FunctionPool } from './pool.ts';

export interface LocalFunctionsOptions {
  functions: LocalFunction[];
  /** The cloud assembly the functions' `assetPath`s are relative to. */
  assemblyDir: string;
  /** Each container's /tmp is a folder in here. */
  tmpDir: string;
  endpoints: LocalEndpoints;
  credentialsOf(fn: LocalFunction): Credentials;
  /** The caller's DFK_* settings. */
  settings?: Record<string, string>;
  /** Variables over everything else. */
  overrides?: Record<string, string>;
  /** Containers per function at most (default 25). */
  maxContainers?: number;
  /** A container idle this long is stopped (default 5 minutes). */
  idleMs?: number;
  log(message: string): void;
}

export interface ColdStart {
  function: string;
  /** Spawn to ready, in ms. */
  initMs: number;
  /** The handler module's import, in ms. */
  moduleInitMs: number;
}

/** What a function's containers run with: its asset, handler, memory, timeout and whole environment. */
export function containerSpecOf(
  fn: LocalFunction & { assetPath: string },
  options: SandboxOptions & { assemblyDir: string },
): ContainerSpec {
  const taskRoot = resolve(options.assemblyDir, fn.assetPath);
  return {
    name: fn.name,
    arn: fn.arn,
    taskRoot,
    handler: fn.handler,
    memorySize: fn.memorySize,
    timeoutSeconds: fn.timeoutSeconds,
    environment: functionEnvironment({ ...options, fn, taskRoot }),
  };
}

export class LocalFunctions {
  private readonly pools = new Map<string, FunctionPool>();
  /** Every cold start so far, oldest first. */
  readonly coldStarts: ColdStart[] = [];

  constructor(options: LocalFunctionsOptions) {
    for (const fn of options.functions) {
      const { assetPath } = fn;
      if (!assetPath) throw new Error(`Function ${fn.logicalId} has no bundled asset (aws:asset:path)`);
      const tmpDir = join(options.tmpDir, fn.logicalId);
      mkdirSync(tmpDir, { recursive: true });
      const prefix = `[${fn.logicalId}]`;
      const spec = containerSpecOf(
        { ...fn, assetPath },
        {
          assemblyDir: options.assemblyDir,
          tmpDir,
          endpoints: options.endpoints,
          credentials: options.credentialsOf(fn),
          settings: options.settings,
          overrides: options.overrides,
        },
      );
      this.pools.set(
        fn.logicalId,
        new FunctionPool(spec, {
          maxContainers: options.maxContainers ?? 25,
          idleMs: options.idleMs ?? 5 * 60_000,
          log: (line) => options.log(`${prefix} ${line}`),
          onColdStart: (container) => {
            this.coldStarts.push({
              function: fn.logicalId,
              initMs: container.initMs,
              moduleInitMs: container.moduleInitMs,
            });
            options.log(
              `${prefix} cold start: ready in ${container.initMs.toFixed(0)} ms (module init ${container.moduleInitMs.toFixed(0)} ms)`,
            );
          },
        }),
      );
    }
  }

  /** Invokes the function with the event: its result, or a `FunctionError` as Lambda reports it. */
  invoke(fn: LocalFunction, event: unknown): Promise<unknown> {
    return this.invokeById(fn.logicalId, event);
  }

  invokeById(logicalId: string, event: unknown): Promise<unknown> {
    const pool = this.pools.get(logicalId);
    if (!pool) return Promise.reject(new Error(`No local function ${logicalId}`));
    return pool.invoke(event);
  }

  /** Containers running now, per function. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.pools].map(([id, pool]) => [id, pool.size]));
  }

  /** Stops every container. */
  async stop(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.stop()));
  }
}
