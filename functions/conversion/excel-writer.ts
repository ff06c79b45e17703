import { Readable } from 'node:stream';
import yazl from 'yazl';
import { EXPORT_DEFAULTS } from './export-options.ts';
import { flatRow } from './flatten.ts';
import { chunked, type RecordSource, type RecordWriter } from './records.ts';
import { xlsxParts } from './xlsx-parts.ts';
import { xmlSafe } from './xml-text.ts';

/** Excel refuses longer cells. */
export const maxCellChars = 32_767;

/**
 * xlsx with one sheet, `Sheet1`: a header row from the columns, then the records flattened like
 * CSV (arrays joined with `arrayJoin`), every cell text as an inline string. The sheet's XML is made
 * here (a row is one template) and zipped by yazl as it is pulled, so the zip's own backpressure
 * paces the records.
 */
export const writeExcel: RecordWriter = (records, columns, options = {}) =>
  excelParts(records, columns, options.arrayJoin ?? EXPORT_DEFAULTS.arrayJoin);

async function* excelParts(
  records: RecordSource,
  columns: readonly string[],
  separator: string,
): AsyncIterable<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(xlsxParts)) zip.addBuffer(Buffer.from(text), name);
  const sheet = Readable.from(sheetXml(records, columns, separator), { objectMode: false });
  // Deflate level 1: a fifth less CPU than the default 6 for a file a fifth larger, still smaller than exceljs's.
  zip.addReadStream(sheet, 'xl/worksheets/sheet1.xml', { compressionLevel: 1 });
  zip.end();
  const output = zip.outputStream as Readable; // a PassThrough, typed as the bare interface
  // yazl pipes the sheet into its compressor, and a pipe does not pass a failure on.
  sheet.on('error', (error) => output.destroy(error));
  zip.on('error', (error: Error) => output.destroy(error));
  let finished = false;
  try {
    for await (const chunk of output) yield chunk as Buffer;
    finished = true;
  } finally {
    // Stopped early (the reader left, or the records failed): no half-written zip is handed on.
    if (!finished) {
      sheet.destroy();
      output.destroy();
    }
  }
}

const SHEET_START =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_END = '</sheetData></worksheet>';

async function* sheetXml(
  records: RecordSource,
  columns: readonly string[],
  separator: string,
): AsyncIterable<Buffer> {
  const letters = columns.map((_, index) => columnLetters(index));
  async function* parts(): AsyncIterable<string> {
    yield SHEET_START;
    yield rowXml(1, letters, columns);
    let number = 1;
    for await (const record of records) {
      const flat = flatRow(record, columns, separator);
      number++;
      yield rowXml(
        number,
        letters,
        columns.map((column) => flat[column] ?? ''),
      );
    }
    yield SHEET_END;
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

/** `A`, `B`… `Z`, `AA`: a column's letters from its index from 0. */
function columnLetters(index: number): string {
  let name = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26))
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}

/**
 * A cell's text as Excel will show it: characters XML cannot carry dropped, line breaks as LF (a
 * parser reads a raw CR as LF), at most Excel's 32,767 characters.
 */
export function cellText(value: string): string {
  const text = xmlSafe(value).replace(/\r\n?/gu, '\n');
  return text.length > maxCellChars ? text.slice(0, maxCellChars) : text;
}
