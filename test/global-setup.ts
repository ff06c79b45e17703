/**
 * Before any test file: the stack synthesized once with every function bundled, as `cdk deploy`
 * ships it. Each integration test file's runtime then runs these assets, without bundling again.
 */
import type { TestProject } from 'vitest/node';
import { synthesizeAssembly } from '#infra/synth';
import { ASSEMBLY_DIR } from '#local/runtime';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cloud assembly folder; its template is `DataflowTasks.template.json`. */
    assemblyDir: string;
  }
}

export default function setup(project: TestProject): void {
  const started = Date.now();
  const assembly = synthesizeAssembly({ outdir: ASSEMBLY_DIR });
  process.stderr.write(`Synthesized and bundled the stack in ${Date.now() - started} ms\n`);
  project.provide('assemblyDir', assembly.directory);
}
