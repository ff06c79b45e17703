/**
 * One conversion through `npm start` against the engine alone, on the same generated CSV: where
 * the local runtime's time goes. The runtime is started as `npm start` starts it (`node
 * infra/local/main.ts`, PORT=0, a fresh DFK_DATA_DIR); the file is PUT to the task's presigned
 * upload link, the task run and polled every 250 ms. CPU seconds are read from /proc for the
 * runtime's own process (the HTTP API, the IAM gateways in front of s3rver and dynalite, s3rver,
 * dynalite, Step Functions) and for its Lambda containers (Convert among them) over the run.
 *
 *   node bench/conversion/local.ts                  # 300 MB, csv → jsonl
 *   node bench/conversion/local.ts --mb 50 --to json
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CONVERT_V8_FLAGS } from '#infra/lifecycle';
import { startLocalStack } from '../lib/local-stack.ts';
import { descendants } from '../lib/proc.ts';
import { generateCsv } from './generate.ts';

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '300' }, to: { type: 'string', default: 'jsonl' } },
});
const MB = Number(values.mb);
const TO = values.to as string;
const WORK = fileURLToPath(new URL('../.work/', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);
const log = (message: string) => process.stderr.write(`${message}\n`);

/** User + system CPU seconds of a process so far (0 once it is gone). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** The engine alone, as `npm run bench:conversion` runs it: files for S3, the Convert step's V8 flags. */
function engineAlone(input: string): { seconds: number; cpu: number } {
  const started = performance.now();
  const run = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%U %S',
      process.execPath,
      ...CONVERT_V8_FLAGS.split(' '),
      join(REPO, 'bench/conversion/convert-file.ts'),
      input,
      join(WORK, `local-engine.${TO}`),
      'csv',
      TO,
    ],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  const [user = 0, system = 0] = (run.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  return { seconds: (performance.now() - started) / 1000, cpu: user + system };
}

async function api<T>(base: string, key: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

mkdirSync(WORK, { recursive: true });
const input = join(WORK, `input-${MB}.csv`);
if (!existsSync(input) || Math.abs(statSync(input).size / 2 ** 20 - MB) > 1) await generateCsv(input, MB);
const size = statSync(input).size / 2 ** 20;

log(`engine alone: csv → ${TO}, ${size.toFixed(0)} MB…`);
const alone = engineAlone(input);

log('starting npm start…');
const dataDir = mkdtempSync(join(tmpdir(), 'dfk-local-bench-'));
const runtime = await startLocalStack({ dataDir });
try {
  type Created = { id: string; upload: { url: string } };
  const task = await api<Created>(runtime.baseUrl, runtime.apiKey, 'POST', '/tasks/create', {
    type: 'conversion',
    scheme: { source: { upload: true }, from: 'csv', to: TO },
  });
  let started = performance.now();
  const put = await fetch(task.upload.url, {
    method: 'PUT',
    body: Readable.toWeb(createReadStream(input)) as ReadableStream,
    headers: { 'content-length': String(statSync(input).size), 'content-type': 'text/csv' },
    duplex: 'half',
  } as RequestInit);
  if (!put.ok) throw new Error(`upload: ${put.status} ${await put.text()}`);
  const uploadSeconds = (performance.now() - started) / 1000;

  const cpuBefore = {
    runtime: cpuSeconds(runtime.pid),
    containers: new Map(descendants(runtime.pid).map((pid) => [pid, cpuSeconds(pid)])),
  };
  log(`uploaded in ${uploadSeconds.toFixed(1)} s; running…`);
  started = performance.now();
  await api(runtime.baseUrl, runtime.apiKey, 'POST', `/tasks/${task.id}/run`);
  let status = '';
  while (status !== 'completed') {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const view = await api<{ status: string; error: string | null }>(
      runtime.baseUrl,
      runtime.apiKey,
      'GET',
      `/tasks/${task.id}`,
    );
    status = view.status;
    if (status === 'error' || status === 'cancelled')
      throw new Error(`the task ended ${status}: ${view.error}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const runtimeCpu = cpuSeconds(runtime.pid) - cpuBefore.runtime;
  const containersCpu = descendants(runtime.pid).reduce(
    (total, pid) => total + cpuSeconds(pid) - (cpuBefore.containers.get(pid) ?? 0),
    0,
  );

  console.log(`\ncsv → ${TO}, ${size.toFixed(0)} MB of CSV\n`);
  console.log('| run | wall s | MB/s | CPU s, Convert (containers) | CPU s, runtime process |');
  console.log('|---|---:|---:|---:|---:|');
  console.log(
    `| engine alone (files) | ${alone.seconds.toFixed(1)} | ${(size / alone.seconds).toFixed(1)} | ${alone.cpu.toFixed(1)} | |`,
  );
  console.log(
    `| npm start: run → completed | ${seconds.toFixed(1)} | ${(size / seconds).toFixed(1)} | ${containersCpu.toFixed(1)} | ${runtimeCpu.toFixed(1)} |`,
  );
  console.log(
    `| npm start: the upload's PUT | ${uploadSeconds.toFixed(1)} | ${(size / uploadSeconds).toFixed(1)} | | |`,
  );
} finally {
  await runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
