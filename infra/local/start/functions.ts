import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFunctions } from '../containers/functions.ts';
import type { LocalEndpoints } from '../environment.ts';
import type { Credentials } from '../iam/principals.ts';
import type { LocalFunction } from '../template.ts';
import type { Cleanups } from './cleanups.ts';

/** The functions' containers, started on a function's first invocation, each with its own environment and /tmp. */
export async function startFunctions(
  options: {
    functions: LocalFunction[];
    assemblyDir: string;
    endpoints: LocalEndpoints;
    credentialsOf(fn: LocalFunction): Credentials;
    settings: Record<string, string>;
    overrides?: Record<string, string>;
    containers?: { maxPerFunction?: number; idleMs?: number };
    log(line: string): void;
  },
  cleanups: Cleanups,
): Promise<LocalFunctions> {
  const tmpDir = await mkdtemp(join(tmpdir(), 'dfk-lambda-'));
  cleanups.add(() => rm(tmpDir, { recursive: true, force: true }));
  const functions = new LocalFunctions({
    functions: options.functions,
    assemblyDir: options.assemblyDir,
    tmpDir,
    endpoints: options.endpoints,
    credentialsOf: options.credentialsOf,
    settings: options.settings,
    overrides: options.overrides,
    maxContainers: options.containers?.maxPerFunction,
    idleMs: options.containers?.idleMs,
    log: options.log,
  });
  cleanups.add(() => functions.stop());
  return functions;
}
