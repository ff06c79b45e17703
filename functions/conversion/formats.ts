import type { Format } from '#extraction/scheme';
import { writeCsv } from './csv-writer.ts';
import { writeExcel } from './excel-writer.ts';
import { writeJson } from './json-writer.ts';
import { writeJsonl } from './jsonl-writer.ts';
import type { RecordWriter } from './records.ts';
import { writeXml } from './xml-writer.ts';

export interface FormatInfo {
  contentType: string;
  extension: string;
}

export const formatInfo: Record<Format, FormatInfo> = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  jsonl: { contentType: 'application/jsonl; charset=utf-8', extension: 'jsonl' },
  excel: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
  xml: { contentType: 'application/xml; charset=utf-8', extension: 'xml' },
};

/** A format the contract names but this build cannot write (none now; kept for callers that check). */
export class FormatNotAvailableError extends Error {
  override readonly name = 'FormatNotAvailableError';
  readonly format: Format;
  constructor(format: Format) {
    super(`The ${format} format is not available yet`);
    this.format = format;
  }
}

const writers: Partial<Record<Format, RecordWriter>> = {
  csv: writeCsv,
  json: writeJson,
  jsonl: writeJsonl,
  excel: writeExcel,
  xml: writeXml,
};

export function writerFor(format: Format): RecordWriter {
  const writer = writers[format];
  if (writer === undefined) throw new FormatNotAvailableError(format);
  return writer;
}
