import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { TaskStore } from '../ports/store.ts';
import type { StoredResult } from '../task.ts';

/**
 * Uploads a result file with the MD5 of its bytes, taken as they stream: S3's ETag is the MD5
 * only of single-part uploads, and a client compares runs by it (`md5` in store).
 */
export async function uploadResult(
  store: TaskStore,
  key: string,
  chunks: AsyncIterable<string | Uint8Array>,
  contentType: string,
): Promise<StoredResult> {
  const hash = createHash('md5');
  async function* hashed() {
    for await (const chunk of chunks) {
      hash.update(chunk);
      yield chunk;
    }
  }
  const stored = await store.upload(key, Readable.from(hashed()), contentType);
  return { ...stored, md5: hash.digest('hex') };
}
