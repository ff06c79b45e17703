/**
 * The conversion benchmark: a generated CSV (quotes, commas and line breaks inside fields,
 * unicode) converted by the service's engine to jsonl, json, xml and excel, and by Miller to
 * JSON Lines and JSON, in the same run on the same file; and the same records as an xlsx laid out
 * as Excel saves one (`generate-xlsx.ts`) converted to csv (pair `excel-csv`). Each conversion runs in its own process
 * (the engine with the Convert step's V8 flags) under GNU time for wall time, CPU time and peak
 * RSS; the tools take turns, `--runs` times (default 3 on the first size, 1 on the big one), and
 * the best wall time of each counts, so a neighbour's load on a shared machine weighs less. Both
 * also run pinned to one core (`taskset -c 0`) for json and jsonl, as the Convert step has one
 * vCPU: Miller spreads its work over every core (GOMAXPROCS alone does not stop its GC threads).
 *
 *   npm run bench:conversion                                  # 200 MB (best of 3), then 1 GB
 *   npm run bench:conversion -- --mb 50 --big-mb 0 --runs 1   # quicker
 *   npm run bench:conversion -- --pairs excel,excel-csv --no-miller   # the Excel writer and reader only
 *
 * Installs Debian's `miller` and `time` when they are missing. Files go to bench/.work/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CONVERT_V8_FLAGS } from '#infra/lifecycle';
import { generateCsv } from './generate.ts';
import { generateXlsx } from './generate-xlsx.ts';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '200' },
    'big-mb': { type: 'string', default: '1024' },
    pairs: { type: 'string', default: 'jsonl,json,xml,excel,excel-csv' },
    runs: { type: 'string', default: '3' },
    'no-miller': { type: 'boolean', default: false },
  },
});
const WORK = fileURLToPath(new URL('../.work/', import.meta.url));
const CONVERT = fileURLToPath(new URL('./convert-file.ts', import.meta.url));
const MB = 2 ** 20;

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** Debian packages the benchmark needs, installed when missing (the machine's own apt). */
function ensureTools(): void {
  const missing = [...(has('mlr') ? [] : ['miller']), ...(existsSync('/usr/bin/time') ? [] : ['time'])];
  if (missing.length === 0) return;
  console.error(`Installing ${missing.join(', ')} with apt-get…`);
  const run = (args: string[]) =>
    process.getuid?.() === 0
      ? execFileSync('apt-get', args, { stdio: 'inherit' })
      : execFileSync('sudo', ['apt-get', ...args], { stdio: 'inherit' });
  run(['update', '-qq']);
  run(['install', '-y', '-qq', ...missing]);
}

interface Measure {
  tool: 'engine' | 'engine-1' | 'miller' | 'miller-1';
  from: string;
  to: string;
  inputMb: number;
  seconds: number;
  cpuSeconds: number;
  peakMb: number;
  outputMb: number;
}

/** Runs a command under GNU time, stdout to `output`: wall and CPU seconds, peak RSS. */
function timed(
  command: string[],
  output: string,
  env: Record<string, string> = {},
): { seconds: number; cpuSeconds: number; peakMb: number } {
  const fd = openSync(output, 'w');
  try {
    const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', ...command], {
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    const report = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(result.stderr ?? '');
    if (result.status !== 0 || !report) throw new Error(`${command.join(' ')} failed:\n${result.stderr}`);
    return {
      seconds: Number(report[1]),
      cpuSeconds: Number(report[2]) + Number(report[3]),
      peakMb: Number(report[4]) / 1024,
    };
  } finally {
    closeSync(fd);
  }
}

const ONE_CORE = ['taskset', '-c', '0'];

function engine(input: string, to: string, oneCore = false, from = 'csv'): Measure {
  const output = `${WORK}engine.${from}.${to}`;
  const args = [process.execPath, ...CONVERT_V8_FLAGS.split(' '), CONVERT, input, output, from, to];
  // convert-file writes the file itself and prints its record count on stdout.
  const measure = timed(oneCore ? [...ONE_CORE, ...args] : args, `${WORK}engine.${from}.${to}.log`);
  const sizes = { inputMb: statSync(input).size / MB, outputMb: statSync(output).size / MB };
  return { tool: oneCore ? 'engine-1' : 'engine', from, to, ...measure, ...sizes };
}

function miller(input: string, to: 'jsonl' | 'json', oneCore: boolean): Measure {
  const output = `${WORK}miller.${to}`;
  const command = ['mlr', '--icsv', `--o${to}`, 'cat', input];
  const measure = timed(oneCore ? [...ONE_CORE, ...command] : command, output);
  const sizes = { inputMb: statSync(input).size / MB, outputMb: statSync(output).size / MB };
  return { tool: oneCore ? 'miller-1' : 'miller', from: 'csv', to, ...measure, ...sizes };
}

