/**
 * Exports the same 1,000,000 records to each format through the export step's own code, each format
 * in its own process, and reports wall time and peak RSS (target: under 256 MiB each).
 *
 *   npm run bench:export [-- <records=1000000>]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formats } from '#conversion/formats';
import { CONVERT_V8_FLAGS } from '#infra/lifecycle';
import { runChild, table } from '../lib/child.ts';
import type { ExportRun } from './export-one.ts';
import { writeParts } from './records.ts';

const count = Number(process.argv[2] ?? 1_000_000);
const storeID = 'bench';
const dir = await mkdtemp(join(tmpdir(), 'dfk-bench-export-'));
const targetMiB = 256;

try {
  const preparing = performance.now();
  // Parts of 10,000 records, as a crawl's batches would leave them.
  await writeParts(dir, storeID, count, 10_000);
  console.error(`${count} records in parts written in ${Math.round(performance.now() - preparing)} ms`);
  // V8 sizes its young generation from the machine's memory: on this 24 GiB machine up to 3 × 64 MiB
  // semi-spaces, which alone nears the target; the Export step caps it (its NODE_OPTIONS), so both are shown.
  const settings = [
    { name: 'Node defaults', flags: [] },
    { name: `Export step (${CONVERT_V8_FLAGS})`, flags: [CONVERT_V8_FLAGS] },
  ];
  const rows: (string | number)[][] = [];
  let over = false;
  for (const setting of settings) {
    for (const format of formats) {
      const script = join(import.meta.dirname, 'export-one.ts');
      const run = await runChild<ExportRun>(script, [dir, storeID, format], setting.flags);
      if (run.records !== count) throw new Error(`${format}: exported ${run.records} of ${count} records`);
      console.error(`${setting.name} ${format}: ${run.wallMs} ms, ${run.peakRssMiB} MiB peak`);
      over ||= run.peakRssMiB >= targetMiB;
      rows.push([
        setting.name,
        run.format,
        run.records,
        (run.bytes / 2 ** 20).toFixed(1),
        (run.wallMs / 1000).toFixed(1),
        Math.round(run.records / (run.wallMs / 1000)),
        (run.cpuMs / 1000).toFixed(1),
        run.peakRssMiB,
        run.peakRssMiB < targetMiB ? 'yes' : 'NO',
      ]);
    }
  }
  console.log(
    table(
      [
        'V8',
        'format',
        'records',
        'file MiB',
        'wall s',
        'records/s',
        'CPU s',
        'peak RSS MiB',
        `< ${targetMiB} MiB`,
      ],
      rows,
    ),
  );
  if (over) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
