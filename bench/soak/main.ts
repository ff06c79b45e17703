/**
 * Soak: a long-running `npm start` under the task list and task info calls, watched for memory
 * growth (issue 10, item 5: dynalite left a LevelDB iterator open for every Query, and the
 * runtime's RSS grew with every `GET /v1/tasks`). For each side, the runtime is started as
 * `npm start` starts it (`node infra/local/main.ts`, PORT=0, a fresh DFK_DATA_DIR: dynalite on
 * LevelDB, in the runtime's own process), `--tasks` tasks are created, then `--calls` calls
 * alternate `GET /v1/tasks?limit=100` and `GET /v1/tasks/{id}`, `--concurrency` in flight. The RSS
 * of the runtime process (dynalite and the gateways) and of its Lambda containers (its child
 * processes) is sampled after a warm-up (`--warmup` calls), every `--every` calls, and after the
 * calls and a pause; the runtime's live heap (after a full GC, through its inspector, which it runs
 * with here on 127.0.0.1) when it is ready and at the end.
 *
 *   npm run bench:soak                       # both sides, 100,000 calls each
 *   npm run bench:soak -- --calls 20000 --sides patched
 *
 * Sides: `published` is dynalite 4.0.0 as published (`unpatched-dynalite.ts` undoes
 * patches/dynalite+4.0.0.patch in memory as it loads), what `npm start` ran before the patch;
 * `patched` is node_modules as `npm install` leaves it. Everything talks to 127.0.0.1; the loop
 * is bounded by `--calls` and by `--max-minutes` per side.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from '../lib/child.ts';
import { type LocalStack, startLocalStack } from '../lib/local-stack.ts';
import { descendants, rssKb } from '../lib/proc.ts';
import { DYNALITE_PATCH, parseHunks, UNPATCHED_MARK } from './unpatched-dynalite.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? (argv[at + 1] ?? fallback) : fallback;
};
const CALLS = Number(option('calls', '100000'));
const CONCURRENCY = Number(option('concurrency', '20'));
const TASKS = Number(option('tasks', '300'));
const EVERY = Number(option('every', '10000'));
const WARMUP = Number(option('warmup', '2000'));
const MAX_MINUTES = Number(option('max-minutes', '45'));
type Side = 'published' | 'patched';
const SIDES = option('sides', 'published,patched').split(',') as Side[];
for (const side of SIDES) {
  if (side !== 'published' && side !== 'patched')
    throw new Error(`--sides: published and/or patched, not ${side}`);
}

const log = (message: string) => process.stderr.write(`${message}\n`);
const MiB = (kB: number) => (kB / 1024).toFixed(0);

/**
 * The runtime's inspector (it runs with `--inspect=127.0.0.1:0`): its live heap after a full GC,
 * the figure that tells retained objects from heap the process keeps around.
 */
class Inspector {
  #socket: WebSocket;
  #next = 1;
  #pending = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      if (message.id === undefined) return;
      this.#pending.get(message.id)?.(message);
      this.#pending.delete(message.id);
    });
  }

  static connect(url: string): Promise<Inspector> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.addEventListener('open', () => resolve(new Inspector(socket)), { once: true });
      socket.addEventListener('error', () => reject(new Error(`inspector ${url}: no connection`)), {
        once: true,
      });
    });
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (message) =>
        message.error
          ? reject(new Error(`${method}: ${message.error.message}`))
          : resolve(message.result as T),
      );
      this.#socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Used heap after a full collection, in kB. */
  async liveHeapKb(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.send<{ usedSize: number }>('Runtime.getHeapUsage');
    return usedSize / 1024;
  }

  close(): void {
    this.#socket.close();
  }
}

interface Sample {
  label: string;
  calls: number;
  seconds: number;
  runtimeKb: number;
  /** The runtime's live heap after a full GC (taken after its RSS), at `ready` and at the end. */
  heapKb: number | undefined;
  containers: number;
  containersKb: number;
}

/**
 * The RSS of the runtime and its containers now; with `heap`, then the runtime's live heap, which
 * forces a full GC: only at `ready` and at the very end, so that no forced GC shrinks the RSS
 * between the samples that are compared.
 */
async function sample(
  runtime: Runtime,
  label: string,
  calls: number,
  startedAt: number,
  heap = false,
): Promise<Sample> {
  const children = descendants(runtime.pid);
  const seconds = (performance.now() - startedAt) / 1000;
  const runtimeKb = rssKb(runtime.pid);
  const containersKb = children.reduce((sum, child) => sum + rssKb(child), 0);
  const heapKb = heap ? await runtime.inspector.liveHeapKb() : undefined;
  const result = { label, calls, seconds, runtimeKb, heapKb, containers: children.length, containersKb };
  log(
    `  ${label.padEnd(8)} ${String(calls).padStart(7)} calls  runtime ${MiB(runtimeKb)} MiB` +
      `${heapKb === undefined ? '' : ` (live heap ${MiB(heapKb)} MiB)`}, ${result.containers} containers ${MiB(containersKb)} MiB`,
  );
  return result;
}

