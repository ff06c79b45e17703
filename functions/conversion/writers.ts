import { writeCsv } from './csv-writer.ts';
import { writeExcel } from './excel-writer.ts';
import type { Format } from './formats.ts';
import { writeJson } from './json-writer.ts';
import { writeJsonl } from './jsonl-writer.ts';
import type { RecordWriter } from './records.ts';
import { writeXml } from './xml-writer.ts';

const writers: Record<Format, RecordWriter> = {
  csv: writeCsv,
  json: writeJson,
  jsonl: writeJsonl,
  excel: writeExcel,
  xml: writeXml,
};

/** The writer of a format. */
export function writerFor(format: Format): RecordWriter {
  return writers[format];
}
