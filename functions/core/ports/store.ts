import type { Readable } from 'node:stream';
import type { ResultFormat, StoredResult } from '../task.ts';

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

export type { ResultFormat };
