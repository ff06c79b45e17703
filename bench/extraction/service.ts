/**
 * The service end to end: `npm start`'s stack (`node infra/local/main.ts`, a port of its own, a fresh
 * data directory) given the bench's scheme as a task, create to completed over its HTTP API, the
 * records read back through store. CPU is the whole stack's: the runtime process and every process
 * under it (the Lambda containers), from /proc.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '../lib/local-stack.ts';
import type { BenchCase } from './cases.ts';
import { type ContenderRun, countValues } from './contender.ts';

export type Service = LocalStack;

/** Starts the stack; resolves once it listens. The first start bundles every function (about 40 s). */
export async function startService(): Promise<Service> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dfk-bench-service-'));
  const stack = await startLocalStack({
    dataDir,
    env: {
      // An assembly of its own, kept between runs: another session's `npm start` may be bundling the shared one.
      DFK_ASSEMBLY_DIR: process.env.DFK_ASSEMBLY_DIR ?? join(tmpdir(), 'dfk-bench-extraction-assembly'),
      POWERTOOLS_LOG_LEVEL: 'WARN',
    },
  });
  return {
    ...stack,
    stop: async () => {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const clockTicks = 100;

/** User + system CPU ms of `pid` and every live process under it, reaped children included. */
async function treeCpuMs(root: number): Promise<number> {
  const stats = new Map<number, { parent: number; ms: number; reaped: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    const text = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command's closing parenthesis: state ppid … utime(14) stime cutime cstime.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    if (fields.length < 15) continue;
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => Number(fields[index]));
    stats.set(Number(entry), {
      parent: Number(fields[1]),
      ms: (((utime ?? 0) + (stime ?? 0)) * 1000) / clockTicks,
      reaped: (((cutime ?? 0) + (cstime ?? 0)) * 1000) / clockTicks,
    });
  }
  const inTree = (pid: number): boolean => {
    for (let current = pid, hops = 0; hops < 50; hops++) {
      if (current === root) return true;
      const parent = stats.get(current)?.parent;
      if (parent === undefined || parent <= 1) return false;
      current = parent;
    }
    return false;
  };
  let total = 0;
  for (const [pid, stat] of stats) if (inTree(pid)) total += stat.ms + stat.reaped;
  return total;
}

async function api<T>(service: Service, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: {
      'x-api-key': service.apiKey,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

interface Task {
  id: string;
  status: string;
  requests: number;
  failedRequests?: number;
  error: string | null;
}

/** One task of the bench's scheme on `origin`: create (and run) to completed, the records read back. */
export async function serviceCrawl(
  service: Service,
  bench: BenchCase,
  origin: string,
  maxRequests = 100_000,
): Promise<ContenderRun> {
  const scheme = {
    name: `bench ${bench.name}`,
    request: { url: `${origin}${bench.startPath}` },
    ...bench.scheme,
    concurrency: 10,
    maxRequests,
    respectRobotsTxt: true,
    format: 'json',
  };
  const cpuBefore = await treeCpuMs(service.pid);
  const startedAt = performance.now();
  const created = await api<Task>(service, 'POST', '/tasks/create', {
    type: 'extraction',
    scheme,
    run: true,
  });
  let task = created;
  while (task.status !== 'completed') {
    if (task.status === 'failed' || task.status === 'cancelled')
      throw new Error(`task ${task.id} ended ${task.status}: ${task.error}`);
    // Each info call costs the stack 15-20 CPU ms (bench:soak): polled twice a second, as a user might.
    await new Promise((resolve) => setTimeout(resolve, 500));
    task = await api<Task>(service, 'GET', `/tasks/${created.id}`);
  }
  const crawlMs = performance.now() - startedAt;
  const cpuMs = (await treeCpuMs(service.pid)) - cpuBefore;
  const store = await api<{ url: string }>(service, 'POST', `/tasks/${created.id}/store`);
  const records = (await (await fetch(store.url)).json()) as unknown[];
  return {
    contender: 'service',
    pages: task.requests - (task.failedRequests ?? 0),
    records: records.length,
    values: countValues(records),
    failed: task.failedRequests ?? 0,
    crawlMs: Math.round(crawlMs),
    cpuMs: Math.round(cpuMs),
    peakRssMiB: 0,
  };
}
