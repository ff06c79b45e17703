/**
 * The fixture template with its handlers bundled as assets, as a cloud assembly would hold them:
 * `asset.<name>/index.mjs` in a temporary folder, named by each function's `aws:asset:path`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions } from '#infra/esbuild-options';
import type { Assembly } from '#infra/synth';
import { fixtureTemplate } from './fixture-template.ts';

let bundled: Promise<Assembly> | undefined;

async function bundle(): Promise<Assembly> {
  const directory = mkdtempSync(join(tmpdir(), 'dfk-fixture-assembly-'));
  const template = fixtureTemplate();
  await Promise.all(
    Object.values(template.Resources ?? {}).map(async (resource) => {
      const entry = resource.Metadata?.['dfk:entry'];
      if (typeof entry !== 'string') return;
      const assetPath = `asset.${entry.replace(/\W/g, '_')}`;
      await build(esbuildOptions(entry, join(directory, assetPath, 'index.mjs')));
      resource.Metadata = { ...resource.Metadata, 'aws:asset:path': assetPath };
    }),
  );
  return { directory, template };
}

/** Bundled once per test file; each call gets its own copy of the template. */
export async function fixtureAssembly(): Promise<Assembly> {
  bundled ??= bundle();
  const { directory, template } = await bundled;
  return { directory, template: structuredClone(template) };
}
