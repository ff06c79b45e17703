import { createRequire } from 'node:module';
import { App } from 'aws-cdk-lib';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, readSettings } from '#infra/config';
import { STATES } from '#infra/lifecycle';
import { ENDPOINTS } from '#infra/routes';
import { synthesizeTemplate } from '#infra/synth';
import { type CfnTemplate, ENTRY_METADATA, stateMachineDefinition } from '#infra/template';

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> };

describe('synthesizeTemplate', () => {
  // CDK bundles a function by spawning esbuild (`npx --no-install esbuild …`) with spawnSync.
  const childProcess = createRequire(import.meta.url)(
    'node:child_process',
  ) as typeof import('node:child_process');
  const spawned = vi.spyOn(childProcess, 'spawnSync');
  let template: CfnTemplate;
  let commands: string[];
  try {
    template = synthesizeTemplate();
  } finally {
    commands = spawned.mock.calls.map(([command, args]) => [command, ...(args ?? [])].join(' '));
    spawned.mockRestore();
  }
  const resources = Object.entries(template.Resources as Record<string, Resource>);

  it('synthesizes in-process, without bundling', () => {
    expect(commands.filter((command) => command.includes('esbuild'))).toEqual([]);
    expect(resources.length).toBeGreaterThan(50);
  });

  it('gives the local runtime every function with its handler module', () => {
    const entries = resources
      .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
      .map(([, r]) => r.Metadata?.[ENTRY_METADATA]);
    expect(entries).toEqual(expect.arrayContaining(ENDPOINTS.map((e) => e.entry)));
    expect(entries.every((entry) => typeof entry === 'string')).toBe(true);
  });

  it('gives the local runtime the outputs the CLI prints', () => {
    expect(Object.keys(template.Outputs as object).sort()).toEqual([
      'ApiUrl',
      'BucketName',
      'StateMachineArn',
      'TableName',
    ]);
  });
});

describe('stateMachineDefinition', () => {
  const template = synthesizeTemplate();

  it('returns the lifecycle definition with every reference resolved by the caller', () => {
    const seen: [string, string | undefined][] = [];
    const definition = stateMachineDefinition(template, (id, attribute) => {
      seen.push([id, attribute]);
      return `arn:aws:lambda:us-east-1:000000000000:function:${id}`;
    });
    const states = definition.States as Record<string, { Resource?: string }>;
    expect(definition.StartAt).toBe(STATES.start);
    expect(states[STATES.extractBatch]?.Resource).toMatch(
      /^arn:aws:lambda:us-east-1:000000000000:function:TaskLifecycleExtractBatchStep[0-9A-F]{8}$/,
    );
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.every(([, attribute]) => attribute === 'Arn')).toBe(true);
  });

  it('resolves Ref, Fn::GetAtt in either form, and nested Fn::Join', () => {
    const fake: CfnTemplate = {
      Resources: {
        Machine: {
          Type: 'AWS::StepFunctions::StateMachine',
          Metadata: { 'dfk:stateMachine': 'Other' },
          Properties: {
            DefinitionString: {
              'Fn::Join': [
                '',
                [
                  '{"a":"',
                  { Ref: 'AWS::Region' },
                  '","b":"',
                  { 'Fn::GetAtt': 'Fn.Arn' },
                  '","c":"',
                  { 'Fn::Join': ['-', ['x', { 'Fn::GetAtt': ['Queue', 'Url'] }]] },
                  '"}',
                ],
              ],
            },
          },
        },
      },
    };
    const definition = stateMachineDefinition(
      fake,
      (id, attribute) => `${id}${attribute ? `.${attribute}` : ''}`,
      'Other',
    );
    expect(definition).toEqual({ a: 'AWS::Region', b: 'Fn.Arn', c: 'x-Queue.Url' });
  });

  it('names the state machine it cannot find', () => {
    expect(() => stateMachineDefinition(template, () => '', 'Webhooks')).toThrow(/Webhooks/);
  });
});

describe('settings', () => {
  const scope = (context: Record<string, unknown> = {}) => new App({ context });

  it('default to 1 h links, 30 days of data, 50 rps / 100 burst, retained data', () => {
    expect(readSettings(scope())).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ linkTtlSeconds: 3600, expiryDays: 30, retainData: true });
  });

  it('come from explicit overrides, then context, then the environment', () => {
    process.env.DFK_EXPIRY_DAYS = '5';
    process.env.DFK_THROTTLE_RATE = '11';
    try {
      const settings = readSettings(scope({ 'dfk:expiryDays': '9' }), { throttleBurst: 3 });
      expect(settings).toMatchObject({ expiryDays: 9, throttleRate: 11, throttleBurst: 3 });
    } finally {
      delete process.env.DFK_EXPIRY_DAYS;
      delete process.env.DFK_THROTTLE_RATE;
    }
  });

  it('fail the synthesis on a value that does not parse', () => {
    expect(() => readSettings(scope({ 'dfk:expiryDays': 'soon' }))).toThrow(/dfk:expiryDays/);
    expect(() => readSettings(scope({ 'dfk:retainData': 'maybe' }))).toThrow(/dfk:retainData/);
  });

  it('refuse a log retention CloudWatch does not offer', () => {
    expect(() => synthesizeTemplate({ settings: { logRetentionDays: 31 } })).toThrow(/31 days/);
  });
});
