import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbKeyRepository } from '#adapters/aws/dynamodb-key-repository';
import { hashKey, keyIdOf } from '#core/accounts';
import type { ApiKeyRecord, KeyRepository } from '#core/ports/key-repository';
import { keysCommand, type Output } from '#infra/keys';
import { LOCAL_CREDENTIALS } from '#local/emulators';
import { type LocalRuntime, startLocalRuntime } from '#local/runtime';
import { fixtureAssembly } from './fixture-assembly.ts';

const run = promisify(execFile);

class MemoryKeys implements KeyRepository {
  readonly byHash = new Map<string, ApiKeyRecord>();
  async findByHash(hash: string) {
    return this.byHash.get(hash) ?? null;
  }
  async create(hash: string, record: ApiKeyRecord) {
    this.byHash.set(hash, record);
  }
  async revoke(keyIdOrHash: string) {
    for (const [hash, record] of this.byHash) {
      if (hash === keyIdOrHash || record.keyId === keyIdOrHash) {
        record.revoked = true;
        return record;
      }
    }
    return null;
  }
  async list() {
    return [...this.byHash.values()];
  }
}

function capture(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

describe('keysCommand', () => {
  it('create prints the new key alone on stdout and stores only its hash', async () => {
    const keys = new MemoryKeys();
    const io = capture();

    const code = await keysCommand(['create', 'alice'], keys, io);

    expect(code).toBe(0);
    expect(io.stdout).toHaveLength(1);
    const key = io.stdout[0] as string;
    expect(key).toMatch(/^dfk_[\w-]{43}$/);
    expect(await keys.findByHash(hashKey(key))).toMatchObject({
      account: 'alice',
      keyId: keyIdOf(hashKey(key)),
    });
    expect([...keys.byHash.keys()].some((stored) => stored.includes(key))).toBe(false);
    expect(io.stderr.join('\n')).not.toContain(key);
  });

  it('revoke accepts the key itself or its keyId', async () => {
    const keys = new MemoryKeys();
    const first = capture();
    const second = capture();
    await keysCommand(['create', 'alice'], keys, first);
    await keysCommand(['create', 'bob'], keys, second);
    const [aliceKey, bobKey] = [first.stdout[0] as string, second.stdout[0] as string];

    const byKey = await keysCommand(['revoke', aliceKey], keys, capture());
    const byId = await keysCommand(['revoke', keyIdOf(hashKey(bobKey))], keys, capture());

    expect([byKey, byId]).toEqual([0, 0]);
    expect((await keys.list()).map((record) => record.revoked)).toEqual([true, true]);
  });

  it('revoke of an unknown key exits 1 without echoing the key', async () => {
    const io = capture();

    expect(await keysCommand(['revoke', 'dfk_secret'], new MemoryKeys(), io)).toBe(1);
    expect(io.stderr.join('\n')).not.toContain('dfk_secret');
  });

  it('list prints one tab-separated line per key, oldest first', async () => {
    const keys = new MemoryKeys();
    await keys.create('h2', { keyId: 'bbb', account: 'b', createdAt: '2025-01-02T00:00:00Z', revoked: true });
    await keys.create('h1', {
      keyId: 'aaa',
      account: 'a',
      createdAt: '2025-01-01T00:00:00Z',
      revoked: false,
    });
    const io = capture();

    await keysCommand(['list'], keys, io);

    expect(io.stdout).toEqual([
      'aaa\ta\t2025-01-01T00:00:00Z\tactive',
      'bbb\tb\t2025-01-02T00:00:00Z\trevoked',
    ]);
  });

  it('answers usage, exit 2, for anything else', async () => {
    for (const args of [[], ['create'], ['create', 'a', 'b'], ['drop'], ['create', 'a b']]) {
      const io = capture();
      expect(await keysCommand(args, new MemoryKeys(), io), args.join(' ')).toBe(2);
      expect(io.stdout).toEqual([]);
    }
  });
});

describe('npm run keys against the running local stack', () => {
  let dataDir: string;
  let runtime: LocalRuntime;
  const keys = (...args: string[]) =>
    run(process.execPath, ['infra/keys.ts', ...args], { env: { ...process.env, DFK_DATA_DIR: dataDir } });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dfk-keys-'));
    runtime = await startLocalRuntime({ assembly: await fixtureAssembly(), port: 0, dataDir, log: () => {} });
  });

  afterAll(async () => {
    await runtime?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a key in the local table found through runtime.json, then revokes it', async () => {
    const created = await keys('create', 'alice');
    const key = created.stdout.trim();
    const listed = await keys('list');
    await keys('revoke', key);

    const documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: runtime.endpoints.dynamodb,
        region: 'us-east-1',
        credentials: LOCAL_CREDENTIALS,
      }),
    );
    const stored = await new DynamoDbKeyRepository(documents, runtime.tableName).findByHash(hashKey(key));
    documents.destroy();

    expect(created.stdout).toMatch(/^dfk_[\w-]{43}\n$/);
    expect(created.stderr).toContain('Local stack');
    expect(listed.stdout).toContain('\talice\t');
    expect(listed.stdout).toContain('\tlocal\t');
    expect(stored).toMatchObject({ account: 'alice', revoked: true });
  });
});
