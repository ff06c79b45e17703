import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CfnTemplate } from '#infra/template';
import { closeServer, type Emulator, listen } from '#local/emulators';
import { createIamGateway } from '#local/iam/gateway';
import { type Credentials, generateCredentials, type Principal, readPrincipals } from '#local/iam/principals';
import { generatedValue, startSecretsManager } from '#local/secrets-manager';
import { readSecrets, refOf } from '#local/template';

const REGION = 'us-east-1';

const lambdaRole = {
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: {
      Statement: [
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
      ],
      Version: '2012-10-17',
    },
  },
};
const fn = (roleId: string, entry: string) => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Handler: 'index.handler', Role: { 'Fn::GetAtt': [roleId, 'Arn'] }, Runtime: 'nodejs24.x' },
  Metadata: { 'dfk:entry': entry },
});

/** A secret as CDK's `Secret` writes it, read by ListTasks as `grantRead` grants; GetTask has no grant. */
const template: CfnTemplate = {
  Resources: {
    CursorKey: {
      Type: 'AWS::SecretsManager::Secret',
      Properties: {
        GenerateSecretString: { ExcludePunctuation: true, IncludeSpace: false, PasswordLength: 64 },
      },
    },
    ListTasksRole: lambdaRole,
    ListTasksPolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyDocument: {
          Statement: [
            {
              Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
              Effect: 'Allow',
              Resource: { Ref: 'CursorKey' },
            },
          ],
          Version: '2012-10-17',
        },
        PolicyName: 'ListTasksPolicy',
        Roles: [{ Ref: 'ListTasksRole' }],
      },
    },
    ListTasks: fn('ListTasksRole', 'functions/api/list-tasks.ts'),
    GetTaskRole: lambdaRole,
    GetTask: fn('GetTaskRole', 'functions/api/get-task.ts'),
  },
};

const principals = readPrincipals(template);
const principal = (logicalId: string) =>
  principals.find((p) => p.functionLogicalId === logicalId) as Principal;
const admin = generateCredentials();
const secretArn = refOf(template, 'CursorKey');

let directory: string;
const emulators: Emulator[] = [];
const servers: Server[] = [];
const clients: SecretsManagerClient[] = [];
let gatewayEndpoint = '';

const startEmulator = async () => {
  const emulator = await startSecretsManager({
    port: 0,
    secrets: readSecrets(template),
    file: join(directory, 'secrets.json'),
  });
  emulators.push(emulator);
  return emulator;
};

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'secrets-manager-'));
  const emulator = await startEmulator();
  const server = createIamGateway({
    service: 'secretsmanager',
    upstream: emulator.endpoint,
    principals,
    admin,
    region: REGION,
    account: '000000000000',
    log: () => {},
  });
  servers.push(server);
  gatewayEndpoint = `http://127.0.0.1:${await listen(server, 0)}`;
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const server of servers) await closeServer(server);
  for (const emulator of emulators) await emulator.close();
  await rm(directory, { recursive: true, force: true });
});

const clientAs = (credentials: Credentials, endpoint = gatewayEndpoint) => {
  const client = new SecretsManagerClient({ region: REGION, credentials, endpoint, maxAttempts: 1 });
  clients.push(client);
  return client;
};

async function failure(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (rejected: unknown) => rejected as Error & { $metadata: { httpStatusCode?: number } },
  );
  if (!error) throw new Error('Expected the call to fail');
  return { name: error.name, status: error.$metadata.httpStatusCode, message: error.message };
}

describe('the local Secrets Manager behind its IAM gateway', () => {
  it('gives the granted function the generated value: 64 letters and digits, by ARN or by name', async () => {
    const client = clientAs(principal('ListTasks').credentials);
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    expect(byArn.ARN).toBe(secretArn);
    expect(byArn.ARN).toMatch(/^arn:aws:secretsmanager:us-east-1:000000000000:secret:CursorKey-[0-9a-f]{6}$/);
    expect(byArn.SecretString).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(byArn.VersionStages).toEqual(['AWSCURRENT']);
    const byName = await client.send(new GetSecretValueCommand({ SecretId: 'CursorKey' }));
    expect(byName.SecretString).toBe(byArn.SecretString);
    const described = await client.send(new DescribeSecretCommand({ SecretId: secretArn }));
    expect(described.Name).toBe('CursorKey');
  });

  it('refuses a function without the grant, as AccessDeniedException', async () => {
    const refused = await failure(
      clientAs(principal('GetTask').credentials).send(new GetSecretValueCommand({ SecretId: secretArn })),
    );
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toContain(`secretsmanager:GetSecretValue on resource: ${secretArn}`);
  });

  it('refuses operations nobody is granted and the emulator does not serve', async () => {
    const refused = await failure(
      clientAs(principal('ListTasks').credentials).send(new ListSecretsCommand({})),
    );
    expect(refused.status).toBe(400);
    expect(refused.message).toContain('does not map Secrets Manager ListSecrets');
  });

  it('answers an unknown secret as ResourceNotFoundException', async () => {
    const refused = await failure(
      clientAs(admin).send(
        new GetSecretValueCommand({
          SecretId: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:Nope-abcdef',
        }),
      ),
    );
    expect(refused.name).toBe('ResourceNotFoundException');
  });

  it('keeps each value across a restart, in a file only its owner reads', async () => {
    const first = await clientAs(admin).send(new GetSecretValueCommand({ SecretId: secretArn }));
    const restarted = await startEmulator();
    const again = await clientAs(admin, restarted.endpoint).send(
      new GetSecretValueCommand({ SecretId: secretArn }),
    );
    expect(again.SecretString).toBe(first.SecretString);
    expect(again.VersionId).toBe(first.VersionId);
    const file = join(directory, 'secrets.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain(first.SecretString as string);
  });
});

describe('generatedValue', () => {
  it('follows GenerateSecretString: length, each included type, exclusions', () => {
    const value = generatedValue({
      length: 40,
      excludeCharacters: 'abc0',
      excludePunctuation: false,
      includeSpace: true,
    });
    expect(value).toHaveLength(40);
    expect(value).toMatch(/[A-Z]/);
    expect(value).toMatch(/[d-z]/);
    expect(value).toMatch(/[1-9]/);
    expect(value).toMatch(/[!-/:-@[-`{-~]/);
    expect(value).toContain(' ');
    expect(value).not.toMatch(/[abc0]/);
    const values = new Set(
      Array.from({ length: 50 }, () =>
        generatedValue({ length: 64, excludeCharacters: '', excludePunctuation: true, includeSpace: false }),
      ),
    );
    expect(values.size).toBe(50);
  });
});
