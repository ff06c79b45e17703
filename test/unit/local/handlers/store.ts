// Writes the body to the bucket and answers with a presigned GET link to it.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

const s3 = new S3Client({ forcePathStyle: true });

export const handler = async (event: APIGatewayProxyEventV2) => {
  const params = { Bucket: process.env.BUCKET_NAME, Key: `fixture/${event.pathParameters?.key}` };
  await s3.send(new PutObjectCommand({ ...params, Body: event.body ?? '', ContentType: 'text/plain' }));
  const url = await getSignedUrl(s3, new GetObjectCommand(params), { expiresIn: 60 });
  return { statusCode: 200, body: JSON.stringify({ url }) };
};
