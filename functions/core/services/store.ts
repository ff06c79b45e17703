import { s3 } from '../clients/s3.ts';
import { requireEnv } from '../config.ts';
import { S3TaskStore } from '../s3-task-store.ts';

/** The task's store in S3 (`useStore` sets BUCKET_NAME). */
export const taskStore = () => new S3TaskStore(s3, requireEnv('BUCKET_NAME'));
