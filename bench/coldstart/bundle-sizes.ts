/**
 * Bundles every function's entry with the stack's own esbuild settings (`BUNDLING`, as
 * `NodejsFunction` passes them) in memory, and reports the size of its `index.mjs` against its
 * budget, with the inputs that weigh most in it.
 *
 *   npm run bench:bundle-sizes [-- --top <n=8>] [-- --json] [-- --why <path part, e.g. node_modules/undici/>]
 */
import { isAbsolute, relative } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { DELIVERY_STEPS } from '#infra/deliveries';
import { esbuildOptions } from '#infra/esbuild-options';
import { REPO_ROOT } from '#infra/function';
import { ENDPOINTS, WORKFLOW_STEPS } from '#infra/routes';
import { table } from '../lib/child.ts';

/** Minified JavaScript per function, in bytes (issue 8): API ≤ 650 kB, create ≤ 1 MB, steps ≤ 2.5 MB. */
// The browser step bundles puppeteer-core (about 3 MB minified); Chromium itself is a file beside it.
export const BUDGETS = {
  api: 650_000,
  createTask: 1_000_000,
  step: 2_500_000,
  browserStep: 4_000_000,
} as const;

export interface FunctionEntry {
  /** Construct id of the function, e.g. `GetTask`. */
  id: string;
  /** Handler module relative to the repository root. */
  entry: string;
  budget: number;
}

export interface BundleInput {
  path: string;
  bytes: number;
}

export interface BundleSize extends FunctionEntry {
  /** Bytes of `index.mjs` (the source map is a file of its own). */
  bytes: number;
  /** Every input by its bytes in the output, largest first. */
  inputs: BundleInput[];
  /** The esbuild metafile, to trace who imports what. */
  metafile: Metafile;
}

/** Every function of the stack: the API endpoints, the lifecycle steps and the delivery steps. */
export function functionEntries(): FunctionEntry[] {
  return [
    ...ENDPOINTS.map(({ id, entry }) => ({
      id,
      entry,
      budget: id === 'CreateTask' ? BUDGETS.createTask : BUDGETS.api,
    })),
    ...[...Object.values(WORKFLOW_STEPS), ...Object.values(DELIVERY_STEPS)].map(({ id, entry }) => ({
      id,
      entry,
      budget: entry === WORKFLOW_STEPS.extractChromeBatch.entry ? BUDGETS.browserStep : BUDGETS.step,
    })),
  ];
}

/**
 * Bundles each entry (all of them by default) and measures its output; `overrides` (say, an
 * `external` to measure without one package) go over the stack's settings.
 */
export async function bundleSizes(
  entries: FunctionEntry[] = functionEntries(),
  overrides: BuildOptions = {},
): Promise<BundleSize[]> {
  return Promise.all(
    entries.map(async (fn) => {
      const result = await build({ ...esbuildOptions(fn.entry), ...overrides, metafile: true, write: false });
      const metafile = result.metafile;
      if (!metafile) throw new Error(`${fn.entry}: esbuild gave no metafile`);
      const [name, output] =
        Object.entries(metafile.outputs).find(([path]) => /index\.m?js$/.test(path)) ?? [];
      if (!name || !output) throw new Error(`${fn.entry}: esbuild wrote no index.mjs`);
      const inputs = Object.entries(output.inputs)
        .map(([path, input]) => ({ path, bytes: input.bytesInOutput }))
        .sort((a, b) => b.bytes - a.bytes);
      return { ...fn, bytes: output.bytes, inputs, metafile };
    }),
  );
}

/** `node_modules/a/b/c.js` → `a`, `node_modules/@s/p/x.js` → `@s/p`; own files stay themselves. */
export function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return isAbsolute(path) ? relative(REPO_ROOT, path) : path;
  const [scope, name] = path.slice(at + 'node_modules/'.length).split('/');
  return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? path);
}

/** Bytes per package (or own module), largest first. */
export function byPackage(inputs: BundleInput[]): BundleInput[] {
  const sums = new Map<string, number>();
  for (const { path, bytes } of inputs) sums.set(packageOf(path), (sums.get(packageOf(path)) ?? 0) + bytes);
  return [...sums].map(([path, bytes]) => ({ path, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/**
 * The shortest chain of imports from the entry to the first input whose path contains `needle`
 * (`node_modules/undici/`, `extraction/scheme`), or null when nothing bundled matches.
 */
export function importChain(size: BundleSize, needle: string): string[] | null {
  const inputs = size.metafile.inputs;
  const entry = Object.keys(inputs).find((path) => path.endsWith(size.entry));
  if (entry === undefined) return null;
  const previous = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    if (current.includes(needle)) {
      const chain: string[] = [];
      for (let at: string | null | undefined = current; at; at = previous.get(at)) chain.unshift(at);
      return chain;
    }
    for (const imported of inputs[current]?.imports ?? []) {
      if (imported.external || previous.has(imported.path)) continue;
      previous.set(imported.path, current);
      queue.push(imported.path);
    }
  }
  return null;
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);

async function main(argv: string[]): Promise<void> {
  const topAt = argv.indexOf('--top');
  const top = topAt >= 0 ? Number(argv[topAt + 1]) : 8;
  const whyAt = argv.indexOf('--why');
  const why = whyAt >= 0 ? argv[whyAt + 1] : undefined;
  const sizes = await bundleSizes();
  if (why !== undefined) {
    for (const size of sizes) {
      const chain = importChain(size, why);
      console.log(
        `${size.id}: ${chain ? chain.filter((path, i) => i === chain.length - 1 || !path.includes('node_modules/')).join(' → ') : '-'}`,
      );
    }
    return;
  }
  if (argv.includes('--json')) {
    console.log(JSON.stringify(sizes.map(({ metafile: _, ...size }) => size)));
    return;
  }
  for (const size of sizes) {
    const heaviest = size.inputs
      .slice(0, top)
      .map((input) => `${kB(input.bytes)} ${relative('.', input.path)}`)
      .join(', ');
    const packages = byPackage(size.inputs)
      .slice(0, top)
      .map((input) => `${input.path} ${kB(input.bytes)}`)
      .join(', ');
    console.error(
      `${size.id} (${size.entry}) ${kB(size.bytes)} kB\n  inputs: ${heaviest}\n  packages: ${packages}`,
    );
  }
  console.log(
    table(
      ['function', 'entry', 'kB', 'budget kB', 'within'],
      sizes.map((size) => [
        size.id,
        size.entry,
        kB(size.bytes),
        kB(size.budget),
        size.bytes <= size.budget ? 'yes' : 'NO',
      ]),
    ),
  );
  if (sizes.some((size) => size.bytes > size.budget)) process.exitCode = 1;
}

if (import.meta.main) await main(process.argv.slice(2));
