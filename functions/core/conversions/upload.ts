import { settings } from '../config.ts';
import { storeKeys, type TaskStore } from '../store.ts';
import type { Task } from '../task.ts';
import { formatTime } from '../time.ts';

export interface UploadLink {
  /** PUT the file here (any Content-Type; it helps infer `from`). */
  url: string;
  expiresAt: string;
}

/** The presigned PUT of a conversion's input, valid for the link lifetime (1 hour by default). */
export async function uploadLink(store: TaskStore, task: Task): Promise<UploadLink> {
  const expiresInSeconds = settings.linkTtlSeconds;
  const url = await store.presignPut(storeKeys.upload(task.storeID), { expiresInSeconds });
  return {
    url,
    expiresAt: formatTime(new Date(Date.now() + expiresInSeconds * 1000).toISOString()) as string,
  };
}
