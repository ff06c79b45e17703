import { describe, expect, it } from 'vitest';
import type { Check } from '#local/iam/actions';
import { dynamoDbChecks } from '#local/iam/dynamodb-actions';
import { lambdaChecks } from '#local/iam/lambda-actions';
import { readRequest } from '#local/iam/request';
import { needsDeleteKeys, parseDeleteKeys, s3Checks, s3TargetOf } from '#local/iam/s3-actions';
import { sfnChecks } from '#local/iam/sfn-actions';

const SCOPE = { region: 'us-east-1', account: '000000000000' };
const TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/Tasks';
const MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:Lifecycle';
const EXECUTION = 'arn:aws:states:us-east-1:000000000000:execution:Lifecycle:task1';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const checks = (...pairs: [string, string][]): Check[] =>
  pairs.map(([action, resource]) => ({ action, resource }));

describe('dynamoDbChecks', () => {
  const cases: [string, string, unknown, Check[]][] = [
    ['GetItem', 'GetItem', { TableName: 'Tasks', Key: {} }, checks(['dynamodb:GetItem', TABLE])],
    ['PutItem', 'PutItem', { TableName: 'Tasks', Item: {} }, checks(['dynamodb:PutItem', TABLE])],
    ['Query on the table', 'Query', { TableName: 'Tasks' }, checks(['dynamodb:Query', TABLE])],
    [
      'Query on an index',
      'Query',
      { TableName: 'Tasks', IndexName: 'byCreation' },
      checks(['dynamodb:Query', `${TABLE}/index/byCreation`]),
    ],
    [
      'Scan on an index',
      'Scan',
      { TableName: 'Tasks', IndexName: 'i' },
      checks(['dynamodb:Scan', `${TABLE}/index/i`]),
    ],
    ['a table ARN as TableName', 'GetItem', { TableName: TABLE }, checks(['dynamodb:GetItem', TABLE])],
    ['DescribeTable', 'DescribeTable', { TableName: 'Tasks' }, checks(['dynamodb:DescribeTable', TABLE])],
    ['CreateTable', 'CreateTable', { TableName: 'Tasks' }, checks(['dynamodb:CreateTable', TABLE])],
    ['ListTables', 'ListTables', {}, checks(['dynamodb:ListTables', '*'])],
    [
      'BatchGetItem, once per table',
      'BatchGetItem',
      { RequestItems: { Tasks: { Keys: [] }, Keys: { Keys: [] } } },
      checks(
        ['dynamodb:BatchGetItem', TABLE],
        ['dynamodb:BatchGetItem', `${TABLE.replace('Tasks', 'Keys')}`],
      ),
    ],
    [
      'BatchWriteItem',
      'BatchWriteItem',
      { RequestItems: { Tasks: [] } },
      checks(['dynamodb:BatchWriteItem', TABLE]),
    ],
    [
      'TransactWriteItems, each item by its own action',
      'TransactWriteItems',
      {
        TransactItems: [
          { ConditionCheck: { TableName: 'Tasks' } },
          { Put: { TableName: 'Tasks' } },
          { Update: { TableName: 'Tasks' } },
          { Delete: { TableName: 'Tasks' } },
        ],
      },
      checks(
        ['dynamodb:ConditionCheckItem', TABLE],
        ['dynamodb:PutItem', TABLE],
        ['dynamodb:UpdateItem', TABLE],
        ['dynamodb:DeleteItem', TABLE],
      ),
    ],
    [
      'TransactGetItems',
      'TransactGetItems',
      { TransactItems: [{ Get: { TableName: 'Tasks' } }] },
      checks(['dynamodb:GetItem', TABLE]),
    ],
  ];

  it.each(cases)('maps %s', (_, operation, body, expected) => {
    // Act
    const mapping = dynamoDbChecks(`DynamoDB_20120810.${operation}`, json(body), SCOPE);

    // Assess
    expect(mapping).toEqual({ ok: true, checks: expected });
  });

  const refusals: [string, string | undefined, Buffer, string][] = [
    ['a missing target', undefined, json({}), 'UnknownOperationException'],
    [
      'PartiQL',
      'DynamoDB_20120810.ExecuteStatement',
      json({ Statement: 'SELECT 1' }),
      'UnknownOperationException',
    ],
    ['a body that is not JSON', 'DynamoDB_20120810.GetItem', Buffer.from('{'), 'SerializationException'],
    [
      'a GetItem without TableName',
      'DynamoDB_20120810.GetItem',
      json({ TableName: 3 }),
      'ValidationException',
    ],
    [
      'an operation without a table',
      'DynamoDB_20120810.DescribeBackup',
      json({ BackupArn: 'x' }),
      'UnknownOperationException',
    ],
  ];

  it.each(refusals)('refuses %s', (_, target, body, code) => {
    // Act
    const mapping = dynamoDbChecks(target, body, SCOPE);

    // Assess
    expect(mapping).toMatchObject({ ok: false, error: { code } });
  });
});

