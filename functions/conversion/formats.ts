/**
 * The formats of the contract (an extraction's results, a conversion's input and output) and the
 * file each is stored as. Nothing else here: handlers that only name formats import no engine.
 */
export const formats = ['csv', 'json', 'jsonl', 'excel', 'xml'] as const;
export type Format = (typeof formats)[number];

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

/** The formats `writerFor` has a writer for (`writers.ts`); known here so a check needs no writer. */
export const writableFormats: ReadonlySet<Format> = new Set(formats);

export function assertWritableFormat(format: Format): void {
  if (!writableFormats.has(format)) throw new FormatNotAvailableError(format);
}
