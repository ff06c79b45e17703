/**
 * The web console's browser bundle: the page, its script and its style, built by esbuild at synth
 * time into a folder named by their content, which the Console function's asset gets copied in.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { REPO_ROOT } from './function.ts';

/** The page's sources, relative to the repository root. */
export const CONSOLE_SOURCES = 'functions/console/ui';
/** Where built bundles are kept, by content hash, relative to the repository root. */
const BUILD_DIR = 'node_modules/.cache/dataflow-tasks/console';
/** The folder of the function's asset the bundle is copied to; the handler reads it from there. */
export const CONSOLE_ASSET_DIR = 'console';

export interface ConsoleBundle {
  /** The built folder, relative to the repository root. */
  dir: string;
  /** Bytes of each file, by name (`index.html`, `app-<hash>.js`, `app-<hash>.css`). */
  files: Record<string, Buffer>;
}

let built: ConsoleBundle | undefined;

/** Builds the console once per process; an unchanged bundle keeps its folder (and so the asset's hash). */
export function buildConsole(): ConsoleBundle {
  if (built) return built;
  const { outputFiles } = buildSync({
    absWorkingDir: REPO_ROOT,
    entryPoints: [
      { in: `${CONSOLE_SOURCES}/main.ts`, out: 'app' },
      { in: `${CONSOLE_SOURCES}/app.css`, out: 'app' },
    ],
    entryNames: '[name]-[hash]',
    outdir: '/console',
    bundle: true,
    minify: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: ['es2022'],
    legalComments: 'none',
    logLevel: 'silent',
  });
  const files: Record<string, Buffer> = {};
  for (const file of outputFiles) files[file.path.slice('/console/'.length)] = Buffer.from(file.contents);
  const script = Object.keys(files).find((name) => name.endsWith('.js'));
  const style = Object.keys(files).find((name) => name.endsWith('.css'));
  if (!script || !style) throw new Error('The console bundle has no script or no style');
  const page = readFileSync(join(REPO_ROOT, CONSOLE_SOURCES, 'index.html'), 'utf8')
    .replace('%APP_JS%', `/console/${script}`)
    .replace('%APP_CSS%', `/console/${style}`);
  files['index.html'] = Buffer.from(page);

  const hash = createHash('sha256');
  for (const name of Object.keys(files).sort()) hash.update(`\0${name}\0`).update(files[name] as Buffer);
  const dir = `${BUILD_DIR}/${hash.digest('hex').slice(0, 16)}`;
  const target = join(REPO_ROOT, dir);
  if (!existsSync(target)) {
    // Written beside and renamed into place, so a concurrent synthesis never copies half a folder.
    const staging = `${target}.${process.pid}.tmp`;
    mkdirSync(staging, { recursive: true });
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(staging, name), bytes);
    try {
      renameSync(staging, target);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(target)) throw error;
    }
  }
  built = { dir, files };
  return built;
}