describe('s3Checks', () => {
  const object = (key: string) => `arn:aws:s3:::store/${key}`;
  const cases: [string, string, string, Record<string, string>, Check[]][] = [
    ['GetObject', 'GET', '/store/a/b.json?x-id=GetObject', {}, checks(['s3:GetObject', object('a/b.json')])],
    [
      'a URL-encoded key, decoded',
      'GET',
      '/store/tasks/a%20b%2Bc.json',
      {},
      checks(['s3:GetObject', object('tasks/a b+c.json')]),
    ],
    ['HeadObject', 'HEAD', '/store/k', {}, checks(['s3:GetObject', object('k')])],
    [
      'GetObject of a version',
      'GET',
      '/store/k?versionId=v1',
      {},
      checks(['s3:GetObjectVersion', object('k')]),
    ],
    [
      'GetObject with response overrides',
      'GET',
      '/store/k?response-content-disposition=attachment',
      {},
      checks(['s3:GetObject', object('k')]),
    ],
    ['PutObject', 'PUT', '/store/k?x-id=PutObject', {}, checks(['s3:PutObject', object('k')])],
    ['UploadPart', 'PUT', '/store/k?partNumber=2&uploadId=u', {}, checks(['s3:PutObject', object('k')])],
    ['CreateMultipartUpload', 'POST', '/store/k?uploads', {}, checks(['s3:PutObject', object('k')])],
    ['CompleteMultipartUpload', 'POST', '/store/k?uploadId=u', {}, checks(['s3:PutObject', object('k')])],
    [
      'AbortMultipartUpload',
      'DELETE',
      '/store/k?x-id=AbortMultipartUpload&uploadId=u',
      {},
      checks(['s3:AbortMultipartUpload', object('k')]),
    ],
    ['ListParts', 'GET', '/store/k?uploadId=u', {}, checks(['s3:ListMultipartUploadParts', object('k')])],
    ['DeleteObject', 'DELETE', '/store/k', {}, checks(['s3:DeleteObject', object('k')])],
    [
      'CopyObject, reading the source',
      'PUT',
      '/store/to',
      { 'x-amz-copy-source': '/store/from%20here' },
      checks(['s3:PutObject', object('to')], ['s3:GetObject', object('from here')]),
    ],
    [
      'UploadPartCopy of a source version',
      'PUT',
      '/store/to?partNumber=1&uploadId=u',
      { 'x-amz-copy-source': 'other/from?versionId=v' },
      checks(['s3:PutObject', object('to')], ['s3:GetObjectVersion', 'arn:aws:s3:::other/from']),
    ],
    ['ListObjectsV2', 'GET', '/store/?list-type=2', {}, checks(['s3:ListBucket', 'arn:aws:s3:::store'])],
    ['ListObjects', 'GET', '/store', {}, checks(['s3:ListBucket', 'arn:aws:s3:::store'])],
    ['HeadBucket', 'HEAD', '/store', {}, checks(['s3:ListBucket', 'arn:aws:s3:::store'])],
    [
      'GetBucketLocation',
      'GET',
      '/store?location',
      {},
      checks(['s3:GetBucketLocation', 'arn:aws:s3:::store']),
    ],
    ['ListBuckets', 'GET', '/', {}, checks(['s3:ListAllMyBuckets', '*'])],
    [
      'a virtual-host request',
      'GET',
      '/a/b.json',
      { host: 'store.localhost:4569' },
      checks(['s3:GetObject', object('a/b.json')]),
    ],
  ];

  it.each(cases)('maps %s', (_, method, url, headers, expected) => {
    // Prepare
    const request = readRequest(method, url, { host: '127.0.0.1:4569', ...headers });

    // Act
    const mapping = s3Checks(request, s3TargetOf(request));

    // Assess
    expect(mapping).toEqual({
      ok: true,
      checks: expected.map((check) => (check.action === 's3:ListBucket' ? { ...check, context: {} } : check)),
    });
  });

  it('passes the ListBucket prefix as s3:prefix', () => {
    // Prepare
    const request = readRequest('GET', '/store/?list-type=2&prefix=stores%2Ftask1%2F&delimiter=%2F', {
      host: 'h',
    });

    // Act
    const mapping = s3Checks(request, s3TargetOf(request));

    // Assess
    expect(mapping).toEqual({
      ok: true,
      checks: [
        {
          action: 's3:ListBucket',
          resource: 'arn:aws:s3:::store',
          context: { 's3:prefix': 'stores/task1/', 's3:delimiter': '/' },
        },
      ],
    });
  });

  it('maps DeleteObjects to s3:DeleteObject on each key of its body', () => {
    // Prepare
    const request = readRequest('POST', '/store?delete', { host: 'h' });
    const body = Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
        '<Object><Key>a/1.json</Key></Object><Object><Key>b &amp; c</Key><VersionId>v</VersionId></Object>' +
        '<Quiet>true</Quiet></Delete>',
    );

    // Act
    const needed = needsDeleteKeys(request, s3TargetOf(request));
    const mapping = s3Checks(request, s3TargetOf(request), parseDeleteKeys(body));

    // Assess
    expect(needed).toBe(true);
    expect(mapping).toEqual({
      ok: true,
      checks: checks(['s3:DeleteObject', object('a/1.json')], ['s3:DeleteObject', object('b & c')]),
    });
  });

  const refusals: [string, string, string][] = [
    ['PutBucketPolicy', 'PUT', '/store?policy'],
    ['PutBucketCors', 'PUT', '/store?cors'],
    ['SelectObjectContent', 'POST', '/store/k?select&select-type=2'],
    ['a POST on an object without a subresource', 'POST', '/store/k'],
  ];

  it.each(refusals)('refuses %s as NotImplemented', (_, method, url) => {
    // Prepare
    const request = readRequest(method, url, { host: 'h' });

    // Act
    const mapping = s3Checks(request, s3TargetOf(request));

    // Assess
    expect(mapping).toMatchObject({ ok: false, error: { code: 'NotImplemented', status: 501 } });
  });

  it('rewrites a virtual-host request to path style for the emulator', () => {
    // Prepare
    const request = readRequest('GET', '/a/b.json?x-id=GetObject', { host: 'store.localhost:4569' });

    // Act
    const target = s3TargetOf(request);

    // Assess
    expect(target).toEqual({ bucket: 'store', key: 'a/b.json', upstreamPath: '/store/a/b.json' });
  });
});

