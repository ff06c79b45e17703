/**
 * `.dfk/runtime.json`: where a running local stack listens, so `npm run keys` (another process)
 * can reach it. Written on start, removed on stop; a file whose pid is gone is stale.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RuntimeFile {
  pid: number;
  endpoints: { api: string; dynamodb: string; s3: string; sfn: string };
  tableName: string;
  bucketName: string;
  startedAt: string;
}

export const runtimeFilePath = (dataDir: string) => join(dataDir, 'runtime.json');

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The file's content, or null when there is none or it is not valid. */
export async function readRuntimeFile(dataDir: string): Promise<RuntimeFile | null> {
  try {
    const value = JSON.parse(await readFile(runtimeFilePath(dataDir), 'utf8')) as RuntimeFile;
    return typeof value.pid === 'number' && typeof value.tableName === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** The running local stack described by the file, or null when none runs. */
export async function findRunningRuntime(dataDir: string): Promise<RuntimeFile | null> {
  const file = await readRuntimeFile(dataDir);
  return file && isPidAlive(file.pid) ? file : null;
}

export async function writeRuntimeFile(dataDir: string, file: RuntimeFile): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(runtimeFilePath(dataDir), `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
}

export async function removeRuntimeFile(dataDir: string): Promise<void> {
  await rm(runtimeFilePath(dataDir), { force: true });
}
