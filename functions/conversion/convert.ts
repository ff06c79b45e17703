import { csvJsonApplies, csvToJsonText } from './csv-json.ts';
import { MalformedInputError } from './errors.ts';
import type { Format } from './formats.ts';
import { readerFor, TABULAR } from './readers.ts';
import type { OutputRecord } from './records.ts';
import type { ConversionOptions } from './scheme.ts';
import type { ByteSource } from './text.ts';
import { writerFor } from './writers.ts';

export interface ConversionProgress {
  /** Records read so far. */
  records: number;
}

export interface ConvertRequest {
  from: Format;
  to: Format;
  options?: ConversionOptions | undefined;
  /** A fresh stream of the input on each call (a second pass finds the columns of nested input). */
  open: () => ByteSource | Promise<ByteSource>;
  /** Asked every `checkpointEveryMs` while records flow; false stops the conversion (a cancel). */
  checkpoint?: ((progress: ConversionProgress) => Promise<boolean>) | undefined;
  checkpointEveryMs?: number | undefined;
}

export interface Conversion {
  /** The output file, chunk by chunk; reading it drives the whole conversion. */
  output: AsyncIterable<string | Buffer>;
  progress: ConversionProgress;
}

/** The checkpoint said stop: the task is no longer running. */
export class ConversionStopped extends Error {
  override readonly name = 'ConversionStopped';
  constructor() {
    super('The conversion was stopped');
  }
}

/** Most columns a tabular output gets (Excel's limit); more means the input is not a table. */
export const MAX_COLUMNS = 16_384;

const isNested = (value: unknown) => value !== null && typeof value === 'object';

/** The `a_b` column names of a record, as the CSV and Excel writers flatten it. */
function collectKeys(value: unknown, key: string, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectKeys(item, key, into);
    if (value.length === 0 && key !== '') into.add(key);
    return;
  }
  if (isNested(value)) {
    for (const [name, inner] of Object.entries(value as object)) {
      collectKeys(inner, key === '' ? name : `${key}_${name}`, into);
    }
    return;
  }
  if (key !== '') into.add(key);
}

function addColumns(record: OutputRecord, flatten: boolean, into: Set<string>): void {
  if (flatten) collectKeys(record, '', into);
  else for (const key of Object.keys(record)) into.add(key);
  if (into.size > MAX_COLUMNS) {
    throw new MalformedInputError(`The records have more than ${MAX_COLUMNS} distinct columns`);
  }
}

const NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** `inferTypes`: "" → null, "true"/"false" → booleans, plain decimal numbers → numbers; else the text. */
export function inferValue(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value === '') return null;
    if (value === 'true') return true;
    if (value === 'false') return false;
    if (NUMBER.test(value)) {
      const number = Number(value);
      if (Number.isFinite(number)) return number;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(inferValue);
  if (isNested(value)) {
    return Object.fromEntries(
      Object.entries(value as object).map(([key, inner]) => [key, inferValue(inner)]),
    );
  }
  return value;
}

/** One flat record: nested keys joined with `_`, arrays joined with `;`, values as text. */
function flattenOne(record: OutputRecord): OutputRecord {
  const values = new Map<string, unknown[]>();
  const visit = (value: unknown, key: string) => {
    if (Array.isArray(value)) for (const item of value) visit(item, key);
    else if (isNested(value)) {
      for (const [name, inner] of Object.entries(value as object))
        visit(inner, key === '' ? name : `${key}_${name}`);
    } else {
      const list = values.get(key);
      if (list) list.push(value);
      else values.set(key, [value]);
    }
  };
  visit(record, '');
  return Object.fromEntries(
    [...values].map(([key, list]) => [
      key,
      list.length === 1 ? list[0] : list.map((item) => String(item ?? '')).join(';'),
    ]),
  );
}

/** Nested values as JSON text, for a tabular output that is not to flatten them. */
function stringifyNested(record: OutputRecord): OutputRecord {
  const out: OutputRecord = {};
  for (const [key, value] of Object.entries(record))
    out[key] = isNested(value) ? JSON.stringify(value) : value;
  return out;
}

/**
 * Converts a file from one format to another as a stream: reader → (types, flattening) → writer.
 * Memory holds a record at a time and, for nested input to a tabular output, the set of column
 * names, found in a first pass over the input. An empty input gives the output's empty file.
 */
export function convert(request: ConvertRequest): Conversion {
  const progress: ConversionProgress = { records: 0 };
  return { output: run(request, progress), progress };
}

