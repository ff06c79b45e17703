import type { UploadLink } from '#contract/upload-link';
import type { TaskStore } from '../ports/store.ts';
import { storeKeys } from '../store-keys.ts';
import type { Task } from '../task.ts';
import { formatTime } from '../time.ts';

export type { UploadLink } from '#contract/upload-link';

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
