import type { Readable } from 'node:stream';
import type { ResultFormat, StoredResult } from './task.ts';

/** Where a task's data lives: everything under its unguessable `storeID` prefix. */
export const storeKeys = {
  scheme: (storeID: string) => `${storeID}/scheme.json`,
  frontier: (storeID: string) => `${storeID}/frontier.json`,
  part: (storeID: string, batch: number) => `${storeID}/parts/${String(batch).padStart(6, '0')}.jsonl`,
  partsPrefix: (storeID: string) => `${storeID}/parts/`,
  result: (storeID: string, extension: string) => `${storeID}/results/results.${extension}`,
  /** A conversion's input: what the client PUT through the presigned link. */
  upload: (storeID: string) => `${storeID}/input/upload`,
  /** A conversion's input: the file fetched from its URL. */
  download: (storeID: string) => `${storeID}/input/download`,
};

export interface StoredObject {
  size: number;
  contentType: string | undefined;
}

export interface PresignOptions {
  expiresInSeconds: number;
  downloadName?: string;
  contentType?: string;
}

/** The port to the object store (S3 in every deployment). */
export interface TaskStore {
  putJson(key: string, value: unknown): Promise<void>;
  /** The parsed object, or null when it does not exist. */
  getJson<T>(key: string): Promise<T | null>;
  putText(key: string, body: string): Promise<void>;
  /** Keys under a prefix, in ascending order. */
  list(prefix: string): Promise<string[]>;
  read(key: string): Promise<Readable>;
  /** Streams a body of unknown length into one object (multipart), returning its size. */
  upload(key: string, body: Readable, contentType: string): Promise<StoredResult>;
  presignGet(key: string, options: PresignOptions): Promise<string>;
  /** A link to PUT one object at `key` until it expires. */
  presignPut(key: string, options: { expiresInSeconds: number }): Promise<string>;
  /** Size and type of an object, or null when it does not exist. */
  head(key: string): Promise<StoredObject | null>;
  /** Deletes every object under the prefix; returns how many. */
  deleteAll(prefix: string): Promise<number>;
}

/**
 * A task's scheme as create validated and stored it (exactly as submitted). Not parsed again: its
 * checks (selectors under cheerio, patterns under RE2) are create's, and would put those engines in
 * every function that only reads the scheme.
 */
export async function storedScheme<T>(store: TaskStore, storeID: string): Promise<T> {
  const scheme = await store.getJson<T>(storeKeys.scheme(storeID));
  if (scheme === null) throw new Error(`The task's scheme is missing from its store (${storeID})`);
  return scheme;
}

export type { ResultFormat };
