import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { convert } from '#conversion/convert';
import type { Format } from '#conversion/formats';
import type { ReadOptions, RecordReader } from '#conversion/reader';
import type { OutputRecord } from '#conversion/records';
import type { ConversionOptions } from '#conversion/scheme';
import { entriesOf, isFields, isRawNumber } from '#conversion/values';

export const fixture = (name: string): Buffer =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/conversion/${name}`, import.meta.url)));

/** Bytes in chunks of `size`, as a stream delivers them (every chunk boundary gets exercised). */
export async function* chunks(bytes: string | Uint8Array, size = 7): AsyncIterable<Uint8Array> {
  const all = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  for (let at = 0; at < all.length; at += size) yield all.subarray(at, at + size);
}

/** Every record of a reader's batches, one at a time. */
export async function* recordsOf(batches: AsyncIterable<OutputRecord[]>): AsyncIterable<OutputRecord> {
  for await (const batch of batches) yield* batch;
}

/** A record's values as plain objects and numbers, to compare with literals (key order aside). */
export function plain(value: unknown): unknown {
  if (isRawNumber(value)) return Number(value.rawJSON);
  if (Array.isArray(value)) return value.map(plain);
  if (isFields(value))
    return Object.fromEntries([...entriesOf(value)].map(([key, inner]) => [key, plain(inner)]));
  return value;
}

/** Every record a reader gives for `bytes` (as read, and `plain`), and the columns it announced. */
export async function read(
  reader: RecordReader,
  bytes: string | Uint8Array,
  options: ReadOptions = {},
  size = 7,
): Promise<{ records: Record<string, unknown>[]; read: OutputRecord[]; columns: string[] | undefined }> {
  let columns: string[] | undefined;
  const records: OutputRecord[] = [];
  for await (const batch of reader(chunks(bytes, size), {
    ...options,
    onColumns: (names) => {
      columns = names;
    },
  })) {
    records.push(...batch);
  }
  return {
    records: records.map((record) => plain(record) as Record<string, unknown>),
    read: records,
    columns,
  };
}

/** The reader's error message for `bytes` (fails the test when it reads them fine). */
export async function readError(reader: RecordReader, bytes: string | Uint8Array, options: ReadOptions = {}) {
  try {
    await read(reader, bytes, options);
  } catch (error) {
    return error as Error & { line?: number; record?: number };
  }
  throw new Error('The reader accepted the input');
}

/** The file `convert` makes of `bytes`, fed in chunks of `size`. */
export async function converted(
  from: Format,
  to: Format,
  bytes: string | Uint8Array,
  options: ConversionOptions = {},
  size = 7,
): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of convert({ from, to, options, open: () => chunks(bytes, size) }).output)
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(parts);
}
