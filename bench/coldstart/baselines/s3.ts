// Cold-start baseline (b): the DynamoDB document client, the S3 client and the presigner (the
// functions' own client modules), doing one trivial call and signing one link.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { dynamo } from '#adapters/aws/clients/dynamodb';
import { s3 } from '#adapters/aws/clients/s3';

export const handler = async () => {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: 'baseline', sk: 'baseline' } }),
  );
  const url = await getSignedUrl(
    s3,
    new GetObjectCommand({ Bucket: process.env.BUCKET_NAME, Key: 'baseline' }),
    {
      expiresIn: 60,
    },
  );
  return { statusCode: 200, body: JSON.stringify({ found: Item !== undefined, url }) };
};