interface Runtime extends LocalStack {
  host: string;
  port: number;
  inspector: Inspector;
}

const INSPECTOR_URL = /Debugger listening on (ws:\/\/127\.0\.0\.1:\S+)/;

/** `npm start`'s command on a free port and a fresh data directory, with its inspector; resolves once it listens. */
async function startRuntime(side: Side, dataDir: string): Promise<Runtime> {
  const nodeFlags = ['--inspect=127.0.0.1:0'];
  if (side === 'published') nodeFlags.push('--import', './bench/soak/unpatched-dynalite.ts');
  const stack = await startLocalStack({
    dataDir,
    nodeFlags,
    readyWhen: (stderr) => INSPECTOR_URL.test(stderr),
  });
  const { hostname, port } = new URL(stack.baseUrl);
  if (hostname !== '127.0.0.1') {
    await stack.stop();
    throw new Error(`the runtime listens on ${hostname}, not 127.0.0.1`);
  }
  const inspector = await Inspector.connect(INSPECTOR_URL.exec(stack.stderr())?.[1] as string);
  return { ...stack, host: hostname, port: Number(port), inspector };
}

async function stopRuntime(runtime: Runtime): Promise<void> {
  runtime.inspector.close();
  await runtime.stop();
}

/** One call; resolves with its status and body. */
function call(
  runtime: Runtime,
  agent: Agent,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: runtime.host,
        port: runtime.port,
        method,
        path: `/v1${path}`,
        agent,
        headers: {
          'X-Api-Key': runtime.apiKey,
          ...(payload === undefined
            ? {}
            : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** A scheme the create endpoint accepts; the tasks are never run (the calls only read them). */
const scheme = (n: number) => ({
  type: 'extraction',
  scheme: {
    name: `soak-${n}`,
    request: { url: `http://127.0.0.1:9/soak/${n}`, type: 'base' },
    commonParent: 'article',
    fields: [{ name: 'Title', selector: 'h3 a', type: 1, attrs: ['text'] }],
    format: 'json',
  },
});

interface Failures {
  count: number;
  first?: string;
}

/** `total` calls from `first` on, `CONCURRENCY` in flight; `onCall` sees each finished call. */
async function load(
  total: number,
  concurrency: number,
  deadline: number,
  send: (n: number) => Promise<{ status: number; body: string }>,
  onCall: (done: number) => void,
  failures: Failures,
): Promise<number> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < total && Date.now() < deadline) {
      const n = next++;
      try {
        const answer = await send(n);
        if (answer.status !== 200 && answer.status !== 201) {
          failures.count++;
          failures.first ??= `${answer.status} ${answer.body.slice(0, 300)}`;
        }
      } catch (error) {
        failures.count++;
        failures.first ??= (error as Error).message;
      }
      done++;
      onCall(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}

interface SideResult {
  side: Side;
  samples: Sample[];
  calls: number;
  callsPerSecond: number;
  failures: Failures;
}

async function soak(side: Side): Promise<SideResult> {
  const dataDir = await mkdtemp(join(tmpdir(), `dfk-soak-${side}-`));
  log(`\n${side}: starting the local runtime (data in ${dataDir})`);
  const runtime = await startRuntime(side, dataDir);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const failures: Failures = { count: 0 };
  const samples: Sample[] = [];
  try {
    const marked = runtime.stderr().includes(UNPATCHED_MARK);
    if ((side === 'published') !== marked) {
      throw new Error(
        `${side}: dynalite was ${marked ? '' : 'not '}loaded as published: ${runtime.stderr()}`,
      );
    }
    const startedAt = performance.now();
    const deadline = Date.now() + MAX_MINUTES * 60_000;
    samples.push(await sample(runtime, 'ready', 0, startedAt, true));

    const ids: string[] = [];
    await load(
      TASKS,
      Math.min(CONCURRENCY, 10),
      deadline,
      async (n) => {
        const answer = await call(runtime, agent, 'POST', '/tasks/create', scheme(n));
        if (answer.status === 201) ids.push((JSON.parse(answer.body) as { id: string }).id);
        return answer;
      },
      () => {},
      failures,
    );
    if (ids.length < TASKS)
      throw new Error(`${side}: ${ids.length} of ${TASKS} tasks created: ${failures.first}`);

    const send = (n: number) =>
      n % 2 === 0
        ? call(runtime, agent, 'GET', '/tasks?limit=100')
        : call(runtime, agent, 'GET', `/tasks/${ids[Math.floor(n / 2) % ids.length]}`);
    // The containers start and the code warms up: the baseline is taken after this.
    await load(WARMUP, CONCURRENCY, deadline, send, () => {}, failures);
    samples.push(await sample(runtime, 'before', 0, startedAt));

    const loadStarted = performance.now();
    // RSS is read at once (sample is synchronous up to the inspector's GC), in call order.
    const during: Promise<Sample>[] = [];
    const calls = await load(
      CALLS,
      CONCURRENCY,
      deadline,
      send,
      (done) => {
        if (done % EVERY === 0 && done < CALLS) during.push(sample(runtime, 'during', done, startedAt));
      },
      failures,
    );
    samples.push(...(await Promise.all(during)));
    const callsPerSecond = calls / ((performance.now() - loadStarted) / 1000);
    samples.push(await sample(runtime, 'after', calls, startedAt));
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    samples.push(await sample(runtime, 'idle 5 s', calls, startedAt, true));
    if (calls < CALLS) log(`${side}: stopped at ${calls} calls, --max-minutes ${MAX_MINUTES} reached`);
    return { side, samples, calls, callsPerSecond, failures };
  } finally {
    agent.destroy();
    await stopRuntime(runtime);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Whether node_modules/dynalite carries the patch (what `npm install`'s postinstall applies). */
function installedPatched(): boolean {
  return [...parseHunks(readFileSync(DYNALITE_PATCH, 'utf8'))].every(([path, hunks]) => {
    const source = readFileSync(join(REPO_ROOT, path), 'utf8');
    return hunks.every((hunk) => source.includes(hunk.patched.replace(/\n$/, '')));
  });
}

function revision(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

if (SIDES.includes('patched') && !installedPatched()) {
  throw new Error(
    'node_modules/dynalite lacks patches/dynalite+4.0.0.patch: run npm install (its postinstall applies it)',
  );
}
log(
  `soak: ${CALLS} calls per side (after ${WARMUP} to warm up), ${CONCURRENCY} in flight, ${TASKS} tasks; ` +
    `commit ${revision()}, Node ${process.version}, load average ${loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
);
const results: SideResult[] = [];
for (const side of SIDES) results.push(await soak(side));

const rows = results.flatMap((result) =>
  result.samples.map((s) => [
    result.side,
    s.label,
    s.calls,
    s.seconds.toFixed(0),
    MiB(s.runtimeKb),
    s.heapKb === undefined ? '' : MiB(s.heapKb),
    s.containers,
    MiB(s.containersKb),
  ]),
);
process.stdout.write(
  `\n${table(['dynalite', 'sample', 'calls', 'at s', 'runtime RSS MiB', 'live heap MiB', 'containers', 'containers RSS MiB'], rows)}\n\n`,
);
const summary = results.map((result) => {
  const ready = result.samples.find((s) => s.label === 'ready');
  const before = result.samples.find((s) => s.label === 'before');
  const after = result.samples.find((s) => s.label === 'idle 5 s');
  const growth = before && after ? (after.runtimeKb - before.runtimeKb) / 1024 : Number.NaN;
  // From ready: the warm-up's list calls count too.
  const heapGrowthKb = (after?.heapKb ?? Number.NaN) - (ready?.heapKb ?? Number.NaN);
  const listCalls = (WARMUP + result.calls) / 2;
  return [
    result.side,
    result.calls,
    result.callsPerSecond.toFixed(0),
    before ? MiB(before.runtimeKb) : '-',
    after ? MiB(after.runtimeKb) : '-',
    growth.toFixed(0),
    `${MiB(ready?.heapKb ?? Number.NaN)} → ${MiB(after?.heapKb ?? Number.NaN)}`,
    ((heapGrowthKb * 1024) / listCalls).toFixed(0),
    result.failures.count,
  ];
});
process.stdout.write(
  `${table(
    [
      'dynalite',
      'calls',
      'calls/s',
      'runtime RSS before MiB',
      'after MiB',
      'growth MiB',
      'live heap MiB, ready → end',
      'live heap bytes per list call',
      'failed calls',
    ],
    summary,
  )}\n`,
);
const failed = results.filter((result) => result.failures.count > 0);
for (const result of failed)
  log(`${result.side}: ${result.failures.count} calls failed, first: ${result.failures.first}`);
process.exitCode = failed.length > 0 ? 1 : 0;
