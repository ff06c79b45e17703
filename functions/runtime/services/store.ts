import { s3 } from '#adapters/aws/clients/s3';
import { S3TaskStore } from '#adapters/aws/s3-task-store';
import { requireEnv } from '../config.ts';

/** The task's store in S3 (`useStore` sets BUCKET_NAME). */
export const taskStore = () => new S3TaskStore(s3, requireEnv('BUCKET_NAME'));
