/**
 * Asset hashes for the functions' bundles that change only when a bundle's inputs change, so CDK's
 * asset staging finds an unchanged function's `asset.<hash>` in the output directory and skips
 * esbuild for it. Used by the local synthesis only: `cdk deploy` keeps CDK's default output hash.
 *
 * The inputs of a bundle are the files esbuild read for it (its metafile), remembered from the
 * last time it was bundled; the hash covers their contents, the bundling options, esbuild's
 * version and the lock file (which pins everything in node_modules).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync, version as esbuildVersion } from 'esbuild';

/** Context key naming the cache directory; absent in `cdk synth`/`cdk deploy`. */
export const BUNDLE_CACHE_CONTEXT = 'dfk:bundleCache';

/** The esbuild settings of a bundle that decide what it reads (the rest is hashed as given). */
export interface BundleSettings {
  format: 'esm' | 'cjs';
  mainFields: string[];
  target: string;
}

interface Inputs {
  entry: string;
  /** Files esbuild read, relative to the project root. */
  files: string[];
  hash: string;
  /** `asset.<hash>` CDK staged for this hash, once the synthesis has told us. */
  assetPath?: string;
}

/** Files outside the metafile that still change what esbuild produces. */
const PROJECT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json'];

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

const recordPath = (cacheDir: string, entry: string) =>
  join(cacheDir, 'inputs', `${entry.replace(/[^\w.-]/g, '_')}.json`);

function readRecord(cacheDir: string, entry: string): Inputs | undefined {
  try {
    return JSON.parse(readFileSync(recordPath(cacheDir, entry), 'utf8')) as Inputs;
  } catch {
    return undefined;
  }
}

function writeRecord(cacheDir: string, record: Inputs): void {
  mkdirSync(join(cacheDir, 'inputs'), { recursive: true });
  writeFileSync(recordPath(cacheDir, record.entry), `${JSON.stringify(record)}\n`);
}

function hashOf(root: string, entry: string, files: string[], options: unknown): string {
  const hash = createHash('sha256').update(JSON.stringify({ entry, esbuildVersion, options }));
  for (const file of [...PROJECT_FILES, ...files]) {
    const path = join(root, file);
    hash.update(`\0${file}\0${existsSync(path) ? sha256(readFileSync(path)) : 'missing'}`);
  }
  return hash.digest('hex');
}

/** What esbuild reads for the entry: a build without minifying or writing, for its metafile only. */
function inputsOf(root: string, entry: string, settings: BundleSettings): string[] {
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: settings.format,
    mainFields: settings.mainFields,
    target: settings.target,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).sort();
}

/**
 * The custom asset hash of a function's bundle. When the remembered inputs are unchanged and their
 * asset is still staged, it is the same hash as before (CDK skips bundling); otherwise the inputs
 * are read anew, so a new import is part of the next comparison.
 */
export function bundleHash(options: {
  root: string;
  cacheDir: string;
  outdir: string;
  entry: string;
  settings: BundleSettings;
  /** Everything else that changes the bundle (the NodejsFunction bundling options). */
  options: unknown;
}): string {
  const { root, cacheDir, entry } = options;
  const known = readRecord(cacheDir, entry);
  if (known?.assetPath && existsSync(join(options.outdir, known.assetPath))) {
    const hash = hashOf(root, entry, known.files, options.options);
    if (hash === known.hash) return hash;
  }
  const files = inputsOf(root, entry, options.settings);
  const hash = hashOf(root, entry, files, options.options);
  writeRecord(cacheDir, { entry, files, hash });
  return hash;
}

/** After a synthesis: which staged asset each entry's hash produced (read on the next start). */
export function rememberAssets(cacheDir: string, assets: { entry: string; assetPath: string }[]): void {
  for (const { entry, assetPath } of assets) {
    const record = readRecord(cacheDir, entry);
    if (record && record.assetPath !== assetPath) writeRecord(cacheDir, { ...record, assetPath });
  }
}
