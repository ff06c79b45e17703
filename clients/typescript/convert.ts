import { openAsBlob } from 'node:fs';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import type { EndpointCalls } from './calls.ts';
import { download } from './download.ts';
import { DfkApiError, DfkTaskError } from './errors.ts';
import type { ConversionOptions, Format } from './types.ts';
import { type WaitForTaskOptions, waitForTask } from './wait.ts';

export interface ConvertFileOptions extends ConversionOptions, WaitForTaskOptions {
  to: Format;
  /** The input's format; by default from the file's extension, else the service infers it from the bytes. */
  from?: Format;
}

const BY_EXTENSION: Record<string, { format: Format; type: string }> = {
  '.csv': { format: 'csv', type: 'text/csv' },
  '.tsv': { format: 'csv', type: 'text/tab-separated-values' },
  '.json': { format: 'json', type: 'application/json' },
  '.jsonl': { format: 'jsonl', type: 'application/jsonl' },
  '.ndjson': { format: 'jsonl', type: 'application/x-ndjson' },
  '.xlsx': { format: 'excel', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  '.xml': { format: 'xml', type: 'application/xml' },
};

/** The format a file name says, if it says one. */
export const formatOfFile = (path: string): Format | undefined =>
  BY_EXTENSION[extname(path).toLowerCase()]?.format;

/**
 * Converts a local file: creates a conversion of an upload, PUTs the file to its presigned link,
 * runs it, waits for it and streams the result. A conversion that fails throws a DfkTaskError.
 */
export async function convertFile(
  calls: Pick<EndpointCalls, 'create' | 'run' | 'info' | 'store'>,
  path: string,
  { to, from, onProgress, waitSeconds, signal, ...options }: ConvertFileOptions,
): Promise<Readable> {
  const known = BY_EXTENSION[extname(path).toLowerCase()];
  const input = from ?? known?.format;
  const created = await calls.create({
    type: 'conversion',
    scheme: {
      source: { upload: true },
      to,
      ...(input && { from: input }),
      ...(Object.keys(options).length > 0 && { options }),
    },
  });
  onProgress?.(created);
  if (!created.upload) throw new Error(`Task ${created.id} was created without an upload link`);
  // A file-backed Blob: streamed from disk, with the Content-Length the presigned PUT needs.
  const file = await openAsBlob(path, { type: known?.type ?? 'application/octet-stream' });
  const put = await fetch(created.upload.url, { method: 'PUT', body: file, signal });
  if (!put.ok) throw DfkApiError.from(put, await put.text());
  await calls.run(created.id, { signal });
  const task = await waitForTask(calls, created.id, { onProgress, waitSeconds, signal });
  if (task.status !== 'completed') throw new DfkTaskError(task);
  return download(calls, task.id);
}
