import { MalformedInputError } from './errors.ts';
import {
  ExtraColumns,
  generatedColumn,
  type ReadOptions,
  type RecordReader,
  uniqueColumns,
} from './reader.ts';
import type { OutputRecord } from './records.ts';
import { columnLetters } from './xlsx-columns.ts';
import { notXlsx, openPackage } from './xlsx-package.ts';
import { readSharedStrings, type SharedStrings } from './xlsx-shared-strings.ts';
import { type Row, type SheetRange, sheetRows } from './xlsx-sheet.ts';
import { readStyles } from './xlsx-styles.ts';
import { readWorkbook, type SheetEntry } from './xlsx-workbook.ts';

/**
 * One sheet of an xlsx workbook (or, for `allSheets`, every worksheet in tab order): the package's parts are read with saxes from a copy of the input
 * on disk (xlsx-package.ts), the workbook first (sheet names and tab order, the date system), then
 * the styles (which cells are dates), the shared strings (to disk, a bounded part in memory), and
 * the sheet itself streamed. The first non-empty row names the columns (or `header: false`); each
 * later non-empty row is a record. Cells are text unless `inferTypes` keeps their own types.
 */
export const readExcel: RecordReader = async function* (input, options) {
  const pkg = await openPackage(input);
  let strings: SharedStrings | undefined;
  try {
    const workbook = await readWorkbook(pkg);
    const sheets = options.allSheets
      ? worksheetsOf(workbook.sheets)
      : [chosenSheet(workbook.sheets, options.sheet ?? 1)];
    for (const sheet of sheets)
      if (sheet.part === undefined || !pkg.has(sheet.part))
        throw notXlsx(`sheet "${sheet.name}" has no part in the package`);
    const styles = await readStyles(pkg, workbook.styles);
    strings = await readSharedStrings(pkg, workbook.sharedStrings);
    let range: SheetRange | undefined;
    const rowsOf = (sheet: SheetEntry) =>
      sheetRows(pkg, sheet.part as string, {
        sheet: sheet.name,
        strings: strings as SharedStrings,
        styles,
        date1904: workbook.date1904,
        typed: options.inferTypes === true,
        onDimension: (declared) => {
          range ??= declared;
        },
      });
    const rows = concatenated(
      sheets.map((sheet) => () => rowsOf(sheet)),
      options.header !== false,
    );
    yield* records(rows, options, { sheet: (sheets[0] as SheetEntry).name, range: () => range });
  } finally {
    strings?.close();
    await pkg.close();
  }
};

/** Every worksheet, in tab order. */
function worksheetsOf(sheets: readonly SheetEntry[]): SheetEntry[] {
  const worksheets = sheets.filter((sheet) => sheet.kind === 'worksheet');
  if (worksheets.length === 0) throw notXlsx('it has no worksheet');
  return worksheets;
}

/** The sheets' rows one after another; with a header, each later sheet's first row with a value is its copy of it. */
async function* concatenated(sheets: (() => AsyncIterable<Row[]>)[], header: boolean): AsyncIterable<Row[]> {
  for (const [index, rowsOf] of sheets.entries()) {
    let headerLeft = header && index > 0;
    for await (const rows of rowsOf()) {
      if (headerLeft) {
        const at = rows.findIndex((row) => !blank(row));
        if (at === -1) continue;
        rows.splice(0, at + 1);
        headerLeft = false;
      }
      if (rows.length > 0) yield rows;
    }
  }
}

/** `sheet` by position from 1 in tab order, or by name (as Excel does, in any case). */
function chosenSheet(sheets: readonly SheetEntry[], wanted: string | number): SheetEntry {
  const worksheets = sheets.filter((sheet) => sheet.kind === 'worksheet');
  if (worksheets.length === 0) throw notXlsx('it has no worksheet');
  const sheet =
    typeof wanted === 'number'
      ? sheets[wanted - 1]
      : (sheets.find((entry) => entry.name === wanted) ??
        sheets.find((entry) => entry.name.toLowerCase() === wanted.toLowerCase()));
  const named = typeof wanted === 'number' ? `number ${wanted}` : JSON.stringify(wanted);
  if (sheet === undefined) {
    throw new MalformedInputError(
      `The workbook has no sheet ${named} (its sheets: ${sheets.map((entry) => entry.name).join(', ')})`,
      { record: 0 },
    );
  }
  if (sheet.kind !== 'worksheet') {
    throw new MalformedInputError(
      `Sheet ${named} of the workbook ("${sheet.name}") is a ${sheet.kind}, not a worksheet of cells`,
      { record: 0 },
    );
  }
  return sheet;
}

/** Whether a row has no cell with a value. */
function blank(row: Row): boolean {
  for (let index = 0; index < row.length; index++) {
    const cell = row[index];
    if (cell !== undefined && cell !== '') return false;
  }
  return true;
}

/** Header names from the first row: its cells' text, up to its last non-empty one. */
function headerOf(row: Row): string[] {
  let width = row.length;
  while (width > 0 && (row[width - 1] === undefined || row[width - 1] === '')) width--;
  return uniqueColumns(Array.from({ length: width }, (_, index) => String(row[index] ?? '')));
}

interface SheetOf {
  sheet: string;
  /** The used range the sheet declares, known once its rows begin. */
  range: () => SheetRange | undefined;
}

/**
 * Rows as records under the header's columns; cells past them go to ExtraColumns' names. For a
 * table output the columns are the header's widened to the sheet's declared range, and a value
 * past that range fails: the table's header is written before its rows, so it cannot be dropped.
 */
async function* records(
  batches: AsyncIterable<Row[]>,
  options: ReadOptions,
  of: SheetOf,
): AsyncIterable<OutputRecord[]> {
  const empty = options.inferTypes ? null : '';
  let columns: string[] | undefined;
  let extras: ExtraColumns | undefined;
  let width = Number.POSITIVE_INFINITY;
  let count = 0;
  for await (const rows of batches) {
    const batch: OutputRecord[] = [];
    for (const row of rows) {
      if (blank(row)) continue;
      if (columns === undefined) {
        const header = options.header !== false;
        columns = header
          ? headerOf(row)
          : Array.from({ length: row.length }, (_, index) => generatedColumn(index));
        extras = new ExtraColumns(columns, header);
        if (options.table) width = Math.max(columns.length, of.range()?.width ?? 0);
        options.onColumns?.(options.table ? extras.upTo(width) : columns);
        if (header) continue;
      }
      count++;
      // A Map keeps the columns' order (an object puts `2024` first) and `__proto__` as a key.
      const record = new Map<string, unknown>();
      for (let index = 0; index < columns.length; index++)
        record.set(columns[index] as string, row[index] ?? empty);
      for (let index = columns.length; index < row.length; index++) {
        const cell = row[index];
        if (cell === undefined) continue;
        if (index >= width) throw pastRange(of, index, count);
        record.set((extras as ExtraColumns).name(index), cell);
      }
      batch.push(record);
    }
    if (batch.length > 0) yield batch;
  }
}

function pastRange(of: SheetOf, index: number, record: number): MalformedInputError {
  const range = of.range();
  const declared = range ? `its declared range ${range.ref}` : 'its header (it declares no range)';
  return new MalformedInputError(
    `Record ${record} of sheet "${of.sheet}" has a value in column ${columnLetters(index)}, past ${declared}: ` +
      'a CSV or Excel output writes its header first, so every column must be known before the rows. ' +
      'Saving the workbook again in Excel or LibreOffice declares the range, or convert to JSON',
    { record },
  );
}