describe('sfnChecks', () => {
  const cases: [string, unknown, Check[]][] = [
    [
      'StartExecution',
      { stateMachineArn: MACHINE, name: 'task1' },
      checks(['states:StartExecution', MACHINE]),
    ],
    ['StartSyncExecution', { stateMachineArn: MACHINE }, checks(['states:StartSyncExecution', MACHINE])],
    ['ListExecutions', { stateMachineArn: MACHINE }, checks(['states:ListExecutions', MACHINE])],
    ['StopExecution', { executionArn: EXECUTION }, checks(['states:StopExecution', EXECUTION])],
    ['DescribeExecution', { executionArn: EXECUTION }, checks(['states:DescribeExecution', EXECUTION])],
    ['ListStateMachines', {}, checks(['states:ListStateMachines', '*'])],
  ];

  it.each(cases)('maps %s', (operation, body, expected) => {
    // Act
    const mapping = sfnChecks(`AWSStepFunctions.${operation}`, json(body));

    // Assess
    expect(mapping).toEqual({ ok: true, checks: expected });
  });

  it('refuses an operation it does not map', () => {
    // Act
    const mapping = sfnChecks('AWSStepFunctions.CreateStateMachine', json({ name: 'x' }));

    // Assess
    expect(mapping).toMatchObject({ ok: false, error: { code: 'UnknownOperationException' } });
  });

  it('refuses a StartExecution without a state machine', () => {
    // Act
    const mapping = sfnChecks('AWSStepFunctions.StartExecution', json({ name: 'x' }));

    // Assess
    expect(mapping).toMatchObject({ ok: false, error: { code: 'ValidationException' } });
  });
});

