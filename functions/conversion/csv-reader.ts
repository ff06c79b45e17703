import { CsvParser } from './csv-parser.ts';
import { MalformedInputError } from './errors.ts';
import { generatedColumn, type RecordReader, uniqueColumns } from './reader.ts';
import type { OutputRecord } from './records.ts';
import { decodeText } from './text.ts';

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
 * ragged row an error when `strict`, else padded with "" or its extra fields as columnN.
 */
export class CsvRecords {
  readonly columns: readonly string[];
  private readonly strict: boolean;
  /** Records made so far. */
  count = 0;

  constructor(columns: readonly string[], strict: boolean) {
    this.columns = columns;
    this.strict = strict;
  }

  add(fields: string[], line: number, into: OutputRecord[]): void {
    const { columns } = this;
    const width = columns.length;
    if (fields.length === 1 && fields[0] === '' && width > 1) return;
    this.count++;
    if (this.strict && fields.length !== width) throw raggedRow(line, this.count, fields.length, width);
    const record: OutputRecord = {};
    for (let index = 0; index < width; index++) record[columns[index] as string] = fields[index] ?? '';
    for (let index = width; index < fields.length; index++) record[generatedColumn(index)] = fields[index];
    into.push(record);
  }
}

/** The columns a first row gives: its names, or column1…N without a header. */
export const columnsOf = (fields: string[], header: boolean | undefined) =>
  header === false ? fields.map((_, index) => generatedColumn(index)) : uniqueColumns(fields);

/**
 * CSV records: the first row names the columns (or `header: false` gives column1…N), each row
 * after it is one record of strings. A ragged row fails when `strict`; otherwise missing fields
 * are "" and extra ones go to columnN. A blank line is skipped (unless the file has one column).
 */
export const readCsv: RecordReader = async function* (input, options) {
  const quote = options.quote ?? '"';
  let delimiter = options.delimiter;
  let records: CsvRecords | undefined;
  let rows: OutputRecord[] = [];

  const onRow = (fields: string[], line: number) => {
    if (records === undefined) {
      records = new CsvRecords(columnsOf(fields, options.header), options.strict ?? false);
      options.onColumns?.([...records.columns]);
      if (options.header !== false) return;
    }
    records.add(fields, line, rows);
  };

  let parser: CsvParser | undefined;
  // The delimiter is detected on the whole first line, which may take several chunks.
  let head = '';
  const start = (text: string) => {
    const newline = text.indexOf('\n');
    delimiter ??= detectDelimiter(newline === -1 ? text : text.slice(0, newline), quote);
    parser = new CsvParser({ delimiter, quote }, onRow);
    parser.push(text);
  };
  for await (const text of decodeText(input, options.encoding)) {
    if (parser === undefined) {
      head += text;
      if (head.includes('\n')) start(head);
    } else parser.push(text);
    if (rows.length > 0) {
      yield rows;
      rows = [];
    }
  }
  if (parser === undefined && head !== '') start(head);
  (parser as CsvParser | undefined)?.end();
  if (rows.length > 0) yield rows;
};