/** The best wall time of several runs of one tool and pair (and the highest peak RSS of them). */
function best(runs: Measure[]): Measure[] {
  const groups = new Map<string, Measure[]>();
  for (const run of runs)
    groups.set(`${run.tool} ${run.from} ${run.to}`, [
      ...(groups.get(`${run.tool} ${run.from} ${run.to}`) ?? []),
      run,
    ]);
  return [...groups.values()].map((group) => {
    const fastest = group.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    return { ...fastest, peakMb: Math.max(...group.map((run) => run.peakMb)) };
  });
}

async function input(megabytes: number): Promise<string> {
  const path = `${WORK}input-${megabytes}.csv`;
  if (!existsSync(path) || Math.abs(statSync(path).size / MB - megabytes) > 1) {
    console.error(`Generating ${path}…`);
    await generateCsv(path, megabytes);
  }
  return path;
}

/** The records of the CSV of that size as an xlsx, made once. */
async function xlsxInput(megabytes: number): Promise<string> {
  const path = `${WORK}input-${megabytes}.xlsx`;
  if (!existsSync(path)) {
    console.error(`Generating ${path}…`);
    await generateXlsx(path, megabytes);
  }
  return path;
}

const TOOL_NAMES = {
  engine: 'this service',
  'engine-1': 'this service, 1 core',
  miller: 'Miller',
  'miller-1': 'Miller, 1 core',
};

function table(inputPath: string, runs: number, measures: Measure[]): string {
  const size = statSync(inputPath).size / MB;
  // Each pair against Miller's JSON Lines or JSON (Miller writes neither XML nor xlsx), under the
  // same conditions: both free, or both on one core.
  const reference = (tool: Measure['tool'], to: string) =>
    measures.find((m) => m.tool === tool && m.to === (to === 'jsonl' ? 'jsonl' : 'json'));
  const ratio = (m: Measure) => {
    const other = reference(m.tool === 'engine-1' ? 'miller-1' : 'miller', m.to);
    return m.tool.startsWith('engine') && m.from === 'csv' && other
      ? `${(other.seconds / m.seconds).toFixed(2)}×`
      : '';
  };
  // MB/s of each pair's own input: the CSV, or the xlsx of its records.
  const rows = measures.map(
    (m) =>
      `| ${TOOL_NAMES[m.tool]} | ${m.from} → ${m.to} | ${m.seconds.toFixed(1)} | ${(m.inputMb / m.seconds).toFixed(1)} | ` +
      `${m.cpuSeconds.toFixed(1)} | ${m.peakMb.toFixed(0)} | ${ratio(m)} | ${m.inputMb.toFixed(0)} | ${m.outputMb.toFixed(0)} |`,
  );
  return [
    `Input: ${size.toFixed(0)} MB of CSV (${inputPath.replace(WORK, 'bench/.work/')}), best wall time of ${runs}`,
    '',
    '| tool | pair | wall s | MB/s | CPU s | peak RSS MB | speed vs Miller | input MB | output MB |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

mkdirSync(WORK, { recursive: true });
ensureTools();
const pairs = (values.pairs ?? '').split(',').filter(Boolean);
const sizes = [Number(values.mb), Number(values['big-mb'])].filter((size) => size > 0);
const reports: string[] = [
  `Machine: ${process.arch}, ${(await import('node:os')).cpus().length} cores, Node ${process.version}, ${values['no-miller'] ? 'no Miller' : execFileSync('mlr', ['--version'], { encoding: 'utf8' }).trim()}; engine flags ${CONVERT_V8_FLAGS}`,
];
for (const [index, megabytes] of sizes.entries()) {
  const path = await input(megabytes);
  const runs = index === 0 ? Number(values.runs) : 1;
  const measures: Measure[] = [];
  for (let run = 1; run <= runs; run++) {
    for (const to of values['no-miller'] ? [] : (['jsonl', 'json'] as const)) {
      for (const oneCore of [false, true]) {
        console.error(`run ${run}: Miller${oneCore ? ' (1 core)' : ''} csv → ${to} (${megabytes} MB)…`);
        measures.push(miller(path, to, oneCore));
      }
    }
    for (const to of pairs) {
      if (to === 'excel-csv') {
        console.error(`run ${run}: engine excel → csv (${megabytes} MB of CSV as xlsx)…`);
        measures.push(engine(await xlsxInput(megabytes), 'csv', false, 'excel'));
        continue;
      }
      console.error(`run ${run}: engine csv → ${to} (${megabytes} MB)…`);
      measures.push(engine(path, to));
      if (to === 'jsonl' || to === 'json') {
        console.error(`run ${run}: engine (1 core) csv → ${to} (${megabytes} MB)…`);
        measures.push(engine(path, to, true));
      }
    }
  }
  reports.push(table(path, runs, best(measures)));
  console.log(`\n${reports.at(-1)}\n`);
}
writeFileSync(`${WORK}conversion-results.md`, `${reports.join('\n\n')}\n`);
console.log(`Written to bench/.work/conversion-results.md`);
