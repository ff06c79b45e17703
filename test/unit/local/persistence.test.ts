// A persistent local stack (what `npm start` runs): data, the key and runtime.json across restarts.
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntimeOptions, startLocalRuntime } from '#local/runtime';
import { readRuntimeFile } from '#local/runtime-file';
import { fixtureAssembly } from './fixture-assembly.ts';

let dataDir: string;
const start = async (options: { apiKey?: string; ports?: LocalRuntimeOptions['ports'] } = {}) =>
  startLocalRuntime({ assembly: await fixtureAssembly(), port: 0, dataDir, log: () => {}, ...options });
const portOf = (endpoint: string) => Number(new URL(endpoint).port);
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'dfk-persist-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('a persistent local stack', () => {
  it('writes runtime.json while running and removes it on stop', async () => {
    const runtime = await start();
    const file = await readRuntimeFile(dataDir);
    await runtime.stop();

    expect(file).toMatchObject({
      pid: process.pid,
      endpoints: runtime.endpoints,
      tableName: 'TasksTable1A2B3C4D',
      bucketName: 'storedatabucket5e6f7a8b',
    });
    expect(await exists(join(dataDir, 'runtime.json'))).toBe(false);
  });

  it('keeps its key and its stored objects across restarts', async () => {
    const first = await start();
    const stored = await fetch(`${first.endpoints.api}/v1/store/kept.txt`, { method: 'POST', body: 'kept' });
    const { url } = (await stored.json()) as { url: string };
    await first.stop();

    const ports = Object.fromEntries(
      Object.entries(first.endpoints)
        .filter(([service]) => service !== 'api')
        .map(([service, endpoint]) => [service, portOf(endpoint)]),
    );
    const second = await start({ ports });
    const download = await fetch(url);
    const { apiKey, endpoints } = second;
    await second.stop();

    expect(apiKey).toBe(first.apiKey);
    // On the same ports, a link handed out before the restart still works.
    expect({ ...endpoints, api: '' }).toEqual({ ...first.endpoints, api: '' });
    expect(await download.text()).toBe('kept');
    expect(await exists(join(dataDir, 'local-key'))).toBe(true);
  });

  it('uses DFK_API_KEY when given, without forgetting the remembered key', async () => {
    const fixed = await start({ apiKey: 'dfk_fixed-for-this-test' });
    const key = fixed.apiKey;
    await fixed.stop();

    expect(key).toBe('dfk_fixed-for-this-test');
  });

  it('stops with an execution running: aborted, its step awaited, the emulators closed', async () => {
    const runtime = await startLocalRuntime({
      assembly: await fixtureAssembly(),
      port: 0,
      ephemeral: true,
      log: () => {},
      stepFunctions: { waitMs: 0 },
    });
    await fetch(`${runtime.endpoints.api}/v1/start/long`, { method: 'POST', body: '{"wait":300}' });
    const started = Date.now();
    const running = runtime.executions.get('long')?.status;

    await runtime.stop();

    expect(running).toBe('RUNNING');
    expect(runtime.executions.get('long')?.status).toBe('ABORTED');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await expect(fetch(runtime.endpoints.dynamodb)).rejects.toThrow();
    await expect(fetch(runtime.endpoints.api)).rejects.toThrow();
  });

  it('refuses a second runtime on the same data directory', async () => {
    const runtime = await start();

    await expect(start()).rejects.toThrow(/Another local runtime \(pid \d+\) uses/);
    await runtime.stop();
  });
});
