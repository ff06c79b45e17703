/**
 * The service end to end: `npm start`'s stack (`node infra/local/main.ts`, a port of its own, a fresh
 * data directory) given the bench's scheme as a task, create to completed over its HTTP API, the
 * records read back through store. CPU is the whole stack's: the runtime process and every process
 * under it (the Lambda containers), from /proc.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalStack, startLocalStack } from '../lib/local-stack.ts';
import { treeCpuMs } from '../lib/proc.ts';
import type { BenchCase } from './cases.ts';
import { type ContenderRun, countValues, RecordsDigest } from './contender.ts';

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

export interface CrawlOptions {
  /** The task's `maxRequests`; default all the pages. */
  maxRequests?: number;
  /** Over the case's own `request.type`. */
  renderer?: BenchCase['renderer'];
  /** How often the task is read until it completes; default 500 ms, as a user might. */
  pollMs?: number;
}

/** One task of the bench's scheme on `origin`: create (and run) to completed, the records read back. */
export async function serviceCrawl(
  service: Service,
  bench: BenchCase,
  origin: string,
  { maxRequests = 100_000, renderer = bench.renderer, pollMs = 500 }: CrawlOptions = {},
): Promise<ContenderRun> {
  const scheme = {
    name: `bench ${bench.name}`,
    request: { url: `${origin}${bench.startPath}`, type: renderer },
    ...bench.scheme,
    concurrency: bench.concurrency,
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
    // Each info call costs the stack 15-20 CPU ms (bench:soak).
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    task = await api<Task>(service, 'GET', `/tasks/${created.id}`);
  }
  const crawlMs = performance.now() - startedAt;
  const cpuMs = (await treeCpuMs(service.pid)) - cpuBefore;
  const store = await api<{ url: string }>(service, 'POST', `/tasks/${created.id}/store`);
  const records = (await (await fetch(store.url)).json()) as unknown[];
  const digest = new RecordsDigest();
  for (const record of records) digest.add(record);
  return {
    contender: 'service',
    pages: task.requests - (task.failedRequests ?? 0),
    records: records.length,
    values: countValues(records),
    failed: task.failedRequests ?? 0,
    digest: digest.value(),
    crawlMs: Math.round(crawlMs),
    cpuMs: Math.round(cpuMs),
    peakRssMiB: 0,
  };
}

/** The browser step's cold start as the local runtime shows it: a new container's, and a warm one's. */
export interface ServiceChromeStart {
  /** A one-page chrome task, create to completed, when the browser step's container is new. */
  coldTaskMs: number;
  /** The same task again, on that container and its browser. */
  warmTaskMs: number;
  /** The runtime's log of the container's start: the process ready, the bundle's module init. */
  containerReadyMs: number;
  moduleInitMs: number;
}

/**
 * One-page tasks on a new stack: one of type `base` first (every other function's container then
 * warm), then the chrome one twice. The first chrome task pays the browser step's cold start: the
 * container, the bundle's init, the binary decompressed into its fresh /tmp, the launch and the first
 * context. Polled every 50 ms.
 */
export async function serviceChromeStart(
  service: Service,
  bench: BenchCase,
  origin: string,
): Promise<ServiceChromeStart> {
  const onePage = { maxRequests: 1, pollMs: 50 };
  await serviceCrawl(service, bench, origin, { ...onePage, renderer: 'base' });
  const cold = await serviceCrawl(service, bench, origin, onePage);
  const warm = await serviceCrawl(service, bench, origin, onePage);
  const logged = /\[\w*ExtractChromeBatch\w*\] cold start: ready in (\d+) ms \(module init (\d+) ms\)/u.exec(
    service.stderr(),
  );
  if (!logged) throw new Error(`The browser step logged no cold start: ${service.stderr().slice(-2000)}`);
  return {
    coldTaskMs: cold.crawlMs,
    warmTaskMs: warm.crawlMs,
    containerReadyMs: Number(logged[1]),
    moduleInitMs: Number(logged[2]),
  };
}
