/**
 * Asset hashes for the functions' bundles that change only when a bundle's inputs change, so CDK's
 * asset staging finds an unchanged function's `asset.<hash>` in the output directory and skips
 * esbuild for it. Used by the local synthesis only: `cdk deploy` keeps CDK's default output hash.
 *
 * The inputs of a bundle are the files esbuild read for it (its metafile), remembered from the
 * last time it was bundled; the hash covers their contents, the bundling options, esbuild's
 * version and the lock file (which pins everything in node_modules).
 *
 * A bundle whose inputs are unknown (a first synthesis) or changed gets a new hash, so CDK bundles
 * it; its inputs are read once the synthesis has ended (`rememberAssets`), for every such bundle
 * in one esbuild pass, rather than one pass per function before CDK bundles each.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync, version as esbuildVersion, type Metafile } from 'esbuild';

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
  /** The asset hash handed to CDK for this bundle. */
  hash: string;
  /** Files esbuild read, relative to the project root, once known. */
  files?: string[];
  /** The hash of those files' contents and the bundling options, once known. */
  inputsHash?: string;
  /** `asset.<hash>` CDK staged for this hash, once the synthesis has told us. */
  assetPath?: string;
  /** While the inputs are unknown: what reading them takes, and when the bundle's hash was handed out. */
  pending?: { root: string; settings: BundleSettings; options: string; since: number };
}

/** Files outside the metafile that still change what esbuild produces. */
const PROJECT_FILES = ['package.json', 'package-lock.json', 'tsconfig.json'];

/** A file changed this long before the bundling started may still have been read in its old state. */
const MTIME_MARGIN_MS = 2_000;

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

function hashOf(root: string, entry: string, files: string[], options: string): string {
  const hash = createHash('sha256').update(JSON.stringify({ entry, esbuildVersion, options }));
  for (const file of [...PROJECT_FILES, ...files]) {
    const path = join(root, file);
    hash.update(`\0${file}\0${existsSync(path) ? sha256(readFileSync(path)) : 'missing'}`);
  }
  return hash.digest('hex');
}

/**
 * What esbuild reads for each entry, from one build that imports them all (without minifying or
 * writing, for its metafile only): each entry's inputs are the files reachable from it through
 * the imports esbuild bundled, the same files a build of that entry alone reads.
 */
function inputsOf(root: string, entries: string[], settings: BundleSettings): Map<string, string[]> {
  const { metafile } = buildSync({
    absWorkingDir: root,
    stdin: {
      contents: entries.map((entry) => `import ${JSON.stringify(`./${entry}`)};`).join('\n'),
      resolveDir: root,
      sourcefile: '<bundle-cache>',
    },
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: settings.format,
    mainFields: settings.mainFields,
    target: settings.target,
    logLevel: 'silent',
  });
  return new Map(entries.map((entry) => [entry, reachable(metafile.inputs, entry)]));
}

function reachable(inputs: Metafile['inputs'], entry: string): string[] {
  const seen = new Set([entry]);
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop())
    for (const { path, external } of inputs[file]?.imports ?? [])
      if (!external && path in inputs && !seen.has(path)) {
        seen.add(path);
        queue.push(path);
      }
  return [...seen].sort();
}

/** Whether a file may have changed after `since` (or is gone), so a bundle made then may not hold it. */
function changedSince(root: string, files: string[], since: number): boolean {
  return [...PROJECT_FILES, ...files].some((file) => {
    try {
      return statSync(join(root, file)).mtimeMs >= since - MTIME_MARGIN_MS;
    } catch {
      return !PROJECT_FILES.includes(file); // a project file may be absent (hashed as missing)
    }
  });
}

/**
 * The custom asset hash of a function's bundle. When the remembered inputs are unchanged and their
 * asset is still staged, it is the same hash as before (CDK skips bundling); otherwise a new one
 * (CDK bundles), whose inputs `rememberAssets` reads once the synthesis has ended.
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
  const bundling = JSON.stringify(options.options);
  const known = readRecord(cacheDir, entry);
  if (
    known?.files &&
    known.inputsHash &&
    known.assetPath &&
    existsSync(join(options.outdir, known.assetPath)) &&
    hashOf(root, entry, known.files, bundling) === known.inputsHash
  )
    return known.hash;
  const hash = sha256(JSON.stringify({ entry, esbuildVersion, bundling, bundle: randomUUID() }));
  writeRecord(cacheDir, {
    entry,
    hash,
    pending: { root, settings: options.settings, options: bundling, since: Date.now() },
  });
  return hash;
}

/**
 * After a synthesis: which staged asset each entry's hash produced, and the inputs of the bundles
 * made in it (read on the next start). A bundle one of whose inputs changed since it was made is
 * left unknown: it is bundled again next time.
 */
export function rememberAssets(cacheDir: string, assets: { entry: string; assetPath: string }[]): void {
  const pending = new Map<string, Inputs[]>();
  for (const { entry, assetPath } of assets) {
    const record = readRecord(cacheDir, entry);
    if (!record) continue;
    if (!record.pending) {
      if (record.assetPath !== assetPath) writeRecord(cacheDir, { ...record, assetPath });
      continue;
    }
    const key = JSON.stringify([record.pending.root, record.pending.settings]);
    pending.set(key, [...(pending.get(key) ?? []), { ...record, assetPath }]);
  }
  for (const records of pending.values()) {
    const [first] = records;
    if (!first?.pending) continue;
    const { root, settings } = first.pending;
    let inputs: Map<string, string[]>;
    try {
      inputs = inputsOf(
        root,
        records.map((record) => record.entry),
        settings,
      );
    } catch {
      continue; // a source that no longer builds: those functions are bundled again next time
    }
    for (const { pending: made, ...record } of records) {
      const files = inputs.get(record.entry);
      if (!made || !files || changedSince(root, files, made.since)) continue;
      writeRecord(cacheDir, {
        ...record,
        files,
        inputsHash: hashOf(root, record.entry, files, made.options),
      });
    }
  }
}
