import { createWriteStream } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Format } from '#client/index';

const EXTENSIONS: Record<Format, string> = {
  csv: 'csv',
  json: 'json',
  jsonl: 'jsonl',
  excel: 'xlsx',
  xml: 'xml',
};

/** `books.csv` for `books` in csv: a name with the format's usual extension. */
export const fileNameFor = (name: string, format: Format) => `${name}.${EXTENSIONS[format]}`;

/** `orders.csv` for `data/orders.xlsx` to csv: the input's name, in the current folder. */
export const convertedName = (input: string, format: Format) =>
  fileNameFor(basename(input, extname(input)), format);

/** How a message names where data went. */
export const placeOf = (output: string) => (output === '-' ? 'stdout' : output);

export const isSamePath = (a: string, b: string) => resolve(a) === resolve(b);

/** Writes the stream to `output` (`-` is stdout) and resolves with the bytes written. */
export async function save(stream: Readable, output: string): Promise<number> {
  let bytes = 0;
  async function* counted(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      bytes += chunk.length;
      yield chunk;
    }
  }
  if (output === '-') await pipeline(stream, counted, process.stdout, { end: false });
  else await pipeline(stream, counted, createWriteStream(output));
  return bytes;
}

/** `12.3 kB`: a size for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
