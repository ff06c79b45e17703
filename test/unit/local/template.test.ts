// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${…}` here is CloudFormation's Fn::Sub syntax.
import { describe, expect, it } from 'vitest';
import { referencedIds } from '#infra/intrinsics';
import {
  readBuckets,
  readFunctions,
  readOutputs,
  readRoutes,
  readStateMachines,
  readTables,
  resolveValue,
} from '#local/template';
import { fixtureTemplate } from './fixture-template.ts';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:000000000000:function:';
const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:LifecycleStateMachineCCCC3333';

describe('resolveValue', () => {
  const template = fixtureTemplate();

  it('resolves Ref of a table, a bucket and a state machine to its name, lowercased name and ARN', () => {
    expect(resolveValue(template, { Ref: 'TasksTable1A2B3C4D' })).toBe('TasksTable1A2B3C4D');
    expect(resolveValue(template, { Ref: 'StoreDataBucket5E6F7A8B' })).toBe('storedatabucket5e6f7a8b');
    expect(resolveValue(template, { Ref: 'LifecycleStateMachineCCCC3333' })).toBe(STATE_MACHINE_ARN);
  });

  it('resolves Fn::GetAtt Arn of a function, in both spellings', () => {
    expect(resolveValue(template, { 'Fn::GetAtt': ['StepFunctionEEEE5555', 'Arn'] })).toBe(
      `${FUNCTION_ARN}StepFunctionEEEE5555`,
    );
    expect(resolveValue(template, { 'Fn::GetAtt': 'StepFunctionEEEE5555.Arn' })).toBe(
      `${FUNCTION_ARN}StepFunctionEEEE5555`,
    );
  });

  it('resolves pseudo parameters, Fn::Join and Fn::Sub inside plain objects and lists', () => {
    const value = {
      region: { Ref: 'AWS::Region' },
      list: [{ 'Fn::Join': ['-', ['a', { Ref: 'AWS::AccountId' }]] }],
      sub: { 'Fn::Sub': '${AWS::Partition}|${TasksTable1A2B3C4D.Arn}' },
      subWithVariables: { 'Fn::Sub': ['${Extra}', { Extra: { Ref: 'TasksTable1A2B3C4D' } }] },
    };

    expect(resolveValue(template, value)).toEqual({
      region: 'us-east-1',
      list: ['a-000000000000'],
      sub: 'aws|arn:aws:dynamodb:us-east-1:000000000000:table/TasksTable1A2B3C4D',
      subWithVariables: 'TasksTable1A2B3C4D',
    });
  });

  it('throws on an unknown resource rather than inventing a value', () => {
    expect(() => resolveValue(template, { Ref: 'Missing' })).toThrow(/no resource Missing/);
  });

  it('throws on an intrinsic function it does not know', () => {
    expect(() => resolveValue(template, { 'Fn::ImportValue': 'Other' })).toThrow(/Fn::ImportValue/);
  });
});

describe('referencedIds', () => {
  it('finds Ref and Fn::GetAtt targets at any depth', () => {
    expect(referencedIds({ 'Fn::Join': ['', ['x', { Ref: 'A' }, { 'Fn::GetAtt': ['B', 'Arn'] }]] })).toEqual([
      'A',
      'B',
    ]);
  });
});

describe('readFunctions', () => {
  it('returns the functions that name their handler module, with resolved variables and ARNs', () => {
    const functions = readFunctions(fixtureTemplate());

    expect(functions.map((fn) => fn.logicalId)).not.toContain('LogRetentionHelper0000');
    expect(functions.find((fn) => fn.logicalId === 'StartFunctionBBBB2222')).toEqual({
      logicalId: 'StartFunctionBBBB2222',
      name: 'StartFunctionBBBB2222',
      arn: `${FUNCTION_ARN}StartFunctionBBBB2222`,
      entry: 'test/unit/local/handlers/start.ts',
      handler: 'index.handler',
      roleId: 'FixtureRole',
      environment: { TABLE_NAME: 'TasksTable1A2B3C4D', STATE_MACHINE_ARN },
      timeoutSeconds: 10,
      memorySize: 256,
    });
  });
});

