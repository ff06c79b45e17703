/**
 * CSV straight to JSON Lines or JSON text, without a record object per row: each row's JSON is
 * put together from its fields, with the column names' JSON made once. The text is byte for byte
 * what JSON.stringify of the CSV reader's record writes through the JSON and JSON Lines writers
 * (a property test holds it to that); a row it cannot be sure of (extra fields, a column named
 * like an array index, which objects put first) goes through JSON.stringify itself.
 *
 * Why: csv → jsonl and csv → json are the conversions people run on big files, and per row the
 * object and JSON.stringify cost more than parsing (measured in bench/README.md).
 */
import { CsvParser } from './csv-parser.ts';
import { CsvRecords, columnsOf, detectDelimiter } from './csv-reader.ts';
import type { OutputRecord } from './records.ts';
import type { ConversionOptions } from './scheme.ts';
import { type ByteSource, decodeText } from './text.ts';

/** Characters that JSON.stringify writes escaped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters JSON escapes
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
/** A key JavaScript orders before the others (an array index). */
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;
const CHUNK_CHARS = 64 * 1024;

const quoted = (value: string) => (NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`);

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
  const quote = options.quote ?? '"';
  let records: CsvRecords | undefined;
  /** `{"a":` then `,"b":` … per column; undefined when rows go through JSON.stringify. */
  let prefixes: string[] | undefined;
  let out = '';
  let written = 0;
  const fallback: OutputRecord[] = [];

  const emit = (text: string) => {
    out += json ? `${written === 0 ? '[\n' : ',\n'}${text}` : `${text}\n`;
    written++;
  };
  const onRow = (fields: string[], line: number, raw?: string) => {
    if (records === undefined) {
      records = new CsvRecords(columnsOf(fields, options.header), options.strict ?? false);
      const { columns } = records;
      prefixes = columns.some((column) => INDEX_LIKE.test(column))
        ? undefined
        : columns.map((column, index) => `${index === 0 ? '{' : ','}${JSON.stringify(column)}:`);
      if (options.header !== false) return;
    }
    const width = records.columns.length;
    if (prefixes === undefined || fields.length > width || width === 0) {
      records.add(fields, line, fallback);
      const record = fallback.pop();
      if (record) emit(JSON.stringify(record));
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

  let parser: CsvParser | undefined;
  let head = '';
  let counted = 0;
  const start = (text: string) => {
    const newline = text.indexOf('\n');
    const delimiter =
      options.delimiter ?? detectDelimiter(newline === -1 ? text : text.slice(0, newline), quote);
    parser = new CsvParser({ delimiter, quote }, onRow);
    parser.push(text);
  };
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
  for await (const text of decodeText(request.input, options.encoding)) {
    if (parser === undefined) {
      head += text;
      if (head.includes('\n')) start(head);
    } else parser.push(text);
    yield* flush(false);
    await request.between();
  }
  if (parser === undefined && head !== '') start(head);
  (parser as CsvParser | undefined)?.end();
  yield* flush(true);
  if (json) yield written === 0 ? '[]\n' : '\n]\n';
}
