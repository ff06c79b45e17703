/**
 * The conversion benchmark: a generated CSV (quotes, commas and line breaks inside fields,
 * unicode) converted by the service's engine to jsonl, json, xml and excel, and by Miller to
 * JSON Lines and JSON, in the same run on the same file. Each conversion runs in its own process
 * (the engine with the Convert step's V8 flags) under GNU time for wall time and peak RSS.
 *
 *   npm run bench:conversion                       # 200 MB, then 1 GB
 *   npm run bench:conversion -- --mb 50 --big-mb 0 # quicker: 50 MB only
 *
 * Installs Debian's `miller` and `time` when they are missing. Files go to bench/.work/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CONVERT_V8_FLAGS } from '#infra/lifecycle';
import { generateCsv } from './generate.ts';

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '200' },
    'big-mb': { type: 'string', default: '1024' },
    pairs: { type: 'string', default: 'jsonl,json,xml,excel' },
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
  tool: string;
  to: string;
  seconds: number;
  peakMb: number;
  outputMb: number;
}

/** Runs a command under GNU time, stdout to `output`; wall seconds and peak RSS from time's report. */
function timed(command: string[], output: string): { seconds: number; peakMb: number } {
  const fd = openSync(output, 'w');
  try {
    const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', ...command], {
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
    });
    const report = /TIME ([\d.]+) (\d+)/.exec(result.stderr ?? '');
    if (result.status !== 0 || !report) throw new Error(`${command.join(' ')} failed:\n${result.stderr}`);
    return { seconds: Number(report[1]), peakMb: Number(report[2]) / 1024 };
  } finally {
    closeSync(fd);
  }
}

function engine(input: string, to: string): Measure {
  const output = `${WORK}engine.${to}`;
  const args = [process.execPath, ...CONVERT_V8_FLAGS.split(' '), CONVERT, input, output, 'csv', to];
  // convert-file writes the file itself and prints its record count on stdout.
  const { seconds, peakMb } = timed(args, `${WORK}engine.${to}.log`);
  return { tool: 'engine', to, seconds, peakMb, outputMb: statSync(output).size / MB };
}

function miller(input: string, to: 'jsonl' | 'json'): Measure {
  const output = `${WORK}miller.${to}`;
  const { seconds, peakMb } = timed(['mlr', '--icsv', `--o${to}`, 'cat', input], output);
  return { tool: 'miller', to, seconds, peakMb, outputMb: statSync(output).size / MB };
}

async function input(megabytes: number): Promise<string> {
  const path = `${WORK}input-${megabytes}.csv`;
  if (!existsSync(path) || Math.abs(statSync(path).size / MB - megabytes) > 1) {
    console.error(`Generating ${path}…`);
    await generateCsv(path, megabytes);
  }
  return path;
}

function table(inputPath: string, measures: Measure[]): string {
  const size = statSync(inputPath).size / MB;
  const millerOf = (to: string) =>
    measures.find((m) => m.tool === 'miller' && m.to === (to === 'jsonl' ? 'jsonl' : 'json'));
  const rows = measures.map((m) => {
    const speed = size / m.seconds;
    const reference = millerOf(m.to);
    const ratio =
      m.tool === 'engine' && reference ? `${(speed / (size / reference.seconds)).toFixed(2)}×` : '';
    return `| ${m.tool === 'engine' ? 'this service' : 'Miller'} | csv → ${m.to} | ${m.seconds.toFixed(1)} | ${speed.toFixed(1)} | ${m.peakMb.toFixed(0)} | ${ratio} | ${m.outputMb.toFixed(0)} |`;
  });
  return [
    `Input: ${size.toFixed(0)} MB of CSV (${inputPath.replace(WORK, 'bench/.work/')})`,
    '',
    '| tool | pair | wall s | MB/s | peak RSS MB | vs Miller | output MB |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

mkdirSync(WORK, { recursive: true });
ensureTools();
const pairs = (values.pairs ?? '').split(',').filter(Boolean);
const sizes = [Number(values.mb), Number(values['big-mb'])].filter((size) => size > 0);
const reports: string[] = [
  `Machine: ${process.arch}, ${(await import('node:os')).cpus().length} cores, Node ${process.version}, ${execFileSync('mlr', ['--version'], { encoding: 'utf8' }).trim()}; engine flags ${CONVERT_V8_FLAGS}`,
];
for (const megabytes of sizes) {
  const path = await input(megabytes);
  const measures: Measure[] = [];
  for (const to of ['jsonl', 'json'] as const) {
    console.error(`Miller csv → ${to} (${megabytes} MB)…`);
    measures.push(miller(path, to));
  }
  for (const to of pairs) {
    console.error(`engine csv → ${to} (${megabytes} MB)…`);
    measures.push(engine(path, to));
  }
  reports.push(table(path, measures));
  console.log(`\n${reports.at(-1)}\n`);
}
writeFileSync(`${WORK}conversion-results.md`, `${reports.join('\n\n')}\n`);
console.log(`Written to bench/.work/conversion-results.md`);
