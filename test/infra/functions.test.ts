import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { describe, expect, it } from 'vitest';
import { buildConsole } from '#infra/console';
import { DELIVERY_STEPS } from '#infra/deliveries';
import { BUNDLING, logicalIdOf, REPO_ROOT, type ServiceFunction } from '#infra/function';
import { CONSOLE, ENDPOINTS, EXPORT_FORMAT, WORKFLOW_STEPS } from '#infra/routes';
import { ENTRY_METADATA } from '#infra/template';
import { ref, synthStack } from './fixture.ts';

type FunctionResource = {
  Properties: Record<string, unknown> & { Environment: { Variables: Record<string, unknown> } };
  Metadata: Record<string, unknown>;
};

describe('functions', () => {
  const { stack, template } = synthStack();
  const resources = template.toJSON().Resources as Record<string, FunctionResource>;
  const resourceOf = (fn: ServiceFunction) => resources[logicalIdOf(fn.fn)] as FunctionResource;
  const all = [...stack.functions.entries()];

  it('are one per endpoint, one per lifecycle step, one per delivery step, ExportFormat and Console', () => {
    expect(all.map(([id]) => id).sort()).toEqual(
      [
        ...ENDPOINTS.map((e) => e.id),
        ...Object.values(WORKFLOW_STEPS).map((s) => s.id),
        ...Object.values(DELIVERY_STEPS).map((s) => s.id),
        EXPORT_FORMAT.id,
        CONSOLE.id,
      ].sort(),
    );
  });

  // @sparticuz/chromium ships its browser for x86_64 only: the browser step alone runs there.
  it.each(all)(
    '%s runs nodejs24.x on arm64 (the browser step on x86_64), traced, logging to its own group',
    (id, fn) => {
      expect(resourceOf(fn).Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: [id === 'ExtractChromeBatchStep' ? 'x86_64' : 'arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: ref(fn.logGroup) },
      });
      expect(template.toJSON().Resources[logicalIdOf(fn.logGroup)].Properties.RetentionInDays).toBe(30);
    },
  );

  it.each(all)('%s names its handler module in dfk:entry metadata, and the module exists', (_id, fn) => {
    const entry = resourceOf(fn).Metadata[ENTRY_METADATA];
    expect(entry).toBe(fn.entry);
    expect(existsSync(join(REPO_ROOT, String(entry)))).toBe(true);
  });

  it.each(all)('%s keeps the default environment when helpers add to it', (_id, fn) => {
    expect(resourceOf(fn).Properties.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'dataflow-tasks',
      NODE_OPTIONS: expect.stringContaining('--enable-source-maps'),
    });
  });

  it('gives the API functions 29 s (API Gateway gives up at 30 s) and the table and link settings', () => {
    for (const endpoint of ENDPOINTS) {
      const fn = stack.api.functions.get(endpoint.id)!;
      const { Properties } = resourceOf(fn);
      expect(Properties.Timeout, endpoint.id).toBe(29);
      if (endpoint.public) continue;
      expect(Properties.Environment.Variables, endpoint.id).toMatchObject({
        TABLE_NAME: ref(stack.table),
        DFK_LINK_TTL_SECONDS: '3600',
      });
    }
  });

  it('gives the console its bundle beside the handler and the bucket’s origin, for its Content-Security-Policy', () => {
    const { Properties, Metadata } = resourceOf(stack.api.console);
    expect(Properties.Timeout).toBe(29);
    expect(Properties.Environment.Variables.DFK_STORE_ORIGIN).toEqual({
      'Fn::Join': [
        '',
        ['https://', ref(stack.store.bucket), '.s3.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }],
      ],
    });
    expect(Properties.Environment.Variables.TABLE_NAME).toBeUndefined();
    expect(Metadata[ENTRY_METADATA]).toBe('functions/console/serve.ts');
    const bundle = buildConsole();
    expect(
      Object.keys(bundle.files)
        .map((name) => name.replace(/-\w+\./, '.'))
        .sort(),
    ).toEqual(['app.css', 'app.js', 'index.html']);
    const page = bundle.files['index.html']!.toString();
    // The page loads its script and style from files, nothing inline (the policy forbids it).
    expect(page).toMatch(/<script type="module" src="\/console\/app-\w+\.js"><\/script>/);
    expect(page).not.toMatch(/<script>|<style|style="/);
  });

  it('tells the functions that start executions which state machine, and no other function', () => {
    for (const endpoint of ENDPOINTS) {
      const variables = resourceOf(stack.api.functions.get(endpoint.id)!).Properties.Environment.Variables;
      if (endpoint.startsExecutions)
        expect(variables.STATE_MACHINE_ARN).toEqual(ref(stack.lifecycle.stateMachine));
      else expect(variables.STATE_MACHINE_ARN, endpoint.id).toBeUndefined();
    }
  });

  it('sets each variable a handler module reads at start', () => {
    // The handlers build their ports at module scope; a missing variable fails the container.
    const needs: [RegExp, string][] = [
      [/\btaskStore\(\)/, 'BUCKET_NAME'],
      [/\bexecutions\(\)/, 'STATE_MACHINE_ARN'],
      [/\btaskRepository\(\)/, 'TABLE_NAME'],
      [/\bwebhookRepository\(\)/, 'TABLE_NAME'],
      [/\btaskEvents\(\)/, 'DELIVERY_STATE_MACHINE_ARN'],
    ];
    for (const fn of stack.functions.values()) {
      const source = readFileSync(join(REPO_ROOT, fn.entry), 'utf8');
      const variables = resourceOf(fn).Properties.Environment.Variables;
      for (const [usage, variable] of needs) {
        if (usage.test(source)) expect(variables[variable], `${fn.entry} → ${variable}`).toBeDefined();
      }
    }
  });

  it('sizes the lifecycle steps: batches 5 min with a 120 s budget, export 15 min, others 1 min', () => {
    const { steps } = stack.lifecycle;
    expect(resourceOf(steps.extractBatch).Properties).toMatchObject({ Timeout: 300, MemorySize: 1024 });
    expect(resourceOf(steps.extractBatch).Properties.Environment.Variables.DFK_BATCH_SECONDS).toBe('120');
    expect(resourceOf(steps.export).Properties).toMatchObject({ Timeout: 900, MemorySize: 1024 });
    for (const step of [steps.start, steps.finish, steps.fail]) {
      expect(resourceOf(step).Properties.Timeout, step.entry).toBe(60);
    }
    for (const step of Object.values(steps)) {
      expect(resourceOf(step).Properties.Environment.Variables, step.entry).toMatchObject({
        TABLE_NAME: ref(stack.table),
        BUCKET_NAME: ref(stack.store.bucket),
      });
    }
  });

  it('bundles the AWS SDK into each function, minified, as ESM with source maps', () => {
    expect(BUNDLING).toMatchObject({
      externalModules: [],
      minify: true,
      sourceMap: true,
      format: OutputFormat.ESM,
      banner: expect.stringMatching(/createRequire\(import\.meta\.url\)/),
    });
    for (const fn of stack.functions.values()) expect(fn.bundling, fn.entry).toBe(BUNDLING);
  });
});
