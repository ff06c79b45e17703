/**
 * Before the integration files: the stack synthesized once with every function bundled, as `cdk
 * deploy` ships it. Each integration file's runtime then runs these assets, without bundling again.
 *
 * The synthesis runs in a process of its own (`helpers/synthesize-assembly.ts`) while the unit
 * files run; each integration file waits for it (`helpers/assembly-ready.ts`), through a status
 * file written when that process ends. Its output (CDK's bundling report) is shown only when it
 * fails, or with DFK_TEST_LOGS=1.
 */
import { spawn } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT } from '#infra/function';
import { ASSEMBLY_DIR } from '#local/runtime';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cloud assembly folder; its template is `DataflowTasks.template.json`. */
    assemblyDir: string;
    /** Written once the synthesis has ended: `AssemblyStatus` as JSON. */
    assemblyStatus: string;
  }
}

/** What the status file holds. */
export interface AssemblyStatus {
  ok: boolean;
  /** Why the synthesis failed, with its output. */
  error?: string;
}

const SCRIPT = fileURLToPath(new URL('helpers/synthesize-assembly.ts', import.meta.url));
// As `npm start` takes it: runs that share node_modules would otherwise rebundle each other's assets.
const assemblyDir = process.env.DFK_ASSEMBLY_DIR || ASSEMBLY_DIR;

export default function setup(project: TestProject): () => Promise<void> {
  const statusFile = join(tmpdir(), `dfk-assembly-${process.pid}-${Date.now()}.json`);
  const started = Date.now();
  const output: string[] = [];
  const child = spawn(process.execPath, [SCRIPT, assemblyDir], {
    cwd: REPO_ROOT,
    // As for the test files (vitest.config.ts): no built-in CloudFormation validation in this synthesis.
    env: { ...process.env, CDK_VALIDATION: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      if (process.env.DFK_TEST_LOGS) process.stderr.write(chunk);
    });

  let reported = false;
  const report = (status: AssemblyStatus) => {
    if (reported) return;
    reported = true;
    // Renamed into place, so a reader never sees half a file.
    writeFileSync(`${statusFile}.tmp`, JSON.stringify(status));
    renameSync(`${statusFile}.tmp`, statusFile);
    if (process.env.DFK_TEST_LOGS)
      process.stderr.write(`Synthesized and bundled the stack in ${Date.now() - started} ms\n`);
  };
  const ended = new Promise<void>((resolve) => {
    child.on('error', (error) => {
      report({ ok: false, error: `The synthesis could not start: ${error.message}` });
      resolve();
    });
    child.on('close', (code, signal) => {
      report(
        code === 0
          ? { ok: true }
          : {
              ok: false,
              error: `Synthesizing the stack failed (${signal ?? `exit code ${code}`}):\n${output.join('')}`,
            },
      );
      resolve();
    });
  });

  project.provide('assemblyDir', assemblyDir);
  project.provide('assemblyStatus', statusFile);

  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await ended;
    rmSync(statusFile, { force: true });
  };
}
