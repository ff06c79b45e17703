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
