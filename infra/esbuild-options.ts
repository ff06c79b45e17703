// The esbuild options `NodejsFunction` derives from `BUNDLING` for a nodejs24.x function, for the
// places that bundle as the stack does without CDK (benchmarks, test fixtures).
import type { BuildOptions } from 'esbuild';
import { BUNDLING, REPO_ROOT } from './function.ts';

export function esbuildOptions(entry: string, outfile?: string): BuildOptions {
  const esm = BUNDLING.format === 'esm';
  return {
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    outfile: outfile ?? (esm ? 'index.mjs' : 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: esm ? 'esm' : 'cjs',
    minify: BUNDLING.minify ?? false,
    sourcemap: BUNDLING.sourceMap ?? false,
    sourcesContent: BUNDLING.sourcesContent ?? true,
    mainFields: BUNDLING.mainFields,
    ...(BUNDLING.banner === undefined ? {} : { banner: { js: BUNDLING.banner } }),
    external: BUNDLING.externalModules ?? [],
    define: BUNDLING.define ?? {},
    logLevel: 'silent',
  };
}