describe('lambdaChecks', () => {
  const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:Export';
  const invoke = (functionName: string, query = '') =>
    readRequest('POST', `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations${query}`, {});
  const cases: [string, string, string, Check[]][] = [
    ['a function name', 'Export', '', checks(['lambda:InvokeFunction', FUNCTION])],
    ['a function ARN', FUNCTION, '', checks(['lambda:InvokeFunction', FUNCTION])],
    ['a partial ARN', '000000000000:function:Export', '', checks(['lambda:InvokeFunction', FUNCTION])],
    ['a qualified name', 'Export:live', '', checks(['lambda:InvokeFunction', `${FUNCTION}:live`])],
    ['a qualified ARN', `${FUNCTION}:3`, '', checks(['lambda:InvokeFunction', `${FUNCTION}:3`])],
    [
      'a Qualifier parameter',
      'Export',
      '?Qualifier=live',
      checks(['lambda:InvokeFunction', `${FUNCTION}:live`]),
    ],
    [
      'an ARN of another account, as named',
      'arn:aws:lambda:eu-west-1:111111111111:function:Other',
      '',
      checks(['lambda:InvokeFunction', 'arn:aws:lambda:eu-west-1:111111111111:function:Other']),
    ],
  ];

  it.each(cases)('maps Invoke with %s', (_, functionName, query, expected) => {
    // Act
    const mapping = lambdaChecks(invoke(functionName, query), SCOPE);

    // Assess
    expect(mapping).toEqual({ ok: true, checks: expected });
  });

  const refusals: [string, string, string, string][] = [
    ['another operation', 'GET', '/2015-03-31/functions/Export', 'UnknownOperationException'],
    ['a listing', 'GET', '/2015-03-31/functions/', 'UnknownOperationException'],
    [
      'an Invoke that is not a POST',
      'GET',
      '/2015-03-31/functions/Export/invocations',
      'UnknownOperationException',
    ],
    [
      'an async InvokeAsync',
      'POST',
      '/2014-11-13/functions/Export/invoke-async/',
      'UnknownOperationException',
    ],
    ['a malformed name', 'POST', '/2015-03-31/functions/a%20b/invocations', 'InvalidParameterValueException'],
    [
      'undecodable percent-encoding',
      'POST',
      '/2015-03-31/functions/%ZZ/invocations',
      'InvalidParameterValueException',
    ],
  ];

  it.each(refusals)('refuses %s', (_, method, path, code) => {
    // Act
    const mapping = lambdaChecks(readRequest(method, path, {}), SCOPE);

    // Assess
    expect(mapping).toMatchObject({ ok: false, error: { code } });
  });
});
