import { describe, expect, it } from 'vitest';
import { synthesizeTemplate } from '#infra/synth';
import type { CfnTemplate } from '#infra/template';
import { generateCredentials, readPrincipals, UnsupportedRoleError } from '#local/iam/principals';
import { BUCKET, iamFixtureTemplate, STATE_MACHINE_ARN, TABLE_ARN } from './fixture.ts';

const withRole = (
  template: CfnTemplate,
  roleId: string,
  properties: Record<string, unknown>,
): CfnTemplate => {
  const resources = structuredClone(template.Resources!);
  resources[roleId]!.Properties = { ...resources[roleId]!.Properties, ...properties };
  return { ...template, Resources: resources };
};

describe('readPrincipals', () => {
  it('gives each function with a dfk:entry its role, resolved policies and own credentials', () => {
    // Prepare
    const template = iamFixtureTemplate();

    // Act
    const principals = readPrincipals(template);

    // Assess
    expect(principals.map((p) => p.functionLogicalId)).toEqual(['ApiGetTask9D92155F', 'ApiRunTask93DFAD03']);
    const [getTask, runTask] = principals;
    expect(getTask).toMatchObject({
      functionName: 'ApiGetTask9D92155F',
      roleLogicalId: 'ApiGetTaskRole74581C67',
      roleArn: 'arn:aws:iam::000000000000:role/ApiGetTaskRole74581C67',
      arn: 'arn:aws:sts::000000000000:assumed-role/ApiGetTaskRole74581C67/ApiGetTask9D92155F',
    });
    expect(getTask!.policies.map((p) => p.name)).toEqual(['ApiGetTaskRoleDefaultPolicyE375A831']);
    expect(getTask!.policies[0]!.document.Statement).toContainEqual({
      Action: ['dynamodb:GetItem', 'dynamodb:Query'],
      Effect: 'Allow',
      Resource: [TABLE_ARN, `${TABLE_ARN}/index/*`],
    });
    expect(runTask!.policies[0]!.document.Statement).toContainEqual({
      Action: 'states:StartExecution',
      Effect: 'Allow',
      Resource: STATE_MACHINE_ARN,
    });
    expect(getTask!.credentials.accessKeyId).not.toBe(runTask!.credentials.accessKeyId);
  });

  it('includes the role’s inline policies', () => {
    // Prepare
    const template = withRole(iamFixtureTemplate(), 'ApiGetTaskRole74581C67', {
      Policies: [
        {
          PolicyName: 'Extra',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 's3:PutObject',
                // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
                Resource: { 'Fn::Sub': 'arn:aws:s3:::${StoreData1EC3E106}/*' },
              },
            ],
          },
        },
      ],
    });

    // Act
    const [getTask] = readPrincipals(template);

    // Assess
    expect(getTask!.policies.map((p) => p.name)).toEqual([
      'ApiGetTaskRole74581C67/Extra',
      'ApiGetTaskRoleDefaultPolicyE375A831',
    ]);
    expect(getTask!.policies[0]!.document.Statement).toEqual([
      { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*` },
    ]);
  });

  it('refuses a role with a managed policy it cannot read, naming the role', () => {
    // Prepare
    const template = withRole(iamFixtureTemplate(), 'ApiGetTaskRole74581C67', {
      ManagedPolicyArns: [
        {
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonDynamoDBFullAccess']],
        },
      ],
    });

    // Act
    const read = () => readPrincipals(template);

    // Assess
    expect(read).toThrow(UnsupportedRoleError);
    expect(read).toThrow(/ApiGetTaskRole74581C67.*arn:aws:iam::aws:policy\/AmazonDynamoDBFullAccess/);
  });

  it('ignores AWSLambdaBasicExecutionRole, which grants nothing the gateway sees', () => {
    // Prepare
    const template = withRole(iamFixtureTemplate(), 'ApiGetTaskRole74581C67', {
      ManagedPolicyArns: [
        {
          'Fn::Join': [
            '',
            ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          ],
        },
      ],
    });

    // Act
    const [getTask] = readPrincipals(template);

    // Assess
    expect(getTask!.policies).toHaveLength(1);
  });

  it('builds a principal for every function of the synthesized stack, none with an unreadable role', () => {
    // Prepare
    const template = synthesizeTemplate() as CfnTemplate;

    // Act
    const principals = readPrincipals(template);

    // Assess
    expect(principals.length).toBeGreaterThan(10);
    for (const principal of principals) expect(principal.policies.length).toBeGreaterThan(0);
  });
});

describe('generateCredentials', () => {
  it('makes a 20-character AKIALOCAL key id and a 40-character secret', () => {
    // Act
    const { accessKeyId, secretAccessKey } = generateCredentials();

    // Assess
    expect(accessKeyId).toMatch(/^AKIALOCAL[A-Z0-9]{11}$/);
    expect(secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
  });
});
