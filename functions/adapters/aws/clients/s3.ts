import { S3Client } from '@aws-sdk/client-s3';

// One client per container, in a module of its own (the endpoint from AWS_ENDPOINT_URL_S3).
// Checksums only where S3 requires them: by default the SDK signs a CRC32 of the empty body into
// presigned PUT links, and S3 then refuses every upload through them.
export const s3 = new S3Client({
  forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined,
  requestChecksumCalculation: 'WHEN_REQUIRED',
});