async function* run(request: ConvertRequest, progress: ConversionProgress): AsyncIterable<string | Buffer> {
  const { from, to } = request;
  const options = request.options ?? {};
  const tabularOut = TABULAR.has(to);
  const flatten = options.flatten ?? tabularOut;
  const infer = options.inferTypes === true && from !== 'excel'; // the Excel reader keeps cell types itself
  const shape = (raw: OutputRecord): OutputRecord => {
    const record = infer ? (inferValue(raw) as OutputRecord) : raw;
    if (tabularOut && !flatten) return stringifyNested(record);
    if (!tabularOut && flatten) return flattenOne(record);
    return record;
  };
  const read = readerFor(from);

  const input = await nonEmpty(await request.open());
  if (input === undefined) {
    yield* writerFor(to)([], []);
    return;
  }
  if (from === 'csv' && (to === 'jsonl' || to === 'json') && csvJsonApplies(options)) {
    const everyMs = request.checkpointEveryMs ?? 2000;
    let nextCheck = Date.now() + everyMs;
    yield* csvToJsonText({
      input,
      options,
      json: to === 'json',
      onRecords: (count) => {
        progress.records += count;
      },
      between: async () => {
        if (!request.checkpoint || Date.now() < nextCheck) return;
        if (!(await request.checkpoint(progress))) throw new ConversionStopped();
        nextCheck = Date.now() + everyMs;
      },
    });
    return;
  }

  let columns: string[] = [];
  let records: RecordStream;
  if (TABULAR.has(from) || !tabularOut) {
    // The header (or the first record) gives the columns before anything is written.
    records = new RecordStream(
      read(input, {
        ...options,
        onColumns: (names) => {
          columns = names;
        },
      }),
      shape,
      progress,
      request,
    );
    const first = await records.peek();
    if (first !== undefined && columns.length === 0) {
      const keys = new Set<string>();
      addColumns(first, flatten, keys);
      columns = [...keys];
    }
  } else {
    // Nested input to a table: a first pass collects every column, in order of appearance.
    const keys = new Set<string>();
    for await (const batch of read(input, options)) {
      for (const record of batch) addColumns(shape(record), flatten, keys);
    }
    columns = [...keys];
    const again = await nonEmpty(await request.open());
    records = new RecordStream(again ? read(again, options) : emptyBatches(), shape, progress, request);
  }
  yield* writerFor(to)(records, columns);
}

async function* emptyBatches(): AsyncIterable<OutputRecord[]> {}

/**
 * The reader's batches as single records for the writer, shaped, counted, with the checkpoint
 * asked every `checkpointEveryMs`: one cheap step per record instead of a generator per stage.
 * Whoever stops reading it (the writer, an error) closes the reader, and with it the input.
 */
class RecordStream implements AsyncIterable<OutputRecord>, AsyncIterator<OutputRecord> {
  private readonly batches: AsyncIterator<OutputRecord[]>;
  private readonly shape: (record: OutputRecord) => OutputRecord;
  private readonly progress: ConversionProgress;
  private readonly checkpoint: ConvertRequest['checkpoint'];
  private readonly everyMs: number;
  private nextCheck: number;
  private batch: OutputRecord[] = [];
  private index = 0;
  private peeked: IteratorResult<OutputRecord> | undefined;

  constructor(
    batches: AsyncIterable<OutputRecord[]>,
    shape: (record: OutputRecord) => OutputRecord,
    progress: ConversionProgress,
    request: ConvertRequest,
  ) {
    this.batches = batches[Symbol.asyncIterator]();
    this.shape = shape;
    this.progress = progress;
    this.checkpoint = request.checkpoint;
    this.everyMs = request.checkpointEveryMs ?? 2000;
    this.nextCheck = Date.now() + this.everyMs;
  }

  [Symbol.asyncIterator](): AsyncIterator<OutputRecord> {
    return this;
  }

  /** The first record without consuming it (undefined for none). */
  async peek(): Promise<OutputRecord | undefined> {
    this.peeked ??= await this.pull();
    return this.peeked.done ? undefined : this.peeked.value;
  }

  async next(): Promise<IteratorResult<OutputRecord>> {
    if (this.peeked !== undefined) {
      const peeked = this.peeked;
      this.peeked = undefined;
      return peeked;
    }
    return this.pull();
  }

  async return(): Promise<IteratorResult<OutputRecord>> {
    await this.batches.return?.();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<OutputRecord>> {
    await this.batches.return?.();
    throw error;
  }

  private async pull(): Promise<IteratorResult<OutputRecord>> {
    while (this.index >= this.batch.length) {
      if (this.checkpoint && Date.now() >= this.nextCheck) {
        if (!(await this.checkpoint(this.progress))) {
          await this.batches.return?.();
          throw new ConversionStopped();
        }
        this.nextCheck = Date.now() + this.everyMs;
      }
      const next = await this.batches.next();
      if (next.done) return { done: true, value: undefined };
      this.batch = next.value;
      this.index = 0;
    }
    this.progress.records++;
    return { done: false, value: this.shape(this.batch[this.index++] as OutputRecord) };
  }
}

/** The input, or undefined when it has no bytes at all. */
async function nonEmpty(input: ByteSource): Promise<ByteSource | undefined> {
  const iterator = input[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.length === 0) first = await iterator.next();
  if (first.done) return undefined;
  return resumed(iterator, first.value);
}

/**
 * The rest of an iterator after its first item, closing it however the reader leaves (a stop, an
 * error): an S3 body left open would hold its connection.
 */
async function* resumed<T>(iterator: AsyncIterator<T>, first: T): AsyncIterable<T> {
  try {
    yield first;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  } finally {
    await iterator.return?.();
  }
}
