import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

// One client each per container; endpoints come from the SDK's AWS_ENDPOINT_URL_* variables.
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
// Checksums only where S3 requires them: by default the SDK signs a CRC32 of the empty body into
// presigned PUT links, and S3 then refuses every upload through them.
export const s3 = new S3Client({
  forcePathStyle: process.env.AWS_ENDPOINT_URL_S3 !== undefined,
  requestChecksumCalculation: 'WHEN_REQUIRED',
});
export const sfn = new SFNClient({});
