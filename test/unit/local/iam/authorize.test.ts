import { describe, expect, it } from 'vitest';
import { synthesizeTemplate } from '#infra/synth';
import type { CfnTemplate } from '#infra/template';
import { authorize } from '#local/iam/authorize';
import type { GatewayService } from '#local/iam/errors';
import { type Principal, readPrincipals } from '#local/iam/principals';
import { BUCKET, iamFixtureTemplate, STATE_MACHINE_ARN, TABLE_ARN } from './fixture.ts';

const OPTIONS = { region: 'us-east-1', account: '000000000000' };
const [getTask, runTask] = readPrincipals(iamFixtureTemplate()) as [Principal, Principal];

const decide = (principal: Principal, service: GatewayService, action: string, resource: string) =>
  authorize(principal, [{ action, resource }], { ...OPTIONS, service });

describe('authorize', () => {
  it('allows dynamodb:GetItem on the table the role grants it on', async () => {
    // Act
    const decision = await decide(getTask, 'dynamodb', 'dynamodb:GetItem', TABLE_ARN);

    // Assess
    expect(decision).toEqual({ allowed: true });
  });

  it('allows dynamodb:Query on an index through the table/index/* grant', async () => {
    // Act
    const decision = await decide(getTask, 'dynamodb', 'dynamodb:Query', `${TABLE_ARN}/index/byCreation`);

    // Assess
    expect(decision).toEqual({ allowed: true });
  });

  it('refuses dynamodb:PutItem when the role only grants GetItem and Query, in AWS’s words', async () => {
    // Act
    const decision = await decide(getTask, 'dynamodb', 'dynamodb:PutItem', TABLE_ARN);

    // Assess
    expect(decision).toMatchObject({ allowed: false, reason: 'implicit' });
    if (!decision.allowed)
      expect(decision.error).toEqual({
        code: 'AccessDeniedException',
        status: 400,
        message: `User: ${getTask.arn} is not authorized to perform: dynamodb:PutItem on resource: ${TABLE_ARN} because no identity-based policy allows the dynamodb:PutItem action`,
      });
  });

  it('refuses a table the role was not granted', async () => {
    // Act
    const decision = await decide(
      getTask,
      'dynamodb',
      'dynamodb:GetItem',
      TABLE_ARN.replace(/table\/.*/, 'table/Other'),
    );

    // Assess
    expect(decision.allowed).toBe(false);
  });

  it('allows s3:GetObject on any key through the bucket/* grant, a key with * included', async () => {
    // Act
    const plain = await decide(getTask, 's3', 's3:GetObject', `arn:aws:s3:::${BUCKET}/stores/t1/result.json`);
    const starred = await decide(getTask, 's3', 's3:GetObject', `arn:aws:s3:::${BUCKET}/odd*key`);

    // Assess
    expect(plain).toEqual({ allowed: true });
    expect(starred).toEqual({ allowed: true });
  });

  it('refuses s3:PutObject to a role that only reads, quoting the resource as S3 does', async () => {
    // Act
    const resource = `arn:aws:s3:::${BUCKET}/uploads/u1`;
    const decision = await decide(getTask, 's3', 's3:PutObject', resource);

    // Assess
    expect(decision).toMatchObject({ allowed: false });
    if (!decision.allowed)
      expect(decision.error).toEqual({
        code: 'AccessDenied',
        status: 403,
        message: `User: ${getTask.arn} is not authorized to perform: s3:PutObject on resource: "${resource}" because no identity-based policy allows the s3:PutObject action`,
      });
  });

  it('refuses s3:ListBucket on another bucket, and s3:GetObject there', async () => {
    // Act
    const list = await decide(getTask, 's3', 's3:ListBucket', 'arn:aws:s3:::otherbucket');
    const get = await decide(getTask, 's3', 's3:GetObject', 'arn:aws:s3:::otherbucket/k');

    // Assess
    expect(list.allowed).toBe(false);
    expect(get.allowed).toBe(false);
  });

  it('does not read a literal * in a key as a pattern that a narrower grant could match', async () => {
    // Prepare: a grant on one prefix only
    const narrow: Principal = {
      ...getTask,
      policies: [
        {
          name: 'narrow',
          document: {
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/public/*` },
            ],
          },
        },
      ],
    };

    // Act
    const decision = await decide(narrow, 's3', 's3:GetObject', `arn:aws:s3:::${BUCKET}/*`);

    // Assess
    expect(decision.allowed).toBe(false);
  });

  it('allows states:StartExecution on the granted state machine only', async () => {
    // Act
    const granted = await decide(runTask, 'sfn', 'states:StartExecution', STATE_MACHINE_ARN);
    const other = await decide(runTask, 'sfn', 'states:StartExecution', `${STATE_MACHINE_ARN}Other`);
    const stop = await decide(
      runTask,
      'sfn',
      'states:StopExecution',
      `${STATE_MACHINE_ARN.replace('stateMachine', 'execution')}:t1`,
    );

    // Assess
    expect(granted).toEqual({ allowed: true });
    expect(other).toMatchObject({ allowed: false, error: { code: 'AccessDeniedException', status: 400 } });
    expect(stop.allowed).toBe(false);
  });

  it('says "with an explicit deny" when a Deny statement matches', async () => {
    // Prepare
    const denied: Principal = {
      ...runTask,
      policies: [
        ...runTask.policies,
        {
          name: 'deny',
          document: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' }],
          },
        },
      ],
    };

    // Act
    const decision = await decide(denied, 'dynamodb', 'dynamodb:DeleteItem', TABLE_ARN);

    // Assess
    expect(decision).toMatchObject({ allowed: false, reason: 'explicit' });
    if (!decision.allowed)
      expect(decision.error.message).toMatch(/with an explicit deny in an identity-based policy$/);
  });

  it('refuses when any check of a call is refused, naming that check', async () => {
    // Act: CopyObject from a bucket the role cannot read
    const decision = await authorize(
      runTask,
      [
        { action: 's3:PutObject', resource: `arn:aws:s3:::${BUCKET}/to` },
        { action: 's3:GetObject', resource: 'arn:aws:s3:::elsewhere/from' },
      ],
      { ...OPTIONS, service: 's3' },
    );

    // Assess
    expect(decision).toMatchObject({
      allowed: false,
      check: { action: 's3:GetObject', resource: 'arn:aws:s3:::elsewhere/from' },
    });
  });

  it('refuses an action the simulator does not know, as invalid', async () => {
    // Act
    const decision = await decide(runTask, 'dynamodb', 'dynamodb:NoSuchThing', TABLE_ARN);

    // Assess
    expect(decision).toMatchObject({ allowed: false, reason: 'invalid' });
  });

  it('evaluates every policy of the synthesized stack (none is refused as invalid)', async () => {
    // Prepare
    const principals = readPrincipals(synthesizeTemplate() as CfnTemplate);
    const table = principals[0]!.policies
      .flatMap((policy) => policy.document.Statement as { Resource?: unknown }[])
      .flatMap((statement) => [statement.Resource].flat())
      .find((resource): resource is string => typeof resource === 'string' && resource.includes(':table/'));

    // Act
    const decisions = await Promise.all(
      principals.map((principal) => decide(principal, 'dynamodb', 'dynamodb:GetItem', table!)),
    );

    // Assess
    expect(table).toBeDefined();
    expect(decisions.filter((decision) => !decision.allowed && decision.reason === 'invalid')).toEqual([]);
  });
});
