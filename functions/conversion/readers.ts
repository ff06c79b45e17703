import { readCsv } from './csv-reader.ts';
import { readExcel } from './excel-reader.ts';
import type { Format } from './formats.ts';
import { readJson } from './json-reader.ts';
import { readJsonl } from './jsonl-reader.ts';
import type { RecordReader } from './reader.ts';
import { readXml } from './xml-reader.ts';

const readers: Record<Format, RecordReader> = {
  csv: readCsv,
  json: readJson,
  jsonl: readJsonl,
  excel: readExcel,
  xml: readXml,
};

export function readerFor(format: Format): RecordReader {
  return readers[format];
}

/** Formats whose records are rows under a header: their columns are known before the first record. */
export const TABULAR: ReadonlySet<Format> = new Set(['csv', 'excel']);
