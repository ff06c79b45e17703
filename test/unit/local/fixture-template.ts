import type { CfnTemplate } from '#infra/template';

const HANDLERS = 'test/unit/local/handlers';

const definition = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

const route = (routeKey: string, integration: string) => ({
  Type: 'AWS::ApiGatewayV2::Route',
  Properties: {
    ApiId: { Ref: 'Api' },
    RouteKey: routeKey,
    Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration }]] },
  },
});

const integration = (functionId: string) => ({
  Type: 'AWS::ApiGatewayV2::Integration',
  Properties: {
    ApiId: { Ref: 'Api' },
    IntegrationType: 'AWS_PROXY',
    IntegrationUri: arnOf(functionId),
    PayloadFormatVersion: '2.0',
  },
});

const fn = (entry: string, variables: Record<string, unknown>, timeout = 10, memorySize = 256) => ({
  Type: 'AWS::Lambda::Function',
  Properties: {
    Handler: 'index.handler',
    Role: arnOf('FixtureRole'),
    Timeout: timeout,
    MemorySize: memorySize,
    Environment: { Variables: variables },
  },
  Metadata: { 'dfk:entry': `${HANDLERS}/${entry}`, 'aws:cdk:path': `Fixture/${entry}/Resource` },
});

/**
 * A small stack shaped like CDK's output: a table with a GSI, two buckets, API functions behind
 * routes, and a state machine whose definition is an Fn::Join with function ARN tokens.
 */
export function fixtureTemplate(): CfnTemplate {
  return {
    Parameters: { BootstrapVersion: { Default: '/cdk-bootstrap/hnb659fds/version' } },
    Resources: {
      TasksTable1A2B3C4D: {
        Type: 'AWS::DynamoDB::Table',
        Properties: {
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
            { AttributeName: 'account', AttributeType: 'S' },
            { AttributeName: 'createdKey', AttributeType: 'S' },
          ],
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
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        },
      },
      StoreDataBucket5E6F7A8B: { Type: 'AWS::S3::Bucket', Properties: {} },
      StoreAccessLogs9C0D1E2F: { Type: 'AWS::S3::Bucket', Properties: {} },
      Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } },

      EchoFunctionAAAA1111: fn('echo.ts', {
        TABLE_NAME: { Ref: 'TasksTable1A2B3C4D' },
        FIXTURE_SETTING: 'from-template',
      }),
      StartFunctionBBBB2222: fn('start.ts', {
        TABLE_NAME: { Ref: 'TasksTable1A2B3C4D' },
        STATE_MACHINE_ARN: { Ref: 'LifecycleStateMachineCCCC3333' },
      }),
      StoreFunctionDDDD4444: fn('store.ts', { BUCKET_NAME: { Ref: 'StoreDataBucket5E6F7A8B' } }),
      StepFunctionEEEE5555: fn('step.ts', {}, 2),
      CatchFunctionFFFF6666: fn('catch.ts', {}),
      MisbehaveFunction7777: fn('misbehave.ts', { OWN_SETTING: 'misbehave' }, 2, 128),
      // A CDK helper (log retention, auto-delete): no dfk:entry, so not run locally.
      LogRetentionHelper0000: {
        Type: 'AWS::Lambda::Function',
        Properties: { Handler: 'index.handler', Code: { ZipFile: 'exports.handler = () => {}' } },
      },

      EchoIntegration: integration('EchoFunctionAAAA1111'),
      StartIntegration: integration('StartFunctionBBBB2222'),
      StoreIntegration: integration('StoreFunctionDDDD4444'),
      EchoRoute: route('POST /v1/echo/{id}', 'EchoIntegration'),
      EchoGetRoute: route('GET /v1/echo/{id}', 'EchoIntegration'),
      EchoProxyRoute: route('ANY /v1/files/{path+}', 'EchoIntegration'),
      StartRoute: route('POST /v1/start/{name}', 'StartIntegration'),
      StoreRoute: route('POST /v1/store/{key}', 'StoreIntegration'),

      LifecycleStateMachineCCCC3333: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          RoleArn: arnOf('LifecycleRole'),
          DefinitionString: definition(
            '{"StartAt":"Pause a while","States":{"Pause a while":{"Type":"Wait","Seconds":3600,"Next":"Do the step"},',
            '"Do the step":{"Type":"Task","Resource":"',
            arnOf('StepFunctionEEEE5555'),
            '","Retry":[{"ErrorEquals":["FlakyError"],"IntervalSeconds":3600,"MaxAttempts":2}],',
            '"Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.failure","Next":"Handle the failure"}],"End":true},',
            '"Handle the failure":{"Type":"Task","Resource":"',
            arnOf('CatchFunctionFFFF6666'),
            '","Next":"Task failed"},"Task failed":{"Type":"Fail","Error":"TaskFailed","Cause":"See the task"}}}',
          ),
        },
        Metadata: { 'dfk:stateMachine': 'TaskLifecycle' },
      },
      LifecycleRole: { Type: 'AWS::IAM::Role', Properties: {} },
      // One role for the fixture functions, shaped as CDK writes grants: what start.ts and store.ts call.
      FixtureRole: { Type: 'AWS::IAM::Role', Properties: {} },
      FixtureRolePolicy: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'FixtureRolePolicy',
          Roles: [{ Ref: 'FixtureRole' }],
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'states:StartExecution',
                Resource: { Ref: 'LifecycleStateMachineCCCC3333' },
              },
              {
                Effect: 'Allow',
                Action: ['s3:GetObject', 's3:PutObject'],
                Resource: { 'Fn::Join': ['', [arnOf('StoreDataBucket5E6F7A8B'), '/fixture/*']] },
              },
            ],
          },
        },
      },
    },
    Outputs: {
      TableName: { Value: { Ref: 'TasksTable1A2B3C4D' } },
      BucketName: { Value: { Ref: 'StoreDataBucket5E6F7A8B' } },
      StateMachineArn: { Value: { Ref: 'LifecycleStateMachineCCCC3333' } },
      ApiUrl: {
        Value: {
          'Fn::Join': [
            '',
            ['https://', { Ref: 'Api' }, '.execute-api.', { Ref: 'AWS::Region' }, '.amazonaws.com/'],
          ],
        },
      },
    },
  };
}
