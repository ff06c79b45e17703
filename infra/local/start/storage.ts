import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CfnTemplate } from '#infra/template';
import { type Emulator, ensureTables, startDynamoDb, startS3 } from '../emulators.ts';
import { findRunningRuntime } from '../runtime-file.ts';
import { startSecretsManager } from '../secrets-manager.ts';
import { readBuckets, readSecrets, readTables } from '../template.ts';
import type { Cleanups } from './cleanups.ts';

export interface Storage {
  dynamodb: Emulator;
  s3: Emulator;
  secretsmanager: Emulator;
}

/**
 * dynalite, s3rver and the Secrets Manager stand-in with the template's tables, buckets and secrets:
 * in `dataDir/dynamodb`, `dataDir/s3` and `dataDir/secrets.json`, which one runtime uses at a time,
 * or in memory and a temporary folder when ephemeral.
 */
export async function startStorage(
  template: CfnTemplate,
  options: { dataDir: string; ephemeral: boolean },
  cleanups: Cleanups,
): Promise<Storage> {
  const { dataDir, ephemeral } = options;
  if (!ephemeral) {
    const other = await findRunningRuntime(dataDir);
    if (other) throw new Error(`Another local runtime (pid ${other.pid}) uses ${dataDir}; stop it first`);
    await mkdir(join(dataDir, 'dynamodb'), { recursive: true });
    await mkdir(join(dataDir, 's3'), { recursive: true });
  }
  const dynamodb = await startDynamoDb({ port: 0, path: ephemeral ? undefined : join(dataDir, 'dynamodb') });
  cleanups.add(() => dynamodb.close());
  let s3Directory = join(dataDir, 's3');
  if (ephemeral) {
    s3Directory = await mkdtemp(join(tmpdir(), 'dfk-s3-'));
    cleanups.add(() => rm(s3Directory, { recursive: true, force: true }));
  }
  const s3 = await startS3({
    port: 0,
    directory: s3Directory,
    buckets: readBuckets(template).map((bucket) => bucket.name),
  });
  cleanups.add(() => s3.close());
  await ensureTables(
    dynamodb.endpoint,
    readTables(template).map((table) => table.createTable as never),
  );
  const secretsmanager = await startSecretsManager({
    port: 0,
    secrets: readSecrets(template),
    ...(ephemeral ? {} : { file: join(dataDir, 'secrets.json') }),
  });
  cleanups.add(() => secretsmanager.close());
  return { dynamodb, s3, secretsmanager };
}
