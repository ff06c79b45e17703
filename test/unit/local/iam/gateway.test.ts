import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CfnTemplate } from '#infra/template';
import { closeServer, type Emulator, ensureTables, listen, startDynamoDb, startS3 } from '#local/emulators';
import { createIamGateway, type Refusal } from '#local/iam/gateway';
import type { Credentials, Principal } from '#local/iam/principals';
import { generateCredentials, readPrincipals } from '#local/iam/principals';
import { createSfnServer, LocalStepFunctions } from '#local/stepfunctions';
import { readTables } from '#local/template';
import { BUCKET, iamFixtureTemplate, STATE_MACHINE_ARN } from './fixture.ts';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const TABLE = 'Tasks0BA6A452';
const template = iamFixtureTemplate();
const [getTask, runTask] = readPrincipals(template) as [Principal, Principal];
const admin = generateCredentials();

const refusals: Refusal[] = [];
const servers: Server[] = [];
const emulators: Emulator[] = [];
const clients: { destroy(): void }[] = [];
let s3Directory: string;
const endpoints = { dynamodb: '', s3: '', sfn: '' };

async function gateway(service: 'dynamodb' | 's3' | 'sfn', upstream: string): Promise<string> {
  const server = createIamGateway({
    service,
    upstream,
    principals: [getTask, runTask],
    admin,
    region: REGION,
    account: ACCOUNT,
    log: (refusal) => refusals.push(refusal),
  });
  servers.push(server);
  return `http://127.0.0.1:${await listen(server, 0)}`;
}

beforeAll(async () => {
  const dynamodb = await startDynamoDb({ port: 0 });
  await ensureTables(
    dynamodb.endpoint,
    // The template's key schema is unknown[]; it is CreateTable's shape, as runtime.ts passes it too.
    readTables(template).map((table) => table.createTable as CreateTableCommandInput),
  );
  s3Directory = await mkdtemp(join(tmpdir(), 'iam-gateway-'));
  const s3 = await startS3({ port: 0, directory: s3Directory, buckets: [BUCKET] });
  emulators.push(dynamodb, s3);
  const sfnServer = createSfnServer(
    new LocalStepFunctions({
      stateMachines: [{ arn: STATE_MACHINE_ARN, name: 'LifecycleStateMachineCA0743DB' }],
      runner: () => ({ result: new Promise(() => {}), abort: () => {} }),
    }),
  );
  servers.push(sfnServer);
  const sfnEndpoint = `http://127.0.0.1:${await listen(sfnServer, 0)}`;
  endpoints.dynamodb = await gateway('dynamodb', dynamodb.endpoint);
  endpoints.s3 = await gateway('s3', s3.endpoint);
  endpoints.sfn = await gateway('sfn', sfnEndpoint);
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const server of servers) await closeServer(server);
  for (const emulator of emulators) await emulator.close();
  await rm(s3Directory, { recursive: true, force: true });
});

const track = <T extends { destroy(): void }>(client: T) => {
  clients.push(client);
  return client;
};
const common = (credentials: Credentials) => ({ region: REGION, credentials, maxAttempts: 1 });
const dynamoAs = (credentials: Credentials) =>
  track(new DynamoDBClient({ ...common(credentials), endpoint: endpoints.dynamodb }));
// As functions/adapters/aws/clients/s3.ts configures S3 locally.
const s3As = (credentials: Credentials) =>
  track(
    new S3Client({
      ...common(credentials),
      endpoint: endpoints.s3,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    }),
  );
const sfnAs = (credentials: Credentials) =>
  track(new SFNClient({ ...common(credentials), endpoint: endpoints.sfn }));

/** The error a call rejects with, for its name, status and message. */
async function failure(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (rejected: unknown) => rejected as Error & { $metadata: { httpStatusCode?: number } },
  );
  if (!error) throw new Error('Expected the call to fail');
  return { name: error.name, status: error.$metadata.httpStatusCode, message: error.message };
}

