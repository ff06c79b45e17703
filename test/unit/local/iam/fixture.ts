import type { CfnTemplate } from '#infra/template';

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const join = (...parts: unknown[]) => ({ 'Fn::Join': ['', parts] });

const role = (entry: string) => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: {
      Statement: [
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ],
      Version: '2012-10-17',
    },
    Description: `Runs ${entry}`,
  },
});

const fn = (roleId: string, entry: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Handler: 'index.handler', Role: arnOf(roleId), Runtime: 'nodejs24.x' },
  Metadata: { 'dfk:entry': entry },
});

const policy = (roleId: string, statements: unknown[]) => ({
  Type: 'AWS::IAM::Policy',
  Properties: {
    PolicyDocument: { Statement: statements, Version: '2012-10-17' },
    PolicyName: `${roleId}DefaultPolicy`,
    Roles: [{ Ref: roleId }],
  },
});

/** Logs and X-Ray, as our function construct grants every function. */
const telemetry = (logsId: string) => [
  { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: arnOf(logsId) },
  { Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' },
];

const tableGrant = (actions: string[]) => ({
  Action: actions,
  Effect: 'Allow',
  Resource: [arnOf('Tasks0BA6A452'), join(arnOf('Tasks0BA6A452'), '/index/*')],
});

/**
 * A stack shaped like CDK's output for ours: the table (with its GSI), the store bucket, a state
 * machine, and two functions whose roles' DefaultPolicy grants as `grant*` writes them.
 * - GetTask reads the table (GetItem, Query) and objects, lists the bucket.
 * - RunTask reads and writes the table, reads, writes, deletes objects, starts the state machine.
 */
export function iamFixtureTemplate(): CfnTemplate {
  return {
    Resources: {
      Tasks0BA6A452: {
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
          BillingMode: 'PAY_PER_REQUEST',
        },
      },
      StoreData1EC3E106: { Type: 'AWS::S3::Bucket', Properties: {} },
      LifecycleStateMachineCA0743DB: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: { DefinitionString: '{"StartAt":"Done","States":{"Done":{"Type":"Succeed"}}}' },
      },

      ApiGetTaskLogs1111: { Type: 'AWS::Logs::LogGroup', Properties: {} },
      ApiGetTaskRole74581C67: role('functions/api/get-task.ts'),
      ApiGetTaskRoleDefaultPolicyE375A831: policy('ApiGetTaskRole74581C67', [
        ...telemetry('ApiGetTaskLogs1111'),
        tableGrant(['dynamodb:GetItem', 'dynamodb:Query']),
        { Action: 's3:ListBucket', Effect: 'Allow', Resource: arnOf('StoreData1EC3E106') },
        { Action: 's3:GetObject', Effect: 'Allow', Resource: join(arnOf('StoreData1EC3E106'), '/*') },
      ]),
      ApiGetTask9D92155F: fn('ApiGetTaskRole74581C67', 'functions/api/get-task.ts'),

      ApiRunTaskLogs2222: { Type: 'AWS::Logs::LogGroup', Properties: {} },
      ApiRunTaskRoleC2A8FD28: role('functions/api/run-task.ts'),
      ApiRunTaskRoleDefaultPolicy14CC72B3: policy('ApiRunTaskRoleC2A8FD28', [
        ...telemetry('ApiRunTaskLogs2222'),
        tableGrant([
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
        ]),
        { Action: 's3:ListBucket', Effect: 'Allow', Resource: arnOf('StoreData1EC3E106') },
        {
          Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
          Effect: 'Allow',
          Resource: join(arnOf('StoreData1EC3E106'), '/*'),
        },
        {
          Action: 'states:StartExecution',
          Effect: 'Allow',
          Resource: { Ref: 'LifecycleStateMachineCA0743DB' },
        },
      ]),
      ApiRunTask93DFAD03: fn('ApiRunTaskRoleC2A8FD28', 'functions/api/run-task.ts'),

      // A CDK helper function (no dfk:entry): not run locally, so no principal.
      LogRetentionHelperRole: role('log retention'),
      LogRetentionHelper: {
        Type: 'AWS::Lambda::Function',
        Properties: { Handler: 'index.handler', Role: arnOf('LogRetentionHelperRole') },
      },
    },
  };
}

export const TABLE_ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/Tasks0BA6A452';
export const BUCKET = 'storedata1ec3e106';
export const STATE_MACHINE_ARN =
  'arn:aws:states:us-east-1:000000000000:stateMachine:LifecycleStateMachineCA0743DB';
