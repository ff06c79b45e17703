import type { Format } from './formats.ts';

const EXTENSIONS: Record<string, Format> = {
  csv: 'csv',
  tsv: 'csv',
  tab: 'csv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  jsonlines: 'jsonl',
  xlsx: 'excel',
  xlsm: 'excel',
  xml: 'xml',
};

const CONTENT_TYPES: Record<string, Format> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/tab-separated-values': 'csv',
  'application/json': 'json',
  'text/json': 'json',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'application/jsonlines': 'jsonl',
  'application/x-ndjson': 'jsonl',
  'application/ndjson': 'jsonl',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'excel',
  'application/vnd.ms-excel.sheet.macroenabled.12': 'excel',
  'application/xml': 'xml',
  'text/xml': 'xml',
};

/** The format a file name (or a URL's path) says, from its extension; undefined when it says none. */
export function formatFromName(name: string | undefined): Format | undefined {
  if (!name) return undefined;
  const path = URL.parse(name)?.pathname ?? name;
  const extension = /\.([A-Za-z0-9]+)$/.exec(decodeURIComponent(path))?.[1]?.toLowerCase();
  return extension ? EXTENSIONS[extension] : undefined;
}

/** The format a Content-Type names; generic types (octet-stream, text/plain) name none. */
export function formatFromContentType(contentType: string | undefined): Format | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return undefined;
  return CONTENT_TYPES[type] ?? (type.endsWith('+xml') ? 'xml' : type.endsWith('+json') ? 'json' : undefined);
}

/**
 * The format the first bytes look like: a zip (xlsx), `<` (xml), `[` (json), `{` (JSON Lines when
 * a second line starts another object, else json); anything else is read as CSV.
 */
export function formatFromBytes(head: Uint8Array): Format {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'excel';
  const text = new TextDecoder('utf-8').decode(head.subarray(0, 64 * 1024)).replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start.startsWith('<')) return 'xml';
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) {
    const lines = start.split('\n').filter((line) => line.trim() !== '');
    const firstLineParses = (() => {
      try {
        JSON.parse(lines[0] ?? '');
        return true;
      } catch {
        return false;
      }
    })();
    return firstLineParses && (lines.length === 1 ? false : lines[1]?.trimStart().startsWith('{'))
      ? 'jsonl'
      : 'json';
  }
  return 'csv';
}

/** `from` as given, else from the name, else the content type, else the first bytes. */
export function inferFormat(hints: {
  name?: string | undefined;
  contentType?: string | undefined;
  head?: Uint8Array | undefined;
}): Format | undefined {
  return (
    formatFromName(hints.name) ??
    formatFromContentType(hints.contentType) ??
    (hints.head && hints.head.length > 0 ? formatFromBytes(hints.head) : undefined)
  );
}
