// The local synthesis's bundle cache (infra/bundle-cache.ts) on a small project of its own: a
// function is bundled again exactly when a file it imports, its options or its staged asset changed.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BundleSettings, bundleHash, rememberAssets } from '#infra/bundle-cache';

const SETTINGS: BundleSettings = { format: 'esm', mainFields: ['module', 'main'], target: 'node24' };
const OPTIONS = { minify: true };

let root: string;
let outdir: string;
let cacheDir: string;

/** Writes a file of the project, dated a minute ago unless `now` (as an edit during a synthesis). */
function write(file: string, text: string, now = false): void {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  if (!now) {
    const past = new Date(Date.now() - 60_000);
    utimesSync(path, past, past);
  }
}

const hashOf = (entry: string, options: unknown = OPTIONS) =>
  bundleHash({ root, cacheDir, outdir, entry, settings: SETTINGS, options });

/** A synthesis: a hash per entry, the asset CDK stages for each (a folder named by it), then rememberAssets. */
function synthesize(...entries: string[]): Record<string, string> {
  const hashes = Object.fromEntries(entries.map((entry) => [entry, hashOf(entry)]));
  const assets = entries.map((entry) => ({ entry, assetPath: `asset.${hashes[entry]}` }));
  for (const { assetPath } of assets) mkdirSync(join(outdir, assetPath), { recursive: true });
  rememberAssets(cacheDir, assets);
  return hashes;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dfk-bundle-cache-'));
  outdir = join(root, 'cdk.out');
  cacheDir = join(outdir, '.bundle-cache');
  write('package.json', '{"type": "module"}\n');
  write('shared.ts', 'export const shared = 1;\n');
  write('only-b.ts', 'export const onlyB = 2;\n');
  write('unused.ts', 'export const unused = 3;\n');
  write('fn/a.ts', "import { shared } from '../shared.ts';\nexport const handler = () => shared;\n");
  write(
    'fn/b.ts',
    "import { shared } from '../shared.ts';\nimport { onlyB } from '../only-b.ts';\nexport const handler = () => shared + onlyB;\n",
  );
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('bundleHash', () => {
  it('gives a function it knows nothing of a new hash each time, until a synthesis has staged it', () => {
    const first = hashOf('fn/a.ts');
    const second = hashOf('fn/a.ts');

    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
  });

  it('gives the same hash again once the synthesis staged it and nothing it reads changed', () => {
    const { 'fn/a.ts': staged } = synthesize('fn/a.ts');

    expect(hashOf('fn/a.ts')).toBe(staged);
    expect(hashOf('fn/a.ts')).toBe(staged);
  });

  it('changes when a file the function imports changes, not when another file does', () => {
    const hashes = synthesize('fn/a.ts', 'fn/b.ts');
    write('unused.ts', 'export const unused = 4;\n');
    write('only-b.ts', 'export const onlyB = 5;\n');

    expect(hashOf('fn/a.ts')).toBe(hashes['fn/a.ts']);
    expect(hashOf('fn/b.ts')).not.toBe(hashes['fn/b.ts']);
  });

  it('changes when the function imports a file more, read anew at the next synthesis', () => {
    synthesize('fn/a.ts');
    write(
      'fn/a.ts',
      "import { shared } from '../shared.ts';\nimport { unused } from '../unused.ts';\nexport const handler = () => shared + unused;\n",
    );
    const { 'fn/a.ts': widened } = synthesize('fn/a.ts');
    write('unused.ts', 'export const unused = 6;\n');

    expect(hashOf('fn/a.ts')).not.toBe(widened);
  });

  it('changes with the bundling options, the lock file, or the staged asset gone', () => {
    const { 'fn/a.ts': staged } = synthesize('fn/a.ts');
    expect(hashOf('fn/a.ts', { minify: false })).not.toBe(staged);

    const { 'fn/a.ts': again } = synthesize('fn/a.ts');
    write('package-lock.json', '{}\n');
    expect(hashOf('fn/a.ts')).not.toBe(again);

    const { 'fn/a.ts': third } = synthesize('fn/a.ts');
    rmSync(join(outdir, `asset.${third}`), { recursive: true });
    expect(hashOf('fn/a.ts')).not.toBe(third);
  });
});

describe('rememberAssets', () => {
  it('does not remember a bundle whose input changed while it was made: bundled again next time', () => {
    const hash = hashOf('fn/a.ts');
    mkdirSync(join(outdir, `asset.${hash}`), { recursive: true });
    write('shared.ts', 'export const shared = 7;\n', true); // after the hash was handed out
    rememberAssets(cacheDir, [{ entry: 'fn/a.ts', assetPath: `asset.${hash}` }]);

    expect(hashOf('fn/a.ts')).not.toBe(hash);
  });

  it('leaves the functions of a source that no longer builds unknown, without failing the synthesis', () => {
    const hash = hashOf('fn/a.ts');
    mkdirSync(join(outdir, `asset.${hash}`), { recursive: true });
    write('fn/a.ts', "import { gone } from '../gone.ts';\nexport const handler = () => gone;\n");

    expect(() => rememberAssets(cacheDir, [{ entry: 'fn/a.ts', assetPath: `asset.${hash}` }])).not.toThrow();
    expect(hashOf('fn/a.ts')).not.toBe(hash);
  });

  it('skips an asset of a function it has no record of (a synthesis without the cache)', () => {
    expect(() => rememberAssets(cacheDir, [{ entry: 'fn/a.ts', assetPath: 'asset.other' }])).not.toThrow();
    expect(hashOf('fn/a.ts')).not.toBe('other');
  });
});
