import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Format } from './formats.ts';
import type { RecordSource } from './records.ts';
import { writerFor } from './writers.ts';

/** Writes records in a format to a stream (a file, an S3 upload body), with backpressure. */
export async function writeRecords(
  format: Format,
  records: RecordSource,
  columns: readonly string[],
  destination: Writable,
): Promise<void> {
  await pipeline(Readable.from(writerFor(format)(records, columns)), destination);
}
