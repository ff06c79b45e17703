import { MalformedInputError } from './errors.ts';
import { columnLetters } from './xlsx-columns.ts';
import { dateText, durationText, NumberKind } from './xlsx-dates.ts';
import { unescapeXstring } from './xlsx-escapes.ts';
import type { XlsxPackage } from './xlsx-package.ts';
import type { SharedStrings } from './xlsx-shared-strings.ts';
import type { StyleKinds } from './xlsx-styles.ts';
import { parsePart } from './xlsx-xml.ts';

/** A cell's value: text, or with `typed` its own type (number, boolean); null when it has none. */
export type Cell = string | number | boolean | null;
/** A row's cells by column from 0 (sparse: empty cells are holes). */
export type Row = Cell[];

/** Excel's last column, XFD. */
export const MAX_COLUMNS = 16_384;

export interface SheetContext {
  /** The sheet's name, for errors. */
  sheet: string;
  strings: SharedStrings;
  styles: StyleKinds;
  date1904: boolean;
  /** Numbers and booleans as such (`inferTypes`); else every value as text. */
  typed: boolean;
  /** Told the range the sheet declares it uses (`<dimension ref="A1:C9">`), before its first row. */
  onDimension?: (range: SheetRange) => void;
}

/** A sheet's declared used range: its reference and its width in columns. */
export interface SheetRange {
  ref: string;
  width: number;
}

/** Column index from 0 of a cell reference (`AB12` → 27), or -1 when it does not start with letters. */
function columnOf(ref: string): number {
  let column = 0;
  let at = 0;
  for (; at < ref.length; at++) {
    const code = ref.charCodeAt(at) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return at === 0 ? -1 : column - 1;
}

/**
 * The rows of a worksheet part, a batch per chunk of its XML, each cell's value by its type
 * (`t`) and style (`s`). Cells and rows without an `r` follow the one before, as the format allows.
 */
export function sheetRows(pkg: XlsxPackage, part: string, context: SheetContext): AsyncIterable<Row[]> {
  const { strings, styles, date1904, typed, sheet } = context;
  let batch: Row[] = [];
  let row: Row | undefined;
  let rowNumber = 0;
  let nextColumn = 0;
  let column = 0;
  let ref = '';
  let type = 'n';
  let style = 0;
  let value: string | undefined;
  let inline: string | undefined;
  let capture = 0; // 1: <v>, 2: <t> of an inline string
  let inInline = false;
  let phonetic = 0;

  const fail = (reason: string): never => {
    throw new MalformedInputError(`Cell ${ref} of sheet "${sheet}" ${reason}`, { record: rowNumber });
  };

  const cellValue = (): Cell => {
    switch (type) {
      case 'n': {
        if (value === undefined || value === '') return null;
        const number = Number(value);
        if (Number.isNaN(number)) return fail(`holds ${JSON.stringify(value)}, not a number`);
        const kind = styles(style);
        if (kind === NumberKind.Date || kind === NumberKind.Time) {
          const text = dateText(number, date1904, kind === NumberKind.Time);
          if (text !== undefined) return text;
        } else if (kind === NumberKind.Duration) return durationText(number);
        return typed ? number : String(number);
      }
      case 's': {
        if (value === undefined || value === '') return null;
        const text = strings.get(Number(value));
        return text ?? fail(`refers to shared string ${value}, but the workbook has ${strings.count}`);
      }
      case 'str':
        return value === undefined ? null : unescapeXstring(value);
      case 'inlineStr':
        return inline === undefined
          ? value === undefined
            ? null
            : unescapeXstring(value)
          : unescapeXstring(inline);
      case 'b':
        if (value === undefined || value === '') return null;
        if (value === '1' || value === 'true') return typed ? true : 'true';
        if (value === '0' || value === 'false') return typed ? false : 'false';
        return fail(`holds ${JSON.stringify(value)}, not a boolean`);
      case 'e':
      case 'd':
        return value ?? null;
      default:
        return fail(`has an unknown type t="${type}"`);
    }
  };

  return parsePart(
    part,
    pkg.text(part),
    {
      open(name, tag) {
        switch (name) {
          case 'c': {
            const attributes = tag.attributes;
            const r = attributes.r;
            if (r === undefined) {
              column = nextColumn;
              ref = `${columnLetters(column)}${rowNumber}`;
            } else {
              ref = r;
              column = columnOf(r);
              if (column < 0) fail('has a reference that is not one');
            }
            if (column >= MAX_COLUMNS) fail(`is beyond Excel's last column (XFD)`);
            type = attributes.t ?? 'n';
            style = attributes.s === undefined ? 0 : Number(attributes.s);
            value = undefined;
            inline = undefined;
            break;
          }
          case 'v':
            value = '';
            capture = 1;
            break;
          case 'is':
            inInline = true;
            inline = '';
            break;
          case 't':
            if (inInline && phonetic === 0) capture = 2;
            break;
          case 'rPh':
            phonetic++;
            break;
          case 'dimension': {
            const range = tag.attributes.ref ?? '';
            const last = columnOf(range.slice(range.lastIndexOf(':') + 1));
            if (last >= 0) context.onDimension?.({ ref: range, width: last + 1 });
            break;
          }
          case 'row': {
            const r = tag.attributes.r;
            rowNumber = r === undefined ? rowNumber + 1 : Number(r);
            row = [];
            nextColumn = 0;
            break;
          }
        }
      },
      close(name) {
        switch (name) {
          case 'c': {
            const cell = cellValue();
            if (cell !== null && row !== undefined) row[column] = cell;
            nextColumn = column + 1;
            break;
          }
          case 'v':
          case 't':
            capture = 0;
            break;
          case 'is':
            inInline = false;
            break;
          case 'rPh':
            phonetic--;
            break;
          case 'row':
            if (row !== undefined) batch.push(row);
            row = undefined;
            break;
        }
      },
      text(text) {
        if (capture === 1) value += text;
        else if (capture === 2) inline += text;
      },
    },
    () => {
      if (batch.length === 0) return undefined;
      const rows = batch;
      batch = [];
      return rows;
    },
  );
}
