/**
 * Cold starts of what `cdk deploy` ships: the stack synthesized with every function bundled, each
 * function's `index.mjs` started in fresh Node processes (the local runtime's containers), against
 * bare handlers with the same SDK clients bundled the same way, measured in the same run. Then the
 * first invocation of each function with its sample event (`test/helpers/sample-events.ts`)
 * through the local runtime, and `npm start`'s time to ready, with an empty bundle cache and again.
 *
 *   npm run bench:coldstart [-- --rounds 5] [-- --no-start]
 *
 * Init is timed by `Container.start` (spawn → handler module loaded; `moduleInitMs` is the import
 * alone) in processes started here rather than through the runtime's pools: each round starts
 * every function and every baseline once, in a shuffled order, so machine noise falls on both
 * sides of a ratio alike, and no handler runs five times against the emulators. Each process gets
 * the environment the runtime gives that function (`functionEnvironment` with the runtime's
 * endpoints, credentials of its own and the DFK_* settings), its memory as the heap limit.
 * Everything listens on and talks to 127.0.0.1.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions } from '#infra/esbuild-options';
import { REPO_ROOT } from '#infra/function';
import { synthesizeAssembly } from '#infra/synth';
import type { CfnTemplate } from '#infra/template';
import { Container, type ContainerSpec } from '#local/containers/container';
import { containerSpecOf } from '#local/containers/functions';
import { LOCAL_CREDENTIALS } from '#local/emulators';
import { callerSettings } from '#local/environment';
import { type Credentials, readPrincipals } from '#local/iam/principals';
import { ASSEMBLY_DIR, type LocalRuntime, startLocalRuntime } from '#local/runtime';
import { functionArnOf, type LocalFunction, readFunctions, readRoutes } from '#local/template';
import { startFixtureSite } from '#test/helpers/fixture-site';
import { failureOf, invokeSamples } from '#test/helpers/sample-events';
import { startWebhookReceiver } from '#test/helpers/webhook-receiver';
import { table } from '../lib/child.ts';
import { BUDGETS } from './bundle-sizes.ts';

const argv = process.argv.slice(2);
const roundsAt = argv.indexOf('--rounds');
const ROUNDS = roundsAt >= 0 ? Number(argv[roundsAt + 1]) : 5;
const TIME_START = !argv.includes('--no-start');
/** An API function should initialize within this factor of the bare handler with its SDK clients. */
const TARGET_RATIO = 1.25;
const READY_LINE = 'Tasks API listening';

type Clients = 'a' | 'b' | 'c';
const BASELINES: Record<Clients, { file: string; label: string }> = {
  a: { file: 'dynamodb.ts', label: '(a) DynamoDB document client' },
  b: { file: 's3.ts', label: '(b) + S3 client and presigner' },
  c: { file: 'sfn.ts', label: '(c) + Step Functions client' },
};

