import { MAX_COLUMNS } from './columns.ts';
import type { Format } from './formats.ts';
import { nonEmpty } from './non-empty.ts';
import { readerFor, TABULAR } from './readers.ts';
import type { ConversionOptions } from './scheme.ts';
import { FieldNameCollector, type FieldNames } from './select.ts';
import { shapingFor } from './shape.ts';
import type { ByteSource } from './text.ts';
import { entriesOf } from './values.ts';

export interface FieldNamesRequest {
  /** The file's format and how to read it. */
  from: Format;
  options?: ConversionOptions | undefined;
  /** The format it is to be exported in: a table's flattened columns are names too. */
  to: Format;
  open: () => ByteSource | Promise<ByteSource>;
}

/**
 * The names `fields` and `omit` may give for a file's records: a table's header, read alone; for
 * json, jsonl and xml, every path of every record (`a`, `a_b`) and, for a table output, the
 * columns flattening makes of them, found in one pass (at most MAX_COLUMNS names).
 */
export async function fieldNamesOf(request: FieldNamesRequest): Promise<FieldNames> {
  const { from, to } = request;
  const options = request.options ?? {};
  const collector = new FieldNameCollector(MAX_COLUMNS);
  const input = await nonEmpty(await request.open());
  if (input === undefined) return collector.result();
  const read = readerFor(from);
  if (TABULAR.has(from)) {
    let header: string[] = [];
    for await (const batch of read(input, { ...options, onColumns: (names) => (header = names) })) {
      if (header.length > 0 || batch.length > 0) break;
    }
    for (const name of header) collector.addName(name);
    return collector.result();
  }
  const flattened = TABULAR.has(to) && options.flatten !== false ? shapingFor(from, to, options) : undefined;
  for await (const batch of read(input, options)) {
    for (const record of batch) {
      collector.add(record);
      if (flattened) for (const [column] of entriesOf(flattened(record))) collector.addName(column);
    }
  }
  return collector.result();
}
