// Each function bundles only what it uses (issue 8): the size of every deployed `index.mjs`, from
// the test assembly, against its budget. Bundles are deterministic, so a size over budget is a
// regression, not noise. kB here are 1000 bytes.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
