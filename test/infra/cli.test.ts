import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_CACHE_CONTEXT } from '#infra/bundle-cache';
import { REPO_ROOT } from '#infra/function';
import { bundleCacheOf } from '#infra/synth';
import { testAssembly } from '#test/helpers/runtime';

/**
 * Imports left out of a bundle on purpose: puppeteer's browser downloader imports `proxy-agent` lazily,
 * to fetch a browser through a proxy, which the browser step never does (its Chromium is in its asset).
 */
const LAZY_UNUSED_IMPORTS: Record<string, string[]> = {
  'functions/workflow/extract-chrome-batch.ts': ['proxy-agent'],
};

const run = promisify(execFile);

/** The modules a bundle imports (statically or by a literal dynamic import), as written in it. */
async function importsOf(file: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.values(metafile.inputs).flatMap((input) =>
    input.imports.filter((i) => i.external).map((i) => i.path),
  );
}

type Resource = {
  Type: string;
  Metadata?: Record<string, string>;
  Properties?: { Environment?: { Variables?: Record<string, unknown> } };
};

// The real thing: the CDK CLI runs infra/app.ts through cdk.json (cdk-nag included), and every
// function in its assembly is a NodejsFunction bundle. Bundling each function twice per run (here and
// in the global setup) would cost most of a minute, so the output folder starts with the bundles the
// global setup's synthesis staged and a copy of its bundle cache: CDK finds each unchanged
// function's asset there and skips esbuild, and bundles again any function whose code has changed
// since. The bundles are those of the test assembly: the same stack, the same NodejsFunction
// bundling options.
describe('npm run synth', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'dfk-synth-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('synthesizes the stack, bundling each function with the SDK inside', { timeout: 240_000 }, async () => {
    const staged = testAssembly().directory;
    for (const name of readdirSync(staged))
      if (name.startsWith('asset.')) cpSync(join(staged, name), join(outdir, name), { recursive: true });
    const cacheDir = join(outdir, '.bundle-cache');
    cpSync(bundleCacheOf(staged), cacheDir, { recursive: true });

    await run(
      'npm',
      [
        'run',
        'synth',
        '--',
        '--quiet',
        '--no-notices',
        '--output',
        outdir,
        '--context',
        `${BUNDLE_CACHE_CONTEXT}=${cacheDir}`,
      ],
      {
        cwd: REPO_ROOT,
        // No network: no notices, no telemetry. CDK's CloudFormation validation on, as in `cdk deploy`.
        env: {
          ...process.env,
          CDK_VALIDATION: 'true',
          DFK_STACK_NAME: 'DataflowTasks',
          CDK_DISABLE_CLI_TELEMETRY: 'true',
        },
        maxBuffer: 64 * 1024 * 1024,
      },
    );

    const template = JSON.parse(readFileSync(join(outdir, 'DataflowTasks.template.json'), 'utf8')) as {
      Resources: Record<string, Resource>;
    };
    const functions = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      const asset = join(outdir, String(fn.Metadata?.['aws:asset:path']));
      const entry = fn.Metadata?.['dfk:entry'];
      const code = readFileSync(join(asset, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire } from 'module';"), entry).toBe(true);
      expect(existsSync(join(asset, 'index.mjs.map')), entry).toBe(true);
      // Bundled: nothing but Node's own modules is left for the runtime to provide, the SDK included.
      // esbuild reads the bundle's own imports (a regex would trip on import-like text in strings).
      const external = (await importsOf(join(asset, 'index.mjs'))).filter(
        (name) => !builtinModules.includes(name.replace(/^node:/, '')),
      );
      expect(external, entry).toEqual(LAZY_UNUSED_IMPORTS[entry as string] ?? []);
      if (fn.Properties?.Environment?.Variables?.TABLE_NAME !== undefined) {
        expect(code, `${entry} bundles the DynamoDB client`).toContain('DynamoDB_20120810');
      }
    }
  });
});
