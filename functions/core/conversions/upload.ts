import type { TaskStore } from '../ports/store.ts';
import { storeKeys } from '../store-keys.ts';
import type { Task } from '../task.ts';
import { formatTime } from '../time.ts';

export interface UploadLink {
  /** PUT the file here (any Content-Type; it helps infer `from`). */
  url: string;
  expiresAt: string;
}

/** The presigned PUT of a conversion's input, valid for `expiresInSeconds`. */
export async function uploadLink(
  store: TaskStore,
  task: Task,
  expiresInSeconds: number,
): Promise<UploadLink> {
  const url = await store.presignPut(storeKeys.upload(task.storeID), { expiresInSeconds });
  return {
    url,
    expiresAt: formatTime(new Date(Date.now() + expiresInSeconds * 1000).toISOString()) as string,
  };
}