const item = (id: string) => ({ pk: { S: `task#${id}` }, sk: { S: 'task' } });

describe('createIamGateway in front of dynalite', () => {
  it('forwards a call the role allows', async () => {
    // Prepare
    const client = dynamoAs(runTask.credentials);

    // Act
    await client.send(
      new PutItemCommand({ TableName: TABLE, Item: { ...item('1'), status: { S: 'CREATED' } } }),
    );
    const read = await dynamoAs(getTask.credentials).send(
      new GetItemCommand({ TableName: TABLE, Key: item('1') }),
    );

    // Assess
    expect(read.Item?.status).toEqual({ S: 'CREATED' });
  });

  it('refuses dynamodb:PutItem to a role that only reads, as AccessDeniedException', async () => {
    // Prepare
    const client = dynamoAs(getTask.credentials);

    // Act
    const error = await failure(client.send(new PutItemCommand({ TableName: TABLE, Item: item('2') })));

    // Assess
    expect(error).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: `User: ${getTask.arn} is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE} because no identity-based policy allows the dynamodb:PutItem action`,
    });
    expect(refusals.at(-1)).toMatchObject({
      functionName: getTask.functionName,
      action: 'dynamodb:PutItem',
      resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${TABLE}`,
    });
  });

  it('refuses a call once its grant is removed from the stack, and forwards it once it is back', async () => {
    // Prepare: RunTask's policy without dynamodb:PutItem
    const withoutPut = structuredClone(template);
    const statements = (
      withoutPut.Resources!.ApiRunTaskRoleDefaultPolicy14CC72B3!.Properties!.PolicyDocument as {
        Statement: { Action: string | string[] }[];
      }
    ).Statement;
    for (const statement of statements)
      if (Array.isArray(statement.Action))
        statement.Action = statement.Action.filter((a) => a !== 'dynamodb:PutItem');
    const callAs = async (stack: CfnTemplate) => {
      const principal = readPrincipals(stack).find((p) => p.functionLogicalId === runTask.functionLogicalId)!;
      const server = createIamGateway({
        service: 'dynamodb',
        upstream: emulators[0]!.endpoint,
        principals: [principal],
        admin,
        region: REGION,
        account: ACCOUNT,
        log: () => {},
      });
      servers.push(server);
      const endpoint = `http://127.0.0.1:${await listen(server, 0)}`;
      const client = track(new DynamoDBClient({ ...common(principal.credentials), endpoint }));
      return client.send(new PutItemCommand({ TableName: TABLE, Item: item('grant') }));
    };

    // Act
    const removed = await failure(callAs(withoutPut));
    const restored = await callAs(template);

    // Assess
    expect(removed).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    expect(restored.$metadata.httpStatusCode).toBe(200);
  });

  it('refuses an unknown key as UnrecognizedClientException', async () => {
    // Act
    const error = await failure(
      dynamoAs(generateCredentials()).send(new GetItemCommand({ TableName: TABLE, Key: item('1') })),
    );

    // Assess
    expect(error).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
  });

  it('refuses a signature made with another secret as InvalidSignatureException', async () => {
    // Prepare
    const forged = { accessKeyId: getTask.credentials.accessKeyId, secretAccessKey: 'x'.repeat(40) };

    // Act
    const error = await failure(
      dynamoAs(forged).send(new GetItemCommand({ TableName: TABLE, Key: item('1') })),
    );

    // Assess
    expect(error).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
  });

  it('lets the runtime’s own key through without policy checks', async () => {
    // Act
    const described = await dynamoAs(admin).send(new DescribeTableCommand({ TableName: TABLE }));

    // Assess
    expect(described.Table?.TableName).toBe(TABLE);
  });

  it('answers 502 in DynamoDB’s shape when the emulator is down', async () => {
    // Prepare
    const down = createIamGateway({
      service: 'dynamodb',
      upstream: 'http://127.0.0.1:9',
      principals: [getTask],
      admin,
      region: REGION,
      account: ACCOUNT,
      log: () => {},
    });
    servers.push(down);
    const client = track(
      new DynamoDBClient({
        ...common(getTask.credentials),
        endpoint: `http://127.0.0.1:${await listen(down, 0)}`,
      }),
    );

    // Act
    const error = await failure(client.send(new GetItemCommand({ TableName: TABLE, Key: item('1') })));

    // Assess
    expect(error).toMatchObject({ name: 'InternalServerError', status: 502 });
  });
});

