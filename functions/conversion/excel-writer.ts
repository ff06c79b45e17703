import { Readable } from 'node:stream';
import yazl from 'yazl';
import { EXPORT_DEFAULTS } from './export-options.ts';
import { flatRow } from './flatten.ts';
import { chunked, type OutputRecord, type RecordSource, type RecordWriter } from './records.ts';
import { columnLetters } from './xlsx-columns.ts';
import { sheetPart, xlsxParts } from './xlsx-parts.ts';
import { xmlSafe } from './xml-text.ts';

/** Excel refuses longer cells. */
export const maxCellChars = 32_767;

/** Excel's last row: a sheet holds the header and 1,048,575 records; later ones go on to the next. */
export const MAX_SHEET_ROWS = 1_048_576;

/**
 * xlsx of sheets `Sheet1`, `Sheet2`…: each a header row from the columns, then at most
 * `rowsPerSheet - 1` records flattened like CSV (arrays joined with `arrayJoin`), every cell text
 * as an inline string. The sheets' XML is made here (a row is one template) and zipped by yazl as
 * it is pulled, so the zip's own backpressure paces the records; the workbook's parts, which list
 * the sheets, are zipped last.
 */
export const excelWriter =
  (rowsPerSheet = MAX_SHEET_ROWS): RecordWriter =>
  (records, columns, options = {}) =>
    excelParts(records, columns, rowsPerSheet, options.arrayJoin ?? EXPORT_DEFAULTS.arrayJoin);

export const writeExcel: RecordWriter = excelWriter();

async function* excelParts(
  records: RecordSource,
  columns: readonly string[],
  rowsPerSheet: number,
  separator: string,
): AsyncIterable<Buffer> {
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable; // a PassThrough, typed as the bare interface
  const sheets: Readable[] = [];
  const source = new SheetRows(records, rowsPerSheet - 1);
  const addSheet = () => {
    const sheet = Readable.from(sheetXml(source, columns, separator, next), { objectMode: false });
    // yazl pipes the sheet into its compressor, and a pipe does not pass a failure on.
    sheet.on('error', (error) => output.destroy(error));
    sheets.push(sheet);
    // Deflate level 1: a fifth less CPU than the default 6 for a file a fifth larger, still smaller than exceljs's.
    zip.addReadStream(sheet, sheetPart(sheets.length), { compressionLevel: 1 });
  };
  // Called by a sheet at its end: another sheet for the records left, or the workbook's parts.
  function next(more: boolean) {
    if (more) return addSheet();
    for (const [name, text] of Object.entries(xlsxParts(sheets.length)))
      zip.addBuffer(Buffer.from(text), name);
    zip.end();
  }
  addSheet();
  zip.on('error', (error: Error) => output.destroy(error));
  let finished = false;
  try {
    for await (const chunk of output) yield chunk as Buffer;
    finished = true;
  } finally {
    // Stopped early (the reader left, or the records failed): no half-written zip is handed on.
    if (!finished) {
      for (const sheet of sheets) sheet.destroy();
      output.destroy();
    }
  }
}

/** The records with one looked ahead, so a full sheet knows whether another must follow it. */
class SheetRows {
  private readonly source: AsyncIterator<OutputRecord> | Iterator<OutputRecord>;
  private ahead: IteratorResult<OutputRecord> | undefined;
  readonly perSheet: number;

  constructor(records: RecordSource, perSheet: number) {
    this.source =
      Symbol.asyncIterator in records ? records[Symbol.asyncIterator]() : records[Symbol.iterator]();
    this.perSheet = perSheet;
  }

  next(): IteratorResult<OutputRecord> | Promise<IteratorResult<OutputRecord>> {
    const ahead = this.ahead;
    if (ahead === undefined) return this.source.next();
    this.ahead = undefined;
    return ahead;
  }

  async more(): Promise<boolean> {
    this.ahead ??= await this.source.next();
    return this.ahead.done !== true;
  }
}

const SHEET_START =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_END = '</sheetData></worksheet>';

async function* sheetXml(
  source: SheetRows,
  columns: readonly string[],
  separator: string,
  next: (more: boolean) => void,
): AsyncIterable<Buffer> {
  const letters = columns.map((_, index) => columnLetters(index));
  async function* parts(): AsyncIterable<string> {
    yield SHEET_START;
    yield rowXml(1, letters, columns);
    let number = 1;
    for (let count = 0; count < source.perSheet; count++) {
      const result = await source.next();
      if (result.done) break;
      const flat = flatRow(result.value, columns, separator);
      number++;
      yield rowXml(
        number,
        letters,
        columns.map((column) => flat[column] ?? ''),
      );
    }
    yield SHEET_END;
    next(await source.more());
  }
  for await (const chunk of chunked(parts())) yield Buffer.from(chunk);
}

/** A row of inline strings; an empty cell is left out, as Excel leaves out a blank one. */
function rowXml(number: number, letters: readonly string[], cells: readonly string[]): string {
  let xml = `<row r="${number}">`;
  for (let index = 0; index < cells.length; index++) {
    const text = cellText(cells[index] ?? '');
    if (text === '') continue;
    xml += `<c r="${letters[index]}${number}" t="inlineStr"><is>${textElement(text)}</is></c>`;
  }
  return `${xml}</row>`;
}

/**
 * `<t>` with the text escaped: markup, and an `_` that would read as an `_xHHHH_` escape (written
 * `_x005F_`, as Excel does); `xml:space="preserve"` when it starts or ends with white space, which
 * Excel and LibreOffice would otherwise drop.
 */
function textElement(text: string): string {
  let escaped = /[&<>]/u.test(text)
    ? text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
    : text;
  if (escaped.includes('_x')) escaped = escaped.replace(/_(?=x[0-9A-Fa-f]{4}_)/gu, '_x005F_');
  const padded = isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1));
  return padded ? `<t xml:space="preserve">${escaped}</t>` : `<t>${escaped}</t>`;
}

const isSpace = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a;

/**
 * A cell's text as Excel will show it: characters XML cannot carry dropped, line breaks as LF (a
 * parser reads a raw CR as LF), at most Excel's 32,767 characters.
 */
export function cellText(value: string): string {
  const text = xmlSafe(value).replace(/\r\n?/gu, '\n');
  return text.length > maxCellChars ? text.slice(0, maxCellChars) : text;
}
