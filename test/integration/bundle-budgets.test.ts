// Each function bundles only what it uses (issue 8): the size of every deployed `index.mjs`, from
// the test assembly, against its budget. Bundles are deterministic, so a size over budget is a
// regression, not noise. kB here are 1000 bytes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONSOLE_ASSET_DIR } from '#infra/console';
import { CONSOLE } from '#infra/routes';
import { readFunctions, readRoutes } from '#local/template';
import { testAssembly } from '#test/helpers/runtime';
import { BUDGETS } from '../../bench/coldstart/bundle-sizes.ts';

const CREATE_TASK = 'functions/api/create-task.ts';
const BROWSER_STEP = 'functions/workflow/extract-chrome-batch.ts';

const assembly = testAssembly();
const routed = new Set(readRoutes(assembly.template).map((route) => route.functionId));

/** Functions behind a route are API functions; CreateTask has a budget of its own; the rest are steps. */
const bundles = readFunctions(assembly.template).map((fn) => {
  if (!fn.assetPath) throw new Error(`${fn.logicalId} has no bundled asset`);
  const kind = routed.has(fn.logicalId)
    ? fn.entry === CREATE_TASK
      ? 'create'
      : 'api'
    : fn.entry === BROWSER_STEP
      ? 'browser step'
      : 'step';
  const budget = {
    api: BUDGETS.api,
    create: BUDGETS.createTask,
    step: BUDGETS.step,
    'browser step': BUDGETS.browserStep,
  }[kind];
  const bytes = statSync(join(assembly.directory, fn.assetPath, 'index.mjs')).size;
  return { logicalId: fn.logicalId, entry: fn.entry, kind, budget, bytes };
});

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

describe('bundle budgets (minified index.mjs, 1 kB = 1000 bytes)', () => {
  it('holds the budgets of issue 8: API ≤ 650 kB, create ≤ 1 MB, steps ≤ 2.5 MB (the browser step 4 MB)', () => {
    expect(BUDGETS).toEqual({ api: 650_000, createTask: 1_000_000, step: 2_500_000, browserStep: 4_000_000 });
    expect(bundles.filter((bundle) => bundle.kind === 'browser step')).toHaveLength(1);
    expect(bundles.filter((bundle) => bundle.kind === 'create')).toHaveLength(1);
  });

  it.each(bundles)('$entry fits its budget', ({ logicalId, entry, kind, bytes, budget }) => {
    expect(
      bytes,
      `${logicalId} (${entry}, ${kind}): index.mjs is ${bytes} bytes (${kB(bytes)}), over its budget of ${kB(budget)} by ${kB(bytes - budget)}`,
    ).toBeLessThanOrEqual(budget);
  });
});

// Issue 15: the web console's page, script and style, gzipped as the Console function sends them.
const CONSOLE_PAGE_BUDGET = 100_000;

describe('the console page budget (gzipped, 1 kB = 1000 bytes)', () => {
  it('keeps the page with its script and style under 100 kB gzipped', () => {
    const fn = readFunctions(assembly.template).find((f) => f.entry === CONSOLE.entry);
    if (!fn?.assetPath) throw new Error('The Console function has no bundled asset');
    const dir = join(assembly.directory, fn.assetPath, CONSOLE_ASSET_DIR);
    const files = readdirSync(dir).map((name) => ({
      name,
      gzipped: gzipSync(readFileSync(join(dir, name)), { level: 9 }).length,
    }));
    const total = files.reduce((sum, file) => sum + file.gzipped, 0);

    expect(files.map((file) => file.name.replace(/-\w+\./, '.')).sort()).toEqual([
      'app.css',
      'app.js',
      'index.html',
    ]);
    expect(
      total,
      `the console is ${kB(total)} gzipped (${files.map((f) => `${f.name} ${kB(f.gzipped)}`).join(', ')})`,
    ).toBeLessThanOrEqual(CONSOLE_PAGE_BUDGET);
  });
});
