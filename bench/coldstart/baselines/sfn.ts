// Cold-start baseline (c): baseline (b) with the Step Functions client too (the functions' own
// client modules). The handler makes the same trivial call; StartExecution is bundled as the
// functions bundle it, through an export, not called.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { StartExecutionCommand, type StartExecutionCommandInput } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { dynamo } from '#adapters/aws/clients/dynamodb';
import { s3 } from '#adapters/aws/clients/s3';
import { sfn } from '#adapters/aws/clients/sfn';

export const startExecution = (input: StartExecutionCommandInput) =>
  sfn.send(new StartExecutionCommand(input));

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
