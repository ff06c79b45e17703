/**
 * A deterministic CSV of about `megabytes` MB with the hard cases of real exports: quoted fields
 * with commas, doubled quotes and line breaks, unicode (accents, CJK, emoji), empty fields.
 *
 *   node bench/conversion/generate.ts <file> [megabytes=200]
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const WORDS = [
  'alpha',
  'Émile',
  'naïve',
  'café',
  '東京',
  'Zürich',
  'smörgåsbord',
  'façade',
  'Ωmega',
  '☃',
  'data',
  'flow',
  'task',
  'record',
  'über',
  'niño',
  'crème',
  'brûlée',
  '数据',
  '🚀',
];

/** xorshift32: the same file on every machine and run. */
export function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

export const HEADER = 'id,name,description,price,quantity,active,created,tags,note\n';

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The fields of each row, as the CSV holds them. */
export function* rowFields(rand: () => number): Generator<string[]> {
  const word = () => WORDS[Math.floor(rand() * WORDS.length)] as string;
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  for (let id = 1; ; id++) {
    const r = rand();
    // a third of descriptions need quoting: a comma, a quoted phrase or a line break inside
    const description =
      r < 0.1
        ? `${words(4)}, ${words(3)}`
        : r < 0.2
          ? `${words(2)} "${words(2)}" ${words(3)}`
          : r < 0.3
            ? `${words(3)}\n${words(4)}`
            : words(6);
    const fields = [
      String(id),
      words(2),
      description,
      (rand() * 1000).toFixed(2),
      String(Math.floor(rand() * 500)),
      rand() < 0.5 ? 'true' : 'false',
      new Date(1_600_000_000_000 + Math.floor(rand() * 1e11)).toISOString(),
      rand() < 0.3 ? '' : `${word()};${word()}`,
      rand() < 0.7 ? '' : words(3),
    ];
    yield fields;
  }
}

export function* csvRows(rand: () => number): Generator<string> {
  for (const fields of rowFields(rand)) yield `${fields.map(quote).join(',')}\n`;
}

export async function generateCsv(path: string, megabytes: number, seed = 42): Promise<number> {
  const out = createWriteStream(path);
  const target = megabytes * 1024 * 1024;
  let size = 0;
  let batch = HEADER;
  const rows = csvRows(random(seed));
  while (size + batch.length < target) {
    const row = rows.next().value as string;
    batch += row;
    if (batch.length > 1 << 20) {
      size += Buffer.byteLength(batch);
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  size += Buffer.byteLength(batch);
  out.end(batch);
  await once(out, 'finish');
  return size;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, megabytes = '200'] = process.argv.slice(2);
  if (!path) throw new Error('usage: generate.ts <file> [megabytes]');
  const size = await generateCsv(path, Number(megabytes));
  console.log(`${path}: ${(size / 2 ** 20).toFixed(1)} MB`);
}
