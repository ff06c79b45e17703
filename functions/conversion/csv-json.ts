/**
 * CSV straight to JSON Lines or JSON text, without a record object per row: each row's JSON is
 * put together from its fields, with the column names' JSON made once. The text is byte for byte
 * what the CSV reader's record writes through the JSON and JSON Lines writers (a property test
 * holds it to that); a row with extra fields goes through the reader's record.
 *
 * Why: csv → jsonl and csv → json are the conversions people run on big files, and per row the
 * record and its serialization cost more than parsing (measured in bench/README.md).
 */
import { CsvRecords, columnsOf, csvRows } from './csv-reader.ts';
import { jsonText, NEEDS_ESCAPE, quoted } from './json-text.ts';
import type { OutputRecord } from './records.ts';
import type { ConversionOptions } from './scheme.ts';
import type { ByteSource } from './text.ts';

const CHUNK_CHARS = 64 * 1024;

export interface CsvJsonRequest {
  input: ByteSource;
  options: ConversionOptions;
  json: boolean;
  onRecords: (count: number) => void;
  /** Called between input chunks; it throws to stop. */
  between: () => Promise<void>;
}

/** Whether the fast path applies: strings only (no `inferTypes`). */
export const csvJsonApplies = (options: ConversionOptions) => options.inferTypes !== true;

export async function* csvToJsonText(request: CsvJsonRequest): AsyncIterable<string> {
  const { options, json } = request;
  let records: CsvRecords | undefined;
  /** `{"a":` then `,"b":` … per column. */
  let prefixes: string[] = [];
  let out = '';
  let written = 0;
  const fallback: OutputRecord[] = [];

  const emit = (text: string) => {
    out += json ? `${written === 0 ? '[\n' : ',\n'}${text}` : `${text}\n`;
    written++;
  };
  const onRow = (fields: string[], line: number, raw?: string) => {
    if (records === undefined) {
      records = new CsvRecords(columnsOf(fields, options.header), options);
      prefixes = records.columns.map((column, index) => `${index === 0 ? '{' : ','}${quoted(column)}:`);
      if (options.header !== false) return;
    }
    const width = records.columns.length;
    if (fields.length > width || width === 0) {
      records.add(fields, line, fallback);
      const record = fallback.pop();
      if (record) emit(jsonText(record));
      return;
    }
    if (fields.length === 1 && fields[0] === '' && width > 1) return;
    if (fields.length !== width) {
      // The strict check and its error, as the reader makes them (the record is then padded).
      records.add(fields, line, fallback);
      fallback.length = 0;
    } else records.count++;
    let text = '';
    if (raw !== undefined && fields.length === width && !NEEDS_ESCAPE.test(raw)) {
      // One test for the whole row: no field of it needs escaping.
      for (let index = 0; index < width; index++) text += `${prefixes[index]}"${fields[index]}"`;
    } else {
      for (let index = 0; index < width; index++) text += prefixes[index] + quoted(fields[index] ?? '');
    }
    emit(`${text}}`);
  };

  let counted = 0;
  const flush = function* (force: boolean) {
    const count = records?.count ?? 0;
    if (count > counted) {
      request.onRecords(count - counted);
      counted = count;
    }
    if (out.length >= CHUNK_CHARS || (force && out !== '')) {
      yield out;
      out = '';
    }
  };
  for await (const _ of csvRows(request.input, options, onRow)) {
    yield* flush(false);
    await request.between();
  }
  yield* flush(true);
  if (json) yield written === 0 ? '[]\n' : '\n]\n';
}
