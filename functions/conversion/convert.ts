import { addColumns } from './columns.ts';
import { csvJsonApplies, csvToJsonText } from './csv-json.ts';
import { csvColumns } from './csv-reader.ts';
import { ConversionStopped } from './errors.ts';
import type { ExportOptions } from './export-options.ts';
import type { Format } from './formats.ts';
import { withLoopTurns } from './loop-turns.ts';
import { nonEmpty } from './non-empty.ts';
import { readerFor, TABULAR } from './readers.ts';
import { type ConversionProgress, RecordStream } from './record-stream.ts';
import type { OutputRecord } from './records.ts';
import type { ConversionOptions } from './scheme.ts';
import { Selector } from './select.ts';
import { shapingFor } from './shape.ts';
import type { ByteSource } from './text.ts';
import { writerFor } from './writers.ts';

// Callers catch the stop where they call the conversion.
export { ConversionStopped } from './errors.ts';
export type { ConversionProgress } from './record-stream.ts';

export interface ConvertRequest {
  from: Format;
  to: Format;
  options?: ConversionOptions | undefined;
  /** A fresh stream of the input on each call (a second pass finds the columns of nested input). */
  open: () => ByteSource | Promise<ByteSource>;
  /** Aborted when the task is no longer running: the conversion stops with ConversionStopped. */
  signal?: AbortSignal | undefined;
  /**
   * `store`'s export options for the output (a converted file in another format), with the input's
   * groups (`FieldNames`) for `fields` and `omit`; `flatten: false` is the conversion option's.
   */
  export?: { options: ExportOptions; groups: ReadonlySet<string> } | undefined;
  /** Excel input written by this service: its sheets (Sheet2… past Excel's last row) read as one table. */
  allSheets?: boolean | undefined;
}

export interface Conversion {
  /** The output file, chunk by chunk; reading it drives the whole conversion. */
  output: AsyncIterable<string | Buffer>;
  progress: ConversionProgress;
}

/**
 * Converts a file from one format to another as a stream: reader → (types, flattening) → writer.
 * Memory holds a record at a time and, for a table output, the set of column names, found in a
 * first pass over nested input (or CSV, for the extra fields of ragged rows). An empty input gives
 * the output's empty file.
 */
export function convert(request: ConvertRequest): Conversion {
  const progress: ConversionProgress = { records: 0 };
  const output = run(request, progress);
  return { output: request.signal ? withLoopTurns(output) : output, progress };
}

async function* run(request: ConvertRequest, progress: ConversionProgress): AsyncIterable<string | Buffer> {
  const { from, to, signal } = request;
  const options = request.options ?? {};
  const writerOptions = request.export?.options ?? {};
  const selector = request.export && Selector.of(request.export.options, request.export.groups);
  const shapeRead = shapingFor(from, to, options, writerOptions.arrayJoin);
  // Picked before shaping: flattening and JSON cells then see the selected values only.
  const shape = selector ? (record: OutputRecord) => shapeRead(selector.record(record)) : shapeRead;
  const read = readerFor(from);
  const stopped = () => {
    if (signal?.aborted) throw new ConversionStopped();
  };

  const input = await nonEmpty(await request.open());
  if (input === undefined) {
    yield* writerFor(to)([], [], writerOptions);
    return;
  }
  if (from === 'csv' && (to === 'jsonl' || to === 'json') && csvJsonApplies(options) && !selector) {
    yield* csvToJsonText({
      input,
      options,
      json: to === 'json',
      onRecords: (count) => {
        progress.records += count;
      },
      between: async () => stopped(),
    });
    return;
  }

  let columns: string[] = [];
  let records: RecordStream;
  if (TABULAR.has(to) && (from === 'csv' ? options.strict !== true : !TABULAR.has(from))) {
    // A table's header comes first: a first pass finds every column, the extra fields of the
    // widest CSV row, or nested input's flat columns in order of appearance.
    if (from === 'csv') columns = await csvColumns(input, options, stopped);
    else {
      const keys = new Set<string>();
      for await (const batch of read(input, options)) {
        stopped();
        for (const record of batch) addColumns(shape(record), keys);
      }
      columns = [...keys];
    }
    const again = await nonEmpty(await request.open());
    records = new RecordStream(again ? read(again, options) : emptyBatches(), shape, progress, signal);
  } else {
    // The header (or the first record) gives the columns before anything is written.
    const batches = read(input, {
      ...options,
      table: TABULAR.has(to),
      allSheets: request.allSheets === true,
      onColumns: (names) => {
        columns = names;
      },
    });
    records = new RecordStream(batches, shape, progress, signal);
    const first = await records.peek();
    if (first !== undefined && columns.length === 0) {
      const keys = new Set<string>();
      addColumns(first, keys);
      columns = [...keys];
    }
  }
  yield* writerFor(to)(
    records,
    selector && TABULAR.has(to) ? selector.columns(columns) : columns,
    writerOptions,
  );
}

async function* emptyBatches(): AsyncIterable<OutputRecord[]> {}
