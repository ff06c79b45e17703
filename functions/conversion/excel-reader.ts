import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import WorkbookReader from 'exceljs/lib/stream/xlsx/workbook-reader.js';
import { MalformedInputError } from './errors.ts';
import { generatedColumn, type RecordReader, uniqueColumns } from './reader.ts';
import type { OutputRecord } from './records.ts';

type CellValue = ExcelJS.CellValue;

/** A cell as text, as Excel shows it unformatted: numbers plainly, dates as ISO 8601, formulas by result. */
export function cellText(value: CellValue): string {
  const typed = cellValue(value);
  return typed === null ? '' : String(typed);
}

/** A cell's own type: numbers, booleans and strings as they are, dates as ISO 8601, formulas by result. */
export function cellValue(value: CellValue): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined || result === null) return null;
    if (typeof result === 'object' && result !== null && 'error' in result) return String(result.error);
    return cellValue(result as CellValue);
  }
  if ('error' in value) return String(value.error);
  if ('text' in value) return typeof value.text === 'string' ? value.text : cellText(value.text as CellValue);
  return JSON.stringify(value);
}

/**
 * One sheet of an xlsx workbook, streamed with exceljs's WorkbookReader (shared strings cached,
 * as the format needs; rows never held): the first row names the columns (or `header: false`),
 * each later row is a record. Cells are strings unless `inferTypes` keeps their own types.
 */
export const readExcel: RecordReader = async function* (input, options) {
  const wanted = options.sheet ?? 1;
  const reader = new WorkbookReader(Readable.from(input), {
    sharedStrings: 'cache',
    styles: 'cache', // dates are numbers with a date style; without styles they read as serial numbers
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  } as ExcelJS.stream.xlsx.WorkbookStreamReaderOptions);
  const value = options.inferTypes ? cellValue : cellText;
  const names: string[] = [];
  let found = false;
  let position = 0;
  let count = 0;
  try {
    for await (const sheet of reader) {
      position++;
      const name = (sheet as unknown as { name?: string }).name ?? `Sheet${position}`;
      names.push(name);
      if (found || (typeof wanted === 'number' ? position !== wanted : name !== wanted)) {
        // Read to its end even so: exceljs deletes a sheet it parked in a temp file once the next
        // is asked for, and a stream of it not yet opened then fails outside any await (ENOENT).
        for await (const _row of sheet) void _row;
        continue;
      }
      found = true;
      let columns: string[] | undefined;
      let batch: OutputRecord[] = [];
      for await (const row of sheet) {
        const cells = (row.values as CellValue[]).slice(1);
        if (columns === undefined) {
          columns =
            options.header === false
              ? cells.map((_, index) => generatedColumn(index))
              : uniqueColumns(Array.from(cells, (cell) => cellText(cell)));
          options.onColumns?.(columns);
          if (options.header !== false) continue;
        }
        if (cells.every((cell) => cell === null || cell === undefined || cell === '')) continue;
        count++;
        const record: OutputRecord = {};
        for (let index = 0; index < columns.length; index++) {
          const cell = value(cells[index] ?? null);
          record[columns[index] as string] = cell ?? (options.inferTypes ? null : '');
        }
        for (let index = columns.length; index < cells.length; index++) {
          record[generatedColumn(index)] = value(cells[index] ?? null);
        }
        batch.push(record);
        if (batch.length >= 1000) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }
  } catch (error) {
    if (error instanceof MalformedInputError) throw error;
    const reason = (error as Error).message;
    throw new MalformedInputError(
      count === 0
        ? `The input is not an xlsx (Excel) workbook: ${reason}`
        : `The workbook broke after record ${count}: ${reason}`,
      { record: count + 1 },
      { cause: error },
    );
  }
  if (!found) {
    throw new MalformedInputError(
      names.length === 0
        ? 'The input is not an xlsx (Excel) workbook: it has no worksheet'
        : `The workbook has no sheet ${typeof wanted === 'number' ? `number ${wanted}` : JSON.stringify(wanted)} (its sheets: ${names.join(', ')})`,
      { record: 0 },
    );
  }
};
