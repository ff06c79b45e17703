import { Readable } from 'node:stream';
import { ConversionStopped } from '#conversion/convert';
import { inferFormat } from '#conversion/detect';
import type { ConversionScheme, Format } from '#conversion/scheme';
import { type ByteSource, charsetOf } from '#conversion/text';
import { type Download, FetchError } from '#extraction/http-client';
import { TaskFailedError } from '../errors.ts';
import { whileRunning } from '../lifecycle/heartbeat.ts';
import type { TaskStore } from '../ports/store.ts';
import type { TaskRepository } from '../ports/task-repository.ts';
import { exportResults } from '../results/export.ts';
import { storeKeys } from '../store-keys.ts';
import { hasResults, type Task } from '../task.ts';

export interface ConversionInput {
  /** The input format: `from`, or inferred from the name, the content type, the first bytes. */
  from: Format;
  /** A fresh stream of the input on each call. */
  open: () => Promise<ByteSource>;
  /** The charset its Content-Type names (a URL's answer, an upload's PUT), if any. */
  charset?: string | undefined;
}

export interface SourceDeps {
  tasks: TaskRepository;
  store: TaskStore;
  download: Download;
  /** How often a running download records progress and notices a cancel, in seconds. */
  progressSeconds: number;
  /** Largest input fetched from a URL, in bytes. */
  maxSourceBytes: number;
}

const HEAD_BYTES = 64 * 1024;

/** The first bytes of an object, for format inference; the rest is not read. */
async function headOf(open: () => Promise<ByteSource>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const stream = await open();
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= HEAD_BYTES) break; // leaving the loop destroys the stream
  }
  return Buffer.concat(chunks).subarray(0, HEAD_BYTES);
}

/**
 * Where a conversion reads from. A URL is fetched once (guarded and size-limited like any
 * page) into the task's store, so every pass reads the same bytes and a retry refetches nothing
 * it does not need; an upload is already there; an extraction's results are read in `from`
 * (exported in that format first if they never were).
 */
export async function conversionInput(
  deps: SourceDeps,
  task: Task,
  scheme: ConversionScheme,
): Promise<ConversionInput> {
  const { source } = scheme;
  let key: string;
  let name: string | undefined;
  let contentType: string | undefined;
  let from: Format | undefined = scheme.from;
  if (source.url !== undefined) {
    key = storeKeys.download(task.storeID);
    ({ name, contentType } = await fetchInto(deps, task.id, source.url, key));
  } else if (source.upload) {
    key = storeKeys.upload(task.storeID);
    const object = await deps.store.head(key);
    if (!object) throw new TaskFailedError('The upload is missing: it was deleted before the task ran');
    contentType = object.contentType;
  } else {
    const extraction = await deps.tasks.get(source.taskId as string, task.account);
    if (!extraction || !hasResults(extraction)) {
      throw new TaskFailedError('The source task has no results to convert (deleted, or not finished)');
    }
    from ??= extraction.format;
    const result = extraction.results[from] ?? (await exportResults(deps, extraction, from));
    key = result.key;
  }
  const open = async () => (await deps.store.read(key)) as ByteSource;
  from ??= inferFormat({ name, contentType, head: await headOf(open) });
  // An input with no bytes at all has no format to find: any reader gives its empty output.
  return { from: from ?? 'csv', open, charset: charsetOf(contentType) };
}

/**
 * Streams the URL's body into the store; a refused address, a non-2xx answer or a timeout fails
 * the task. A long download checks every few seconds that the task still runs, as the conversion
 * does, and a cancel aborts it (ConversionStopped).
 */
async function fetchInto(
  deps: SourceDeps,
  taskId: string,
  url: string,
  key: string,
): Promise<{ name: string; contentType: string }> {
  const beat = () => deps.tasks.recordProgress(taskId, { requests: 0, failedRequests: 0 });
  return whileRunning(beat, deps.progressSeconds * 1000, async (signal) => {
    try {
      const file = await deps.download(url, { maxBytes: deps.maxSourceBytes, signal });
      if (file.status < 200 || file.status > 299) {
        throw new TaskFailedError(`Fetching the source ${url} answered HTTP ${file.status}`);
      }
      await deps.store.upload(key, Readable.from(file.body), file.contentType || 'application/octet-stream');
      return { name: file.url, contentType: file.contentType };
    } catch (error) {
      if (signal.aborted) throw new ConversionStopped();
      if (error instanceof FetchError) throw new TaskFailedError(error.message, { cause: error });
      throw error;
    }
  });
}
