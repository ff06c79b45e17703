/**
 * How the CSV parser was chosen: each candidate streams the generated CSV into records (objects by
 * the header) and JSON Lines to /dev/null, one process each, under GNU time. The candidates other
 * than ours are not dependencies; install them for the run without saving:
 *
 *   npm install --no-save udsv csv-parse papaparse
 *   node bench/conversion/parsers.ts bench/.work/input-200.csv
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import { CsvParser } from '#conversion/csv-parser';

const CANDIDATES = ['ours', 'udsv', 'csv-parse', 'papaparse'] as const;
type Candidate = (typeof CANDIDATES)[number];
const [file, only] = process.argv.slice(2) as [string | undefined, Candidate | undefined];
if (!file) throw new Error('usage: parsers.ts <file.csv>');

async function run(candidate: Candidate, path: string): Promise<number> {
  const out = createWriteStream('/dev/null');
  let buffer = '';
  let rows = 0;
  let header: string[] | undefined;
  const onRow = (fields: string[]) => {
    if (!header) {
      header = fields;
      return;
    }
    const record: Record<string, string> = {};
    for (let index = 0; index < header.length; index++) record[header[index] as string] = fields[index] ?? '';
    buffer += `${JSON.stringify(record)}\n`;
    rows++;
  };
  const flush = async () => {
    if (buffer.length < 65_536) return;
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  const input = () => createReadStream(path, { highWaterMark: 1 << 20 });
  if (candidate === 'ours') {
    const parser = new CsvParser({ delimiter: ',', quote: '"', lineBreak: '\n' }, onRow);
    const decoder = new TextDecoder();
    for await (const chunk of input()) {
      parser.push(decoder.decode(chunk as Buffer, { stream: true }));
      await flush();
    }
    parser.end();
  } else if (candidate === 'udsv') {
    const { initParser, inferSchema } = (await import('udsv' as string)) as {
      initParser: (schema: unknown) => {
        chunk: (text: string, parse: unknown, each: unknown) => void;
        stringArrs: unknown;
        end: () => void;
      };
      inferSchema: (text: string) => unknown;
    };
    let parser: ReturnType<typeof initParser> | undefined;
    const decoder = new TextDecoder();
    for await (const chunk of input()) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      parser ??= initParser(inferSchema(text));
      parser.chunk(text, parser.stringArrs, onRow);
      await flush();
    }
    parser?.end();
  } else if (candidate === 'csv-parse') {
    const { parse } = (await import('csv-parse' as string)) as {
      parse: (options: object) => NodeJS.ReadWriteStream;
    };
    for await (const row of input().pipe(parse({ bom: true }))) {
      onRow(row as unknown as string[]);
      await flush();
    }
  } else {
    const papa = (
      (await import('papaparse' as string)) as {
        default: { parse: (s: unknown, o: object) => NodeJS.ReadWriteStream; NODE_STREAM_INPUT: unknown };
      }
    ).default;
    for await (const row of input().pipe(papa.parse(papa.NODE_STREAM_INPUT, {}))) {
      onRow(row as unknown as string[]);
      await flush();
    }
  }
  out.end(buffer);
  return rows;
}

if (only) {
  console.log(JSON.stringify({ rows: await run(only, file) }));
} else {
  const self = fileURLToPath(import.meta.url);
  console.log('| parser | wall s | MB/s | peak RSS MB |\n|---|---:|---:|---:|');
  const megabytes = (await import('node:fs')).statSync(file).size / 2 ** 20;
  for (const candidate of CANDIDATES) {
    const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', process.execPath, self, file, candidate], {
      encoding: 'utf8',
    });
    const report = /TIME ([\d.]+) (\d+)/.exec(result.stderr);
    if (result.status !== 0 || !report) {
      console.log(`| ${candidate} | not installed or failed | | |`);
      continue;
    }
    const seconds = Number(report[1]);
    console.log(
      `| ${candidate} | ${seconds.toFixed(1)} | ${(megabytes / seconds).toFixed(1)} | ${(Number(report[2]) / 1024).toFixed(0)} |`,
    );
  }
}