describe('readRoutes', () => {
  it('maps each route key through its integration to the function it invokes', () => {
    const routes = readRoutes(fixtureTemplate());

    expect(routes).toContainEqual({ routeKey: 'POST /v1/start/{name}', functionId: 'StartFunctionBBBB2222' });
    expect(
      routes.filter((route) => route.functionId === 'EchoFunctionAAAA1111').map((r) => r.routeKey),
    ).toEqual(['POST /v1/echo/{id}', 'GET /v1/echo/{id}', 'ANY /v1/files/{path+}']);
  });

  it('follows an alias to its function', () => {
    const template = fixtureTemplate();
    const resources = template.Resources as Record<
      string,
      { Type: string; Properties?: Record<string, unknown> }
    >;
    resources.EchoAlias = {
      Type: 'AWS::Lambda::Alias',
      Properties: { FunctionName: { Ref: 'EchoFunctionAAAA1111' }, Name: 'live' },
    };
    (resources.EchoIntegration as { Properties: Record<string, unknown> }).Properties.IntegrationUri = {
      Ref: 'EchoAlias',
    };

    expect(readRoutes(template)).toContainEqual({
      routeKey: 'POST /v1/echo/{id}',
      functionId: 'EchoFunctionAAAA1111',
    });
  });
});

describe('readTables', () => {
  it('gives a CreateTable request with the same keys and indexes, on demand, named by logical id', () => {
    const [table] = readTables(fixtureTemplate());

    expect(table?.createTable).toEqual({
      TableName: 'TasksTable1A2B3C4D',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: expect.arrayContaining([{ AttributeName: 'createdKey', AttributeType: 'S' }]),
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byCreation',
          KeySchema: [
            { AttributeName: 'account', KeyType: 'HASH' },
            { AttributeName: 'createdKey', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });
});

describe('readBuckets', () => {
  it('names buckets by their lowercased logical id', () => {
    expect(readBuckets(fixtureTemplate()).map((bucket) => bucket.name)).toEqual([
      'storedatabucket5e6f7a8b',
      'storeaccesslogs9c0d1e2f',
    ]);
  });
});

describe('readStateMachines', () => {
  it('parses the joined definition with every function ARN token resolved', () => {
    const [machine] = readStateMachines(fixtureTemplate());

    expect(machine?.arn).toBe(STATE_MACHINE_ARN);
    expect(machine?.definition).toMatchObject({
      StartAt: 'Pause a while',
      States: {
        'Do the step': { Type: 'Task', Resource: `${FUNCTION_ARN}StepFunctionEEEE5555` },
        'Handle the failure': { Type: 'Task', Resource: `${FUNCTION_ARN}CatchFunctionFFFF6666` },
      },
    });
  });

  it('applies DefinitionSubstitutions and leaves other ${…} text alone', () => {
    const template = fixtureTemplate();
    const machine = (template.Resources as Record<string, { Properties: Record<string, unknown> }>)
      .LifecycleStateMachineCCCC3333 as { Properties: Record<string, unknown> };
    machine.Properties.DefinitionString =
      '{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"${Other}","Comment":"${Fn}","End":true}}}';
    machine.Properties.DefinitionSubstitutions = { Fn: { 'Fn::GetAtt': ['StepFunctionEEEE5555', 'Arn'] } };

    expect(readStateMachines(template)[0]?.definition).toMatchObject({
      States: { A: { Result: '${Other}', Comment: `${FUNCTION_ARN}StepFunctionEEEE5555` } },
    });
  });
});

describe('readOutputs', () => {
  it('resolves every output', () => {
    expect(readOutputs(fixtureTemplate())).toEqual({
      TableName: 'TasksTable1A2B3C4D',
      BucketName: 'storedatabucket5e6f7a8b',
      StateMachineArn: STATE_MACHINE_ARN,
      ApiUrl: 'https://Api.execute-api.us-east-1.amazonaws.com/',
    });
  });
});
