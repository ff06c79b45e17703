import { CsvParser, lineBreakOf, type RowHandler } from './csv-parser.ts';
import { MalformedInputError } from './errors.ts';
import { ExtraColumns, generatedColumn, type RecordReader, uniqueColumns } from './reader.ts';
import type { OutputRecord } from './records.ts';
import type { ConversionOptions } from './scheme.ts';
import { type ByteSource, decodeText } from './text.ts';

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter a header line uses most, outside quotes; `,` when it has none. */
export function detectDelimiter(firstLine: string, quote = '"'): string {
  let best = ',';
  let bestCount = 0;
  const unquoted = firstLine
    .split(quote)
    .filter((_, index) => index % 2 === 0)
    .join('');
  for (const candidate of CANDIDATE_DELIMITERS) {
    const count = unquoted.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Every row of a CSV input to `onRow`, yielding after each input chunk (so the caller can hand on
 * what the rows made). The first line decides what the options leave open: the delimiter, and
 * the line break (LF, CR LF or CR alone).
 */
export async function* csvRows(
  input: ByteSource,
  options: ConversionOptions,
  onRow: RowHandler,
): AsyncIterable<void> {
  const quote = options.quote ?? '"';
  let parser: CsvParser | undefined;
  // The first line may take several chunks.
  let head = '';
  const start = (final: boolean) => {
    const lineBreak = lineBreakOf(head, final);
    if (lineBreak === undefined) return;
    const end = head.indexOf(lineBreak);
    const firstLine = (end === -1 ? head : head.slice(0, end)).replace(/\r$/, '');
    const delimiter = options.delimiter ?? detectDelimiter(firstLine, quote);
    parser = new CsvParser({ delimiter, quote, lineBreak }, onRow);
    parser.push(head);
    head = '';
  };
  for await (const text of decodeText(input, options.encoding)) {
    if (parser === undefined) {
      head += text;
      start(false);
    } else parser.push(text);
    yield;
  }
  if (parser === undefined && head !== '') start(true);
  (parser as CsvParser | undefined)?.end();
  yield;
}

/** The strict-mode error of a ragged row. */
export const raggedRow = (line: number, record: number, found: number, width: number) =>
  new MalformedInputError(
    `Line ${line} (record ${record}) has ${found} fields where the header has ${width}`,
    {
      line,
      record,
    },
  );

/**
 * Rows as records under the columns: a blank line skipped (unless there is one column), a
 * ragged row an error when `strict`, else padded with "" or its extra fields under ExtraColumns' names.
 */
export class CsvRecords {
  readonly columns: readonly string[];
  private readonly strict: boolean;
  private readonly extras: ExtraColumns;
  /** Records made so far. */
  count = 0;

  constructor(columns: readonly string[], options: ConversionOptions) {
    this.columns = columns;
    this.strict = options.strict ?? false;
    this.extras = new ExtraColumns(columns, options.header !== false);
  }

  /** The header's columns and the extra ones of a row `width` fields wide. */
  columnsUpTo(width: number): string[] {
    return this.extras.upTo(width);
  }

  add(fields: string[], line: number, into: OutputRecord[]): void {
    const { columns } = this;
    const width = columns.length;
    if (fields.length === 1 && fields[0] === '' && width > 1) return;
    this.count++;
    if (this.strict && fields.length !== width) throw raggedRow(line, this.count, fields.length, width);
    const record = new Map<string, string>();
    for (let index = 0; index < width; index++) record.set(columns[index] as string, fields[index] ?? '');
    for (let index = width; index < fields.length; index++)
      record.set(this.extras.name(index), fields[index] as string);
    into.push(record);
  }
}

/** The columns a first row gives: its names, or column1…N without a header. */
export const columnsOf = (fields: string[], header: boolean | undefined) =>
  header === false ? fields.map((_, index) => generatedColumn(index)) : uniqueColumns(fields);

/**
 * CSV records: the first row names the columns (or `header: false` gives column1…N), each row
 * after it is one record of strings. A ragged row fails when `strict`; otherwise missing fields
 * are "" and extra ones go to `_extra1`… A blank line is skipped (unless the file has one column).
 */
export const readCsv: RecordReader = async function* (input, options) {
  let records: CsvRecords | undefined;
  let rows: OutputRecord[] = [];
  const onRow = (fields: string[], line: number) => {
    if (records === undefined) {
      records = new CsvRecords(columnsOf(fields, options.header), options);
      options.onColumns?.([...records.columns]);
      if (options.header !== false) return;
    }
    records.add(fields, line, rows);
  };
  for await (const _ of csvRows(input, options, onRow)) {
    if (rows.length > 0) {
      yield rows;
      rows = [];
    }
  }
};

/**
 * Every column of a CSV input for a table: the header's, then the extra fields' of its widest
 * row (a first pass: a table's header is written before any row). `between` runs between chunks.
 */
export async function csvColumns(
  input: ByteSource,
  options: ConversionOptions,
  between: () => void,
): Promise<string[]> {
  let records: CsvRecords | undefined;
  let widest = 0;
  const onRow = (fields: string[]) => {
    if (records === undefined) records = new CsvRecords(columnsOf(fields, options.header), options);
    widest = Math.max(widest, fields.length);
  };
  for await (const _ of csvRows(input, options, onRow)) between();
  if (records === undefined) return [];
  return records.columnsUpTo(widest);
}