interface Subject {
  /** `api/get-task`, or `baseline (a)`. */
  name: string;
  kind: 'api' | 'create' | 'step' | 'baseline';
  logicalId?: string;
  spec: ContainerSpec;
  bytes: number;
  budget?: number;
  /** The SDK clients in its bundle: which baseline it is held against. */
  clients: Clients;
  clientNames: string;
  init: number[];
  moduleInit: number[];
  /** Baselines: their handler's first invocation in each process. */
  invoke: number[];
  failure?: string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const ms = (value: number) => (Number.isFinite(value) ? String(Math.round(value)) : '-');
const spread = (values: number[]) =>
  values.length === 0 ? '-' : `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`;
const shuffled = <T>(items: T[]) => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
};
const kB = (bytes: number) => (bytes / 1000).toFixed(1);
const short = (entry: string) => entry.replace(/^functions\//, '').replace(/\.ts$/, '');
const log = (message: string) => process.stderr.write(`${message}\n`);

/** The commit measured, and whether sources differ from it (others may be editing them meanwhile). */
function revision(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  try {
    const changed = git('status', '--porcelain', '--', 'functions', 'infra')
      .split('\n')
      .filter(Boolean).length;
    return `commit ${git('rev-parse', '--short', 'HEAD')}${changed ? ` with ${changed} files changed under functions/ and infra/` : ''}`;
  } catch {
    return 'commit unknown';
  }
}

/** The SDK clients a bundle holds, from its source map's list of inputs. */
async function clientsOf(taskRoot: string): Promise<{ clients: Clients; names: string }> {
  const map = JSON.parse(await readFile(join(taskRoot, 'index.mjs.map'), 'utf8')) as { sources: string[] };
  const has = (pkg: string) => map.sources.some((source) => source.includes(`@aws-sdk/${pkg}/`));
  const names = [
    has('lib-dynamodb') && 'DynamoDB',
    has('client-s3') && 'S3',
    has('s3-request-presigner') && 'presigner',
    has('client-sfn') && 'SFN',
  ].filter(Boolean);
  const clients = has('client-sfn') ? 'c' : has('client-s3') || has('s3-request-presigner') ? 'b' : 'a';
  return { clients, names: names.join(' + ') || 'none' };
}

/** A baseline bundled as `NodejsFunction` bundles a function with the stack's `BUNDLING`. */
async function bundleBaseline(file: string, outdir: string): Promise<void> {
  await build(esbuildOptions(join(REPO_ROOT, 'bench/coldstart/baselines', file), join(outdir, 'index.mjs')));
}

/** The spec the runtime's pool gives a function's containers. */
async function specOf(
  fn: LocalFunction,
  taskRoot: string,
  runtime: LocalRuntime,
  tmp: string,
  credentials: Credentials,
) {
  const tmpDir = join(tmp, 'lambda-tmp', fn.logicalId);
  await mkdir(tmpDir, { recursive: true });
  return containerSpecOf(
    { ...fn, assetPath: basename(taskRoot) },
    {
      assemblyDir: dirname(taskRoot),
      tmpDir,
      endpoints: runtime.endpoints,
      credentials,
      settings: callerSettings(process.env),
    },
  );
}

/** One fresh process: its init, then (baselines) one invocation; always stopped. */
async function measureOnce(subject: Subject): Promise<void> {
  const lines: string[] = [];
  let container: Container | undefined;
  try {
    container = await Container.start(subject.spec, (line) => lines.push(line));
    subject.init.push(container.initMs);
    subject.moduleInit.push(container.moduleInitMs);
    if (subject.kind === 'baseline') {
      const started = performance.now();
      await container.invoke({});
      subject.invoke.push(performance.now() - started);
    }
  } catch (error) {
    subject.failure ??= `${(error as Error).name}: ${(error as Error).message} ${lines.slice(-3).join(' | ')}`;
  } finally {
    await container?.stop();
  }
}

/** Spawns `npm start`'s command and times it until it says it listens; then stops it. */
async function timeToReady(dataDir: string, assemblyDir: string): Promise<{ ms: number; bundled: number }> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    DFK_DATA_DIR: dataDir,
    DFK_ASSEMBLY_DIR: assemblyDir,
  };
  delete env.DFK_API_KEY;
  const started = performance.now();
  const child = spawn(process.execPath, ['infra/local/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  // CDK says so for each function it bundles (an unchanged one comes from the bundle cache).
  let bundled = 0;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    bundled += chunk.split('Bundling asset ').length - 1;
    stderr = (stderr + chunk).slice(-4000);
  });
  const closed = new Promise<number | null>((resolveClose) => child.on('close', resolveClose));
  try {
    return await new Promise((resolveReady, reject) => {
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes(READY_LINE)) resolveReady({ ms: performance.now() - started, bundled });
      });
      void closed.then((code) => reject(new Error(`npm start exited with ${code} before ready: ${stderr}`)));
    });
  } finally {
    child.kill('SIGTERM');
    await closed;
  }
}

