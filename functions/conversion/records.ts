import type { ExportOptions } from './export-options.ts';
import type { Fields } from './values.ts';

/** One record as the writers see it: extraction output or a converted file's row. */
export type OutputRecord = Fields;

export type RecordSource = AsyncIterable<OutputRecord> | Iterable<OutputRecord>;

/**
 * Streams a file from records, chunk by chunk; never holds all records. Text formats yield strings
 * (UTF-8 when written), binary ones (xlsx) Buffers: `Readable.from` and S3 uploads take both. Each
 * writer reads the export options of its format (the CSV writer `bom`, `delimiter`, `arrayJoin`…).
 */
export type RecordWriter = (
  records: RecordSource,
  columns: readonly string[],
  options?: ExportOptions,
) => AsyncIterable<string | Buffer>;

const chunkChars = 64 * 1024;

/** Groups small strings into chunks of about 64 KiB, so each write to S3 or a file is not one record. */
export async function* chunked(parts: AsyncIterable<string>): AsyncIterable<string> {
  let buffer = '';
  for await (const part of parts) {
    buffer += part;
    if (buffer.length >= chunkChars) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}
