import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { TaskView } from '#core/task';
import type { ApiClient } from './runtime.ts';

/** Polls the task until `done` says so; fails with the last state after `timeoutMs`. */
export async function pollTask(
  api: ApiClient,
  id: string,
  done: (task: TaskView) => boolean,
  timeoutMs = 30_000,
): Promise<TaskView> {
  const deadline = Date.now() + timeoutMs;
  let task: TaskView | undefined;
  while (Date.now() < deadline) {
    const response = await api<TaskView>('GET', `/tasks/${id}`);
    if (response.status !== 200) throw new Error(`info answered ${response.status}: ${response.text}`);
    task = response.body;
    if (done(task)) return task;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Task ${id} did not get there in ${timeoutMs} ms: ${JSON.stringify(task)}`);
}

export const isFinished = (task: TaskView) => ['completed', 'error', 'cancelled'].includes(task.status);

/** Downloads the file behind a presigned link. */
export async function download(
  url: string,
): Promise<{ status: number; text: string; bytes: Buffer; type: string | null }> {
  const response = await fetch(url);
  const bytes = Buffer.from(await response.arrayBuffer());
  // As response.text() decodes: UTF-8, a BOM dropped.
  const text = new TextDecoder().decode(bytes);
  return { status: response.status, text, bytes, type: response.headers.get('content-type') };
}

/** The keys of the objects under a prefix of the local stack's bucket. */
export async function storedKeys(
  runtime: { endpoints: { s3: string }; bucketName: string },
  prefix: string,
): Promise<string[]> {
  return (await storedObjects(runtime, prefix)).map((object) => object.key);
}

/** The objects under a prefix of the local stack's bucket, with when each was written (s3rver takes its own dummy key). */
export async function storedObjects(
  runtime: { endpoints: { s3: string }; bucketName: string },
  prefix: string,
): Promise<{ key: string; lastModified: string | undefined }[]> {
  const s3 = new S3Client({
    endpoint: runtime.endpoints.s3,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    const { Contents = [] } = await s3.send(
      new ListObjectsV2Command({ Bucket: runtime.bucketName, Prefix: prefix }),
    );
    return Contents.map((object) => ({
      key: object.Key ?? '',
      lastModified: object.LastModified?.toISOString(),
    }));
  } finally {
    s3.destroy();
  }
}