async function main(): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'dfk-bench-coldstart-'));
  // The machine is shared: its load says how far to trust the figures.
  const loadAtStart = loadavg()[0] ?? 0;
  const measured = revision();
  let runtime: LocalRuntime | undefined;
  const runtimeLog: string[] = [];
  try {
    let started = performance.now();
    const assembly = synthesizeAssembly({ outdir: ASSEMBLY_DIR });
    log(`Synthesized and bundled the stack into ${ASSEMBLY_DIR} in ${ms(performance.now() - started)} ms`);
    const template = assembly.template as CfnTemplate;
    const functions = readFunctions(template);
    const routed = new Set(readRoutes(template).map((route) => route.functionId));

    for (const baseline of Object.values(BASELINES))
      await bundleBaseline(baseline.file, join(tmp, 'baselines', baseline.file.replace(/\.ts$/, '')));

    runtime = await startLocalRuntime({
      assembly,
      ephemeral: true,
      port: 0,
      log: (message) => runtimeLog.push(message),
      functionLog: () => {},
    });

    // Credentials of each function's own (as the runtime makes them: nothing is called at init, so
    // these need not be the ones its gateways know); the baselines, invoked, sign with the runtime's key.
    const principals = new Map(readPrincipals(template).map((p) => [p.functionLogicalId, p.credentials]));
    const subjects: Subject[] = [];
    for (const fn of functions) {
      if (!fn.assetPath) throw new Error(`${fn.logicalId} has no bundled asset`);
      const taskRoot = resolve(assembly.directory, fn.assetPath);
      const kind = !routed.has(fn.logicalId)
        ? 'step'
        : fn.entry === 'functions/api/create-task.ts'
          ? 'create'
          : 'api';
      const { clients, names } = await clientsOf(taskRoot);
      subjects.push({
        name: short(fn.entry),
        kind,
        logicalId: fn.logicalId,
        spec: await specOf(fn, taskRoot, runtime, tmp, principals.get(fn.logicalId) ?? LOCAL_CREDENTIALS),
        bytes: (await stat(join(taskRoot, 'index.mjs'))).size,
        budget: { api: BUDGETS.api, create: BUDGETS.createTask, step: BUDGETS.step }[kind],
        clients,
        clientNames: names,
        init: [],
        moduleInit: [],
        invoke: [],
      });
    }
    // The baselines run as an API function would: its memory, NODE_OPTIONS and variables.
    const apiFunction = functions.find((fn) => routed.has(fn.logicalId) && fn.environment.TABLE_NAME);
    if (!apiFunction) throw new Error('The template has no API function with a table');
    const stateMachineArn = functions.map((fn) => fn.environment.STATE_MACHINE_ARN).find(Boolean) ?? '';
    for (const [clients, baseline] of Object.entries(BASELINES) as [Clients, (typeof BASELINES)[Clients]][]) {
      const taskRoot = join(tmp, 'baselines', baseline.file.replace(/\.ts$/, ''));
      const name = `Baseline${clients.toUpperCase()}`;
      const fn: LocalFunction = {
        ...apiFunction,
        logicalId: name,
        name,
        arn: functionArnOf(name),
        entry: `bench/coldstart/baselines/${baseline.file}`,
        environment: {
          ...apiFunction.environment,
          TABLE_NAME: runtime.tableName,
          BUCKET_NAME: runtime.bucketName,
          STATE_MACHINE_ARN: stateMachineArn,
        },
      };
      subjects.push({
        name: `baseline ${baseline.label}`,
        kind: 'baseline',
        spec: await specOf(fn, taskRoot, runtime, tmp, LOCAL_CREDENTIALS),
        bytes: (await stat(join(taskRoot, 'index.mjs'))).size,
        clients,
        clientNames: (await clientsOf(taskRoot)).names,
        init: [],
        moduleInit: [],
        invoke: [],
      });
    }

    for (let round = 1; round <= ROUNDS; round++) {
      started = performance.now();
      // In a new order each round, so a slow spell of the machine falls on no subject in particular.
      for (const subject of shuffled(subjects)) await measureOnce(subject);
      log(
        `Round ${round} of ${ROUNDS}: ${subjects.length} fresh processes in ${ms(performance.now() - started)} ms`,
      );
    }

    // First invocations, through the runtime, with the sample events.
    const site = await startFixtureSite({ pages: 1, perPage: 3 });
    const receiver = await startWebhookReceiver();
    const outcomes = await invokeSamples({
      runtime,
      template,
      siteUrl: site.startUrl,
      webhookUrl: receiver.url('/hooks/coldstart'),
    }).finally(async () => {
      await site.close();
      await receiver.close();
    });
    const coldStarts = new Map<string, number>();
    for (const start of runtime.functions.coldStarts)
      if (!coldStarts.has(start.function)) coldStarts.set(start.function, start.initMs);
    await runtime.stop();
    runtime = undefined;

    const baselineOf = (clients: Clients) =>
      subjects.find((subject) => subject.kind === 'baseline' && subject.clients === clients);
    const functionRows = subjects
      .filter((subject) => subject.kind !== 'baseline')
      .map((subject) => {
        const outcome = outcomes.find((candidate) => candidate.logicalId === subject.logicalId);
        const failure = subject.failure ?? (outcome && failureOf(outcome));
        const first = outcome && !failure ? outcome.ms : Number.NaN;
        const coldInit = coldStarts.get(subject.logicalId ?? '') ?? Number.NaN;
        const baseline = subject.kind === 'step' ? undefined : baselineOf(subject.clients);
        const ratio = baseline ? median(subject.init) / median(baseline.init) : Number.NaN;
        const moduleRatio = baseline ? median(subject.moduleInit) / median(baseline.moduleInit) : Number.NaN;
        if (failure) log(`${subject.name}: ${failure}`);
        if (!outcome) log(`${subject.name}: no sample event (test/helpers/sample-events.ts)`);
        return [
          subject.name,
          subject.kind,
          subject.clientNames,
          kB(subject.bytes),
          subject.budget === undefined
            ? '-'
            : `${subject.bytes <= subject.budget ? '≤' : '>'} ${kB(subject.budget)}`,
          spread(subject.moduleInit),
          spread(subject.init),
          ms(first),
          ms(first - coldInit),
          baseline ? `(${baseline.clients})` : '-',
          Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '-',
          Number.isFinite(moduleRatio) ? `${moduleRatio.toFixed(2)}×` : '-',
          !baseline ? '-' : failure ? 'FAILED' : ratio <= TARGET_RATIO ? 'yes' : 'NO',
        ];
      });

    const baselineRows = subjects
      .filter((subject) => subject.kind === 'baseline')
      .map((subject) => [
        subject.name,
        subject.clientNames,
        kB(subject.bytes),
        spread(subject.moduleInit),
        spread(subject.init),
        spread(subject.invoke),
      ]);

    const startRows: string[][] = [];
    if (TIME_START) {
      const dataDir = join(tmp, 'data');
      const assemblyDir = join(tmp, 'cdk.out'); // empty: every function is bundled
      const first = await timeToReady(dataDir, assemblyDir);
      log(`npm start, empty bundle cache: ready in ${ms(first.ms)} ms, ${first.bundled} functions bundled`);
      const second = await timeToReady(dataDir, assemblyDir);
      log(`npm start, second start: ready in ${ms(second.ms)} ms, ${second.bundled} functions bundled`);
      startRows.push(
        ['first (empty bundle cache)', (first.ms / 1000).toFixed(1), String(first.bundled)],
        ['second (the bundle cache of the first)', (second.ms / 1000).toFixed(1), String(second.bundled)],
      );
    }

    console.log(
      `${measured}; Node ${process.version}, ${ROUNDS} rounds; load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end.\n`,
    );
    console.log(
      `Functions (init: median (min–max) of ${ROUNDS} fresh processes; first invocation: spawn → result with the sample event, through the local runtime; handler: first invocation − that container's init):\n`,
    );
    console.log(
      table(
        [
          'function',
          'kind',
          'SDK clients',
          'index.mjs kB',
          'budget kB',
          'module init ms',
          'init ms',
          'first invocation ms',
          'handler ms',
          'baseline',
          'init × baseline',
          'module init × baseline',
          `init ≤ ${TARGET_RATIO}×`,
        ],
        functionRows,
      ),
    );
    console.log(
      `\nBaselines (bare handlers, bundled with the stack's BUNDLING, same environment as an API function):\n`,
    );
    console.log(
      table(
        ['baseline', 'SDK clients', 'index.mjs kB', 'module init ms', 'init ms', 'invocation ms'],
        baselineRows,
      ),
    );
    if (startRows.length > 0) {
      console.log(
        `\n\`npm start\` (node infra/local/main.ts, PORT=0, a fresh DFK_DATA_DIR), time to "${READY_LINE}":\n`,
      );
      console.log(table(['start', 'seconds to ready', 'functions bundled'], startRows));
    }
    if (functionRows.some((row) => row.at(-1) === 'NO' || row.at(-1) === 'FAILED')) process.exitCode = 1;
  } catch (error) {
    if (runtimeLog.length > 0) log(runtimeLog.slice(-20).join('\n'));
    throw error;
  } finally {
    await runtime?.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