describe('createIamGateway in front of s3rver', () => {
  const body = (text: string) => Buffer.from(text);

  it('forwards uploads, reads and listings the role allows', async () => {
    // Prepare
    const writer = s3As(runTask.credentials);
    const reader = s3As(getTask.credentials);

    // Act
    await writer.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'stores/t1/result.json', Body: body('{"a":1}') }),
    );
    const read = await reader.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'stores/t1/result.json' }));
    const listed = await reader.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'stores/t1/' }));

    // Assess
    expect(await read.Body?.transformToString()).toBe('{"a":1}');
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['stores/t1/result.json']);
  });

  it('refuses s3:PutObject to a role that only reads, as AccessDenied', async () => {
    // Act
    const error = await failure(
      s3As(getTask.credentials).send(
        new PutObjectCommand({ Bucket: BUCKET, Key: 'stores/t1/evil', Body: body('x') }),
      ),
    );

    // Assess
    expect(error).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${getTask.arn} is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${BUCKET}/stores/t1/evil" because no identity-based policy allows the s3:PutObject action`,
    });
  });

  it('refuses a HEAD with a bare 403, as S3 does', async () => {
    // Act
    const error = await failure(
      s3As(generateCredentials()).send(
        new HeadObjectCommand({ Bucket: BUCKET, Key: 'stores/t1/result.json' }),
      ),
    );

    // Assess
    expect(error.status).toBe(403);
  });

  it('refuses DeleteObjects when the role may not delete one of its keys', async () => {
    // Act
    const error = await failure(
      s3As(getTask.credentials).send(
        new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'stores/t1/result.json' }] } }),
      ),
    );

    // Assess
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(error.message).toContain(
      `s3:DeleteObject on resource: "arn:aws:s3:::${BUCKET}/stores/t1/result.json"`,
    );
  });

  it('forwards DeleteObjects the role allows, with the body it read', async () => {
    // Prepare
    const writer = s3As(runTask.credentials);
    await writer.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tmp/a', Body: body('a') }));

    // Act
    const deleted = await writer.send(
      new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'tmp/a' }] } }),
    );

    // Assess
    expect(deleted.Deleted?.map((object) => object.Key)).toEqual(['tmp/a']);
  });

  it('serves a presigned link, response overrides included', async () => {
    // Prepare
    const url = await getSignedUrl(
      s3As(getTask.credentials),
      new GetObjectCommand({
        Bucket: BUCKET,
        Key: 'stores/t1/result.json',
        ResponseContentDisposition: 'attachment; filename="result.json"',
      }),
      { expiresIn: 60 },
    );

    // Act
    const response = await fetch(url);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="result.json"');
    expect(await response.text()).toBe('{"a":1}');
  });

  it('refuses a presigned link whose key was edited to another task’s, as SignatureDoesNotMatch', async () => {
    // Prepare
    await s3As(runTask.credentials).send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'stores/t2/result.json', Body: body('secret') }),
    );
    const url = await getSignedUrl(
      s3As(getTask.credentials),
      new GetObjectCommand({ Bucket: BUCKET, Key: 'stores/t1/result.json' }),
    );

    // Act
    const response = await fetch(url.replace('stores/t1/', 'stores/t2/'));

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('refuses a presigned upload link of a role that may not write', async () => {
    // Prepare
    const url = await getSignedUrl(
      s3As(getTask.credentials),
      new PutObjectCommand({ Bucket: BUCKET, Key: 'uploads/u1' }),
    );

    // Act
    const response = await fetch(url, { method: 'PUT', body: 'data' });

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('answers a CORS preflight without credentials, from the bucket’s CORS rules', async () => {
    // Act
    const response = await fetch(`${endpoints.s3}/${BUCKET}/uploads/u1`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT' },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('streams a 20 MB upload through and back', async () => {
    // Prepare
    const size = 20 * 1024 * 1024;
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const expected = createHash('sha256');
    for (let i = 0; i < 20; i++) expected.update(chunk);
    const writer = s3As(runTask.credentials);

    // Act
    await writer.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'uploads/large.bin',
        Body: Readable.from(
          (function* () {
            for (let i = 0; i < 20; i++) yield chunk;
          })(),
        ),
        ContentLength: size,
      }),
    );
    const read = await writer.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'uploads/large.bin' }));
    const actual = createHash('sha256');
    for await (const part of read.Body as Readable) actual.update(part as Buffer);

    // Assess
    expect(read.ContentLength).toBe(size);
    expect(actual.digest('hex')).toBe(expected.digest('hex'));
  });

  it('refuses a large upload of a role that may not write, before its body is sent', async () => {
    // Prepare: the SDK waits for 100 Continue before sending a body this size
    let sent = 0;
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < 20; i++) {
          sent += 1;
          yield Buffer.alloc(1024 * 1024);
        }
      })(),
    );

    // Act
    const error = await failure(
      s3As(getTask.credentials).send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: 'uploads/big',
          Body: body,
          ContentLength: 20 * 1024 * 1024,
        }),
      ),
    );

    // Assess
    expect(error).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(sent).toBeLessThan(20);
  });

  it('stays up when a client aborts an upload midway', async () => {
    // Prepare: a presigned upload link, the body cut after 1 MB of 10
    const url = new URL(
      await getSignedUrl(
        s3As(runTask.credentials),
        new PutObjectCommand({ Bucket: BUCKET, Key: 'uploads/cut' }),
      ),
    );
    const aborted = new Promise<void>((resolve) => {
      const request = httpRequest(url, {
        method: 'PUT',
        headers: { 'content-length': String(10 * 1024 * 1024) },
      });
      request.on('error', () => resolve());
      request.write(Buffer.alloc(1024 * 1024), () => setTimeout(() => request.destroy(), 50));
    });
    await aborted;

    // Act
    const listed = await s3As(getTask.credentials).send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'stores/' }),
    );

    // Assess
    expect(listed.Contents?.length).toBeGreaterThan(0);
  });

  it('answers a key that does not decode with InvalidURI', async () => {
    // Act
    const response = await fetch(`${endpoints.s3}/${BUCKET}/bad%ZZkey`);

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>InvalidURI</Code>');
  });

  it('never logs a secret or a signature', () => {
    // Assess
    const logged = JSON.stringify(refusals);
    expect(refusals.length).toBeGreaterThan(0);
    for (const principal of [getTask, runTask])
      expect(logged).not.toContain(principal.credentials.secretAccessKey);
    expect(logged).not.toMatch(/Signature=|X-Amz-Signature/);
  });
});

describe('createIamGateway in front of the Step Functions endpoint', () => {
  it('forwards StartExecution on the state machine the role may start', async () => {
    // Act
    const started = await sfnAs(runTask.credentials).send(
      new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 't1', input: '{}' }),
    );

    // Assess
    expect(started.executionArn).toBe(`${STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:t1`);
  });

  it('refuses StartExecution to a role without the grant, as AccessDeniedException', async () => {
    // Act
    const error = await failure(
      sfnAs(getTask.credentials).send(
        new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: 't2' }),
      ),
    );

    // Assess
    expect(error).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message: `User: ${getTask.arn} is not authorized to perform: states:StartExecution on resource: ${STATE_MACHINE_ARN} because no identity-based policy allows the states:StartExecution action`,
    });
  });
});
