import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#infra/function';

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

// The real thing: the CDK CLI runs infra/app.ts (cdk-nag included) and esbuild bundles every function.
describe('npm run synth', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'dfk-synth-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('synthesizes the stack, bundling each function with the SDK inside', { timeout: 240_000 }, async () => {
    await run('npm', ['run', 'synth', '--', '--quiet', '--no-notices', '--output', outdir], {
      cwd: REPO_ROOT,
      // No network: no notices, no telemetry.
      env: { ...process.env, DFK_STACK_NAME: 'DataflowTasks', CDK_DISABLE_CLI_TELEMETRY: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    });

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
      expect(external, entry).toEqual([]);
      if (fn.Properties?.Environment?.Variables?.TABLE_NAME !== undefined) {
        expect(code, `${entry} bundles the DynamoDB client`).toContain('DynamoDB_20120810');
      }
    }
  });
});
