import { PassThrough } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import WorkbookWriter from 'exceljs/lib/stream/xlsx/workbook-writer.js';
import { flatRow } from './flatten.ts';
import type { RecordSource, RecordWriter } from './records.ts';
import { xmlSafe } from './xml-text.ts';

/** Excel refuses longer cells. */
export const maxCellChars = 32_767;
const sheetName = 'Sheet1';
const rowsBetweenChecks = 100;
/** Rows handed to the zip but not yet compressed, in bytes, before the writer waits. */
const maxBacklogBytes = 256 * 1024;

/**
 * xlsx with a header row from the columns, rows flattened like CSV, every cell a string. Written
 * with exceljs's streaming writer (no shared strings, no styles), each row committed as it comes.
 */
export const writeExcel: RecordWriter = (records, columns) => excelParts(records, columns);

async function* excelParts(records: RecordSource, columns: readonly string[]): AsyncIterable<Buffer> {
  const output = new PassThrough();
  const workbook = new WorkbookWriter({
    stream: output,
    useSharedStrings: false,
    useStyles: false,
  });
  let finished = false;
  try {
    const sheet = workbook.addWorksheet(sheetName);
    sheet.addRow(columns.map(cellText)).commit();
    let rows = 0;
    for await (const record of records) {
      const flat = flatRow(record, columns);
      sheet.addRow(columns.map((column) => cellText(flat[column] ?? ''))).commit();
      if (++rows % rowsBetweenChecks === 0) yield* caughtUp(sheet, output);
    }
    sheet.commit();
    const committing = workbook.commit().catch((error: unknown) => {
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    for await (const chunk of output) yield chunk as Buffer;
    await committing;
    finished = true;
  } finally {
    // Stopped early (the reader left, or the records failed): drop the half-written zip.
    if (!finished) {
      (workbook as unknown as { zip?: { abort(): void } }).zip?.abort();
      output.destroy();
    }
  }
}

/**
 * A cell's text as Excel will show it: characters XML cannot carry dropped (and DEL, which exceljs
 * drops), line breaks as LF (a parser reads a raw CR as LF), at most Excel's 32,767 characters.
 */
export function cellText(value: string): string {
  const text = xmlSafe(value).replace(/\r\n?/gu, '\n').replaceAll('\u007F', '');
  return text.length > maxCellChars ? text.slice(0, maxCellChars) : text;
}

/**
 * Hands on what the zip has written, and waits while too many rows wait for compression: exceljs
 * writes rows into the zip without heeding backpressure, so without this pause a slow reader would
 * let every row pile up in memory.
 */
async function* caughtUp(sheet: unknown, output: PassThrough): AsyncIterable<Buffer> {
  for (;;) {
    for (let chunk = output.read() as Buffer | null; chunk !== null; chunk = output.read() as Buffer | null)
      yield chunk;
    if (backlog(sheet) <= maxBacklogBytes) return;
    // The zip compresses on later turns of the event loop (zlib's thread pool), not in microtasks.
    await nextTurn();
  }
}

interface PipedStream {
  writableLength?: number;
  _writableState?: { length?: number };
}

/**
 * Bytes of rows between exceljs's sheet stream and the compressor: what waits in the streams it pipes
 * into (archiver's readable-stream 3 PassThrough, which has no `writableLength`).
 */
function backlog(sheet: unknown): number {
  const pipes = (sheet as { stream?: { pipes?: PipedStream[] } }).stream?.pipes ?? [];
  return pipes.reduce((total, pipe) => total + (pipe.writableLength ?? pipe._writableState?.length ?? 0), 0);
}
