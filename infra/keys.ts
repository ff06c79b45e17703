// `npm run --silent keys -- create <account> | revoke <key or keyId> | list`
// Talks to the running local stack (.dfk/runtime.json with a live pid), otherwise to the
// deployed stack (its TableName output). Messages go to stderr; stdout carries only the result.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbKeyRepository } from '#adapters/aws/dynamodb-key-repository';
import { hashKey } from '#core/accounts';
import type { KeyRepository } from '#core/ports/key-repository';
import { adminDynamoDb } from '#local/emulators';
import { findRunningRuntime } from '#local/runtime-file';
import { issueApiKey } from './issue-key.ts';
import { stackNameOf } from './stack-name.ts';

export const USAGE = `Usage: npm run --silent keys -- <command>
  create <account>        a new key for the account; prints the key alone on stdout
  revoke <key | keyId>    revokes a key (takes effect within the key cache time, a minute)
  list                    the keys: keyId, account, created, state`;

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const ACCOUNT_PATTERN = /^[\w.@+-]{1,128}$/;

/** Runs one command against a key repository; returns the exit code. */
export async function keysCommand(args: string[], keys: KeyRepository, io: Output): Promise<number> {
  const [command, argument, ...rest] = args;
  if (command === 'create' && argument && rest.length === 0) {
    if (!ACCOUNT_PATTERN.test(argument)) {
      io.err(`An account name is 1–128 letters, digits or . _ @ + -, not "${argument}"`);
      return 2;
    }
    const { key, keyId } = await issueApiKey(keys, argument);
    io.err(`Created key ${keyId} for account ${argument}. It is shown once; keep it safe.`);
    io.out(key);
    return 0;
  }
  if (command === 'revoke' && argument && rest.length === 0) {
    // A whole key is never sent anywhere: only its hash, which the repository matches.
    const record = await keys.revoke(argument.startsWith('dfk_') ? hashKey(argument) : argument);
    if (!record) {
      io.err(`No key matches ${argument.startsWith('dfk_') ? 'that key' : argument}`);
      return 1;
    }
    io.err(`Revoked key ${record.keyId} of account ${record.account}`);
    return 0;
  }
  if (command === 'list' && argument === undefined) {
    const records = (await keys.list()).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    if (records.length === 0) io.err('No keys');
    for (const record of records)
      io.out(
        [record.keyId, record.account, record.createdAt, record.revoked ? 'revoked' : 'active'].join('\t'),
      );
    return 0;
  }
  io.err(USAGE);
  return 2;
}

/** The key table of the running local stack, else of the deployed stack `DFK_STACK_NAME`. */
async function openKeyTable(env: NodeJS.ProcessEnv, io: Output) {
  const local = await findRunningRuntime(env.DFK_DATA_DIR || '.dfk');
  if (local) {
    io.err(`Local stack (pid ${local.pid}, ${local.endpoints.api})`);
    return { client: adminDynamoDb(local.endpoints.dynamodb), tableName: local.tableName };
  }
  const stackName = stackNameOf(env);
  const cloudFormation = new CloudFormationClient({});
  let tableName: string | undefined;
  try {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    tableName = Stacks?.[0]?.Outputs?.find((output) => output.OutputKey === 'TableName')?.OutputValue;
  } catch (error) {
    throw new Error(
      `No local stack runs (no live ${env.DFK_DATA_DIR || '.dfk'}/runtime.json) and the deployed stack ` +
        `${stackName} could not be read: ${(error as Error).message}`,
    );
  } finally {
    cloudFormation.destroy();
  }
  if (!tableName) throw new Error(`Stack ${stackName} has no TableName output`);
  io.err(`Deployed stack ${stackName} (no local stack runs)`);
  return { client: new DynamoDBClient({}), tableName };
}

async function main(): Promise<number> {
  const io: Output = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  const args = process.argv.slice(2);
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
    io.err(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  const { client, tableName } = await openKeyTable(process.env, io);
  try {
    return await keysCommand(
      args,
      new DynamoDbKeyRepository(DynamoDBDocumentClient.from(client), tableName),
      io,
    );
  } finally {
    client.destroy();
  }
}

if (import.meta.main) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
