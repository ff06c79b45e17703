import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '#adapters/aws/dynamodb-task-repository';
import { logicalIdOf } from '#infra/function';
import { TABLE_LAYOUT } from '#infra/table';
import { ref, synthStack } from './fixture.ts';

describe('tasks table', () => {
  const { stack, template } = synthStack();

  it('is keyed by pk/sk, on demand, with point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('lists by account and by account+status, in creation order, with whole items', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: Match.arrayWith([
        {
          IndexName: 'byCreation',
          KeySchema: [
            { AttributeName: 'account', KeyType: 'HASH' },
            { AttributeName: 'createdKey', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'byStatus',
          KeySchema: [
            { AttributeName: 'accountStatus', KeyType: 'HASH' },
            { AttributeName: 'createdKey', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ]),
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'account', AttributeType: 'S' },
        { AttributeName: 'createdKey', AttributeType: 'S' },
        { AttributeName: 'accountStatus', AttributeType: 'S' },
      ]),
    });
  });

  it('has the index names the task repository queries', () => {
    expect(Object.keys(TABLE_LAYOUT.indexes).sort()).toEqual(Object.values(TABLE_KEYS).sort());
  });

  it('outlives the stack unless the deployment says it is disposable', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const { template: disposable } = synthStack({ context: { 'dfk:retainData': 'false' } });
    disposable.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });

  it('is exported as TableName (npm run keys reads it)', () => {
    template.hasOutput('TableName', { Value: ref(stack.table) });
  });
});

describe('store bucket', () => {
  const { stack, template } = synthStack();
  const bucketId = logicalIdOf(stack.store.bucket);
  const data = template.toJSON().Resources[bucketId];

  it('is encrypted with S3-managed keys and blocks all public access', () => {
    expect(data.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('refuses requests without TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('expires stored data after 30 days by default, and after the configured days otherwise', () => {
    expect(data.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' })]),
    );
    const { stack: tuned, template: tunedTemplate } = synthStack({ context: { 'dfk:expiryDays': 7 } });
    tunedTemplate.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.absent(),
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 7 })]) },
      LoggingConfiguration: Match.anyValue(),
    });
    expect(tuned.settings.expiryDays).toBe(7);
  });

  it('logs server access to the access log bucket', () => {
    expect(data.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: ref(stack.store.accessLogs),
      LogFilePrefix: 'data/',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(stack.store.accessLogs),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' }),
        ]),
      },
    });
  });

  it('lets browsers use presigned links: GET and PUT from any origin', () => {
    expect(data.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({
        AllowedMethods: expect.arrayContaining(['GET', 'PUT']),
        AllowedOrigins: ['*'],
      }),
    ]);
  });

  it('is exported as BucketName', () => {
    template.hasOutput('BucketName', { Value: { Ref: bucketId } });
  });
});

describe('physical names', () => {
  const { template } = synthStack();
  const named: [string, string][] = [
    ['AWS::DynamoDB::Table', 'TableName'],
    ['AWS::S3::Bucket', 'BucketName'],
    ['AWS::Lambda::Function', 'FunctionName'],
    ['AWS::StepFunctions::StateMachine', 'StateMachineName'],
    ['AWS::IAM::Role', 'RoleName'],
    ['AWS::Logs::LogGroup', 'LogGroupName'],
  ];

  it.each(named)('no %s has a hard-coded %s (two stacks can live in one account)', (type, property) => {
    const resources = Object.values(template.findResources(type)) as {
      Properties?: Record<string, unknown>;
    }[];
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources) expect(resource.Properties?.[property]).toBeUndefined();
  });
});
