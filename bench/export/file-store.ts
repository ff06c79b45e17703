import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StoredObject, TaskStore } from '#core/ports/store';
import type { StoredResult } from '#core/task';

/**
 * The object store as files under a folder: the export reads parts and uploads its body the way it
 * does with S3, minus the network (the S3 upload adds its part buffers: 4 × 5 MiB by default).
 */
export class FileTaskStore implements TaskStore {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async getJson<T>(key: string): Promise<T | null> {
    return JSON.parse(await readFile(join(this.#dir, key), 'utf8')) as T;
  }

  async list(prefix: string): Promise<string[]> {
    const names = await readdir(join(this.#dir, prefix));
    return names.map((name) => `${prefix}${name}`).sort();
  }

  async read(key: string): Promise<Readable> {
    return createReadStream(join(this.#dir, key));
  }

  async upload(key: string, body: Readable, _contentType: string): Promise<StoredResult> {
    const path = join(this.#dir, key.replaceAll('/', '_'));
    await pipeline(body, createWriteStream(path));
    return { key, size: (await stat(path)).size };
  }

  async head(key: string): Promise<StoredObject | null> {
    const path = join(this.#dir, key.replaceAll('/', '_'));
    return { size: (await stat(path)).size, contentType: undefined };
  }

  putJson(): Promise<void> {
    return unused();
  }
  putText(): Promise<void> {
    return unused();
  }
  presignGet(): Promise<string> {
    return unused();
  }
  presignPut(): Promise<string> {
    return unused();
  }
  deleteAll(): Promise<number> {
    return unused();
  }
}

function unused(): never {
  throw new Error('Not used by the export benchmark');
}
